import { describe, expect, it } from "vitest";
import { colorIndexOf, initialsOf } from "./initials";

describe("initialsOf", () => {
  it("takes the first letters of the first and last words", () => {
    expect(initialsOf("Adele Vance")).toBe("AV");
    expect(initialsOf("Anne-Marie de la Fontaine")).toBe("AF");
    expect(initialsOf("megan")).toBe("M");
  });

  it("leaves out bracketed labels, and keeps accented and non-Latin letters", () => {
    expect(initialsOf("Lee Gu (Contractor)")).toBe("LG");
    expect(initialsOf("[EXT] Ren Fu")).toBe("RF");
    expect(initialsOf("élodie Ørsted")).toBe("ÉØ");
    expect(initialsOf("山田 太郎")).toBe("山太");
  });

  it("reads a UPN shown in place of a name as words", () => {
    expect(initialsOf("adele.vance@contoso.com")).toBe("AC");
    expect(initialsOf("o'brien_k@contoso.com")).toBe("OC");
  });

  it("gives nothing for a name without letters or digits", () => {
    expect(initialsOf("")).toBe("");
    expect(initialsOf(" -- ")).toBe("");
  });
});

describe("colorIndexOf", () => {
  const team = [
    "Adele Vance",
    "Alex Wilber",
    "Diego Siciliani",
    "Grady Archie",
    "Henrietta Mueller",
    "Isaiah Langer",
    "Johanna Lorenz",
    "Joni Sherman",
    "Lee Gu",
    "Lidia Holloway",
    "Lynne Robbins",
    "Megan Bowen",
    "Miriam Graham",
    "Nestor Wilke",
    "Patti Fernandez",
    "Pradeep Gupta",
  ];

  it("gives a person the same colour in every session (a hash of the name, no randomness or state)", () => {
    expect([colorIndexOf("Adele Vance", 8), colorIndexOf("Lee Gu", 8), colorIndexOf("Megan Bowen", 8)]).toEqual([0, 6, 7]);
  });

  it("spreads a team over the palette, so neighbours in a list rarely share a colour", () => {
    expect(new Set(team.map((name) => colorIndexOf(name, 8))).size).toBeGreaterThanOrEqual(5);
  });

  it("stays within the palette for any name", () => {
    for (const name of ["", "a", "Adele Vance", "x".repeat(500), "山田 太郎"]) {
      const index = colorIndexOf(name, 8);
      expect(Number.isInteger(index)).toBe(true);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(8);
    }
  });
});
