import { describe, expect, it } from "vitest";
import { checkUserIdentifier, identifierKey, isUserIdentifier } from "./user-identifier";

function codeOf(value: string): string {
  const check = checkUserIdentifier(value);
  return check.ok ? `ok:${check.kind}` : check.code;
}

describe("checkUserIdentifier", () => {
  it("accepts ordinary UPNs, apostrophes and the characters Entra allows before the @", () => {
    expect(codeOf("adele.vance@contoso.example")).toBe("ok:upn");
    expect(codeOf("conor.o'brien@contoso.example")).toBe("ok:upn");
    expect(codeOf("a_b-c!d^e~f@sub.contoso.example")).toBe("ok:upn");
  });

  it("accepts object IDs in either case", () => {
    expect(codeOf("5c7e0d4a-1b2c-4d3e-8f90-a1b2c3d4e5f6")).toBe("ok:guid");
    expect(codeOf("5C7E0D4A-1B2C-4D3E-8F90-A1B2C3D4E5F6")).toBe("ok:guid");
  });

  it("accepts a guest UPN whose only '#' is the #EXT# marker just before the @", () => {
    expect(codeOf("adele_fabrikam.example#EXT#@contoso.example")).toBe("ok:upn");
  });

  it("refuses '#' anywhere else", () => {
    expect(codeOf("adele#x@contoso.example")).toBe("hash");
    expect(codeOf("adele#EXT#x@contoso.example")).toBe("hash");
    expect(codeOf("#EXT#@contoso.example")).toBe("hash");
    expect(codeOf("a#EXT##EXT#@contoso.example")).toBe("hash");
  });

  it("refuses path traversal, query strings and percent-encoding before any request", () => {
    expect(codeOf("../../me")).toBe("dot-dot");
    expect(codeOf("adele..vance@contoso.example")).toBe("dot-dot");
    expect(codeOf("me/authentication")).toBe("forbidden-character");
    expect(codeOf("adele@contoso.example?$select=id")).toBe("forbidden-character");
    expect(codeOf("adele%2Fme@contoso.example")).toBe("forbidden-character");
    expect(codeOf("adele\\vance@contoso.example")).toBe("forbidden-character");
    expect(codeOf('adele"@contoso.example')).toBe("forbidden-character");
    expect(codeOf("<script>@contoso.example")).toBe("forbidden-character");
  });

  it("refuses blanks inside, control characters and a leading $", () => {
    expect(codeOf("adele vance@contoso.example")).toBe("whitespace");
    expect(codeOf("adele\u00a0vance@contoso.example")).toBe("whitespace");
    expect(codeOf("adele\u200bvance@contoso.example")).toBe("whitespace");
    expect(codeOf("adele\u0007@contoso.example")).toBe("control-character");
    expect(codeOf("adele\u0085@contoso.example")).toBe("control-character");
    expect(codeOf("$adele@contoso.example")).toBe("leading-dollar");
  });

  it("treats formula-looking cells as invalid identifiers", () => {
    expect(codeOf("=cmd|' /C calc'!A0")).toBe("formula");
    expect(codeOf("+1234567")).toBe("formula");
    expect(codeOf("-2+3")).toBe("formula");
    expect(codeOf("@SUM(A1:A2)")).toBe("formula");
  });

  it("refuses a mailto: prefix with a reason that says to remove it", () => {
    const check = checkUserIdentifier("mailto:adele@contoso.example");
    expect(check).toMatchObject({ ok: false, code: "mailto" });
    expect(check.ok ? "" : check.reason).toMatch(/remove it/);
  });

  it("applies Entra's length limits: 113 characters overall, 64 before the @", () => {
    const local64 = "a".repeat(64);
    expect(codeOf(`${local64}@contoso.example`)).toBe("ok:upn");
    expect(codeOf(`${"a".repeat(65)}@contoso.example`)).toBe("local-part-too-long");
    expect(codeOf(`a@${"b".repeat(110)}.example`)).toBe("too-long");
    expect(codeOf("x".repeat(5000))).toBe("too-long");
  });

  it("refuses things that are not name@domain", () => {
    expect(codeOf("Adele Vance")).toBe("whitespace");
    expect(codeOf("adele")).toBe("not-upn-or-guid");
    expect(codeOf("adele@contoso")).toBe("not-upn-or-guid");
    expect(codeOf("adele@@contoso.example")).toBe("not-upn-or-guid");
    expect(codeOf("a@b@contoso.example")).toBe("not-upn-or-guid");
    expect(codeOf(".adele@contoso.example")).toBe("not-upn-or-guid");
    expect(codeOf("adele.@contoso.example")).toBe("not-upn-or-guid");
    expect(codeOf("adèle@contoso.example")).toBe("not-upn-or-guid");
    expect(codeOf("adele@-contoso.example")).toBe("not-upn-or-guid");
    expect(codeOf("adele@contoso.123")).toBe("not-upn-or-guid");
    expect(codeOf("adele+tag@contoso.example")).toBe("not-upn-or-guid");
    expect(codeOf("{5c7e0d4a-1b2c-4d3e-8f90-a1b2c3d4e5f6}")).toBe("not-upn-or-guid");
  });

  it("says 'empty' for an empty cell", () => {
    expect(codeOf("")).toBe("empty");
  });

  it("answers quickly on long hostile input (no regex backtracking)", () => {
    expect(isUserIdentifier("a".repeat(100) + "@" + ".".repeat(10))).toBe(false);
    expect(isUserIdentifier("-".repeat(1_000_000))).toBe(false);
  });
});

describe("identifierKey", () => {
  it("matches identifiers that differ only in case", () => {
    expect(identifierKey("Adele.Vance@Contoso.Example")).toBe(identifierKey("adele.vance@contoso.example"));
  });
});
