import { describe, expect, it } from "vitest";
import { cleanCell, columnRole, detectDelimiter, displaySafe, normalizeHeader, scanPreamble } from "./detect-shape";

describe("columnRole", () => {
  it("recognises user columns by name, ignoring case, spaces, dashes and Entra's [property] brackets", () => {
    for (const h of ["userPrincipalName", "UPN", "UserName", "User name", "user_name", "User name [userPrincipalName] Required"]) {
      expect(columnRole(h)).toBe("upn");
    }
    for (const h of ["email", "Mail", "E-mail", "Email Address"]) expect(columnRole(h)).toBe("mail");
    for (const h of ["id", "objectId", "Object ID", "\uFEFFid"]) expect(columnRole(h)).toBe("id");
    expect(columnRole("Name [displayName] Required")).toBeNull();
    expect(columnRole("Block sign in (Yes/No) [accountEnabled] Required")).toBeNull();
  });

  it("recognises the per-row setting columns", () => {
    expect(columnRole("LifetimeInMinutes")).toBe("lifetimeInMinutes");
    expect(columnRole("is usable once")).toBe("isUsableOnce");
    expect(columnRole("STARTDATETIME")).toBe("startDateTime");
  });

  it("normalises bracketed Entra headers to the property inside", () => {
    expect(normalizeHeader("Initial password [passwordProfile] Required")).toBe("passwordprofile");
  });
});

describe("scanPreamble", () => {
  it("skips Entra's version line even after Excel padded it with delimiters", () => {
    const scan = scanPreamble("version:v1.0,,,\r\nUser name [userPrincipalName] Required,x\r\n");
    expect(scan.preamble).toEqual([{ line: 1, kind: "entra-version", text: "version:v1.0,,," }]);
    expect(scan.line).toBe(2);
  });

  it("takes the delimiter from Excel's sep= line", () => {
    const scan = scanPreamble("sep=;\nUPN;Name\n");
    expect(scan).toMatchObject({ declaredDelimiter: ";", line: 2, offset: 6 });
  });

  it("skips blank lines above the header and stops at the first real line", () => {
    const scan = scanPreamble("\n  \n#TYPE Selected.Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser\nUserPrincipalName\n");
    expect(scan.preamble.map((p) => p.kind)).toEqual(["blank", "blank", "powershell-type"]);
    expect(scan.line).toBe(4);
  });

  it("leaves a file without preamble alone", () => {
    expect(scanPreamble("UserName\na@b.example\n")).toMatchObject({ preamble: [], offset: 0, line: 1 });
  });
});

describe("detectDelimiter", () => {
  it("prefers the delimiter that is consistent across lines, ignoring ones inside quotes", () => {
    expect(detectDelimiter('Name;UPN\n"Vance, Adele";a@b.example\n"Gu, Lee";c@d.example\n', 0)).toBe(";");
    expect(detectDelimiter("a\tb\tc\n1\t2\t3\n", 0)).toBe("\t");
    expect(detectDelimiter('"id","upn"\n"1","a@b.example"\n', 0)).toBe(",");
    expect(detectDelimiter("a|b\n1|2\n", 0)).toBe("|");
  });

  it("returns null for a one-column list", () => {
    expect(detectDelimiter("adele@contoso.example\nlee@contoso.example\n", 0)).toBeNull();
  });
});

describe("cleanCell and displaySafe", () => {
  it("trims and drops BOMs anywhere in a cell", () => {
    expect(cleanCell("  \uFEFFUser\uFEFFName \t")).toBe("UserName");
    expect(cleanCell(undefined)).toBe("");
  });

  it("makes control characters visible and caps the length", () => {
    expect(displaySafe("a\u0000b\u001bc")).toBe("a\uFFFDb\uFFFDc");
    expect(displaySafe("x".repeat(300))).toBe(`${"x".repeat(256)}…`);
  });
});
