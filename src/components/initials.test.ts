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
  it("is stable for a name and stays within range", () => {
    expect(colorIndexOf("Adele Vance", 8)).toBe(colorIndexOf("Adele Vance", 8));
    for (const name of ["", "a", "Adele Vance", "x".repeat(500)]) {
      const index = colorIndexOf(name, 8);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(8);
    }
  });
});
