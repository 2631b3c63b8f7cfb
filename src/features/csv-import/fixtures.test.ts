import { describe, expect, it } from "vitest";
import { importCsv } from "./import-csv";
import type { ImportOutcome, ImportResult, ImportRow } from "./import-types";

interface FixtureFs {
  readFileSync(path: URL): Uint8Array;
  readdirSync(path: URL): string[];
}
// src/ is type-checked without Node's types; this test runs in Node, so fs is loaded by name.
const fs = (await import(/* @vite-ignore */ `node:${"fs"}`)) as FixtureFs;
const FIXTURES = new URL("../../../e2e/fixtures/", import.meta.url);

function load(name: string): ImportOutcome {
  return importCsv(new Uint8Array(fs.readFileSync(new URL(name, FIXTURES))));
}

function result(name: string): ImportResult {
  const outcome = load(name);
  if (!outcome.ok) throw new Error(`${name}: expected rows, got file error ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

const brief = (rows: ImportRow[]) => rows.map((r) => [r.line, r.status, r.reasonCode ?? r.identifier]);

describe("CSV fixtures of real-world shapes", () => {
  it("reads the seed's UserName file", () => {
    const r = result("seed-username.csv");
    expect(r.detection).toMatchObject({
      shape: "header-csv",
      userColumnHeader: "UserName",
      headerLine: 1,
      confidence: "high",
      needsColumnChoice: false,
    });
    expect(brief(r.rows)).toEqual([
      [2, "valid", "adele.vance@contoso.example"],
      [3, "valid", "alex.wilber@contoso.example"],
      [4, "valid", "megan.bowen@contoso.example"],
    ]);
  });

  it("reads a bare list: trims cells, flags the blank line in the middle, ignores blank lines at the end", () => {
    const r = result("bare-upn-list.csv");
    expect(r.detection).toMatchObject({ shape: "bare-list", hasHeader: false, delimiter: null, confidence: "high" });
    expect(brief(r.rows)).toEqual([
      [1, "valid", "adele.vance@contoso.example"],
      [2, "valid", "alex.wilber@contoso.example"],
      [3, "invalid", "empty"],
      [4, "valid", "megan.bowen@contoso.example"],
      [5, "valid", "lee.gu@contoso.example"],
    ]);
  });

  it("reads Entra's Bulk create users template, skipping version:v1.0 and numbering lines as in the file", () => {
    const r = result("entra-bulk-create-users.csv");
    expect(r.detection).toMatchObject({
      shape: "entra-bulk-create",
      shapeLabel: "Entra “Bulk create users” template",
      userColumn: 1,
      userColumnHeader: "User name [userPrincipalName] Required",
      headerLine: 2,
      preamble: [{ line: 1, kind: "entra-version", text: "version:v1.0" }],
      confidence: "high",
    });
    expect(r.detection.summary).toBe(
      "Entra “Bulk create users” template · users from column “User name [userPrincipalName] Required” · comma-separated · UTF-8 · header on line 2 · skipped line 1 (version:v1.0)",
    );
    expect(r.rows.map((row) => row.line)).toEqual([3, 4, 5]);
    expect(r.counts).toMatchObject({ total: 3, valid: 3 });
  });

  it("reads Entra's Download users export from userPrincipalName, noting the id column, and flags the user without a UPN", () => {
    const r = result("entra-download-users.csv");
    expect(r.detection).toMatchObject({ shape: "entra-user-export", userColumnHeader: "userPrincipalName", confidence: "high" });
    expect(r.detection.notes).toEqual([expect.stringMatching(/“id” \(object IDs\); it isn't used/), expect.stringMatching(/“mail”/)]);
    expect(brief(r.rows)).toEqual([
      [2, "valid", "adele.vance@contoso.example"],
      [3, "valid", "alex.wilber@contoso.example"],
      [4, "valid", "pradeep_fabrikam.example#EXT#@contoso.example"],
      [5, "invalid", "empty"],
    ]);
  });

  it("reads Windows PowerShell Export-Csv output after its #TYPE line", () => {
    const r = result("powershell-export-csv.csv");
    expect(r.detection).toMatchObject({ shape: "powershell-export-csv", headerLine: 2, userColumnHeader: "UserPrincipalName" });
    expect(r.detection.preamble[0]).toMatchObject({ line: 1, kind: "powershell-type" });
    expect(brief(r.rows)).toEqual([
      [3, "valid", "adele.vance@contoso.example"],
      [4, "valid", "lee.gu@contoso.example"],
    ]);
  });

  it("reads Excel CSV UTF-8 with BOM, semicolons, CRLF and per-row settings", () => {
    const r = result("excel-csv-utf8-semicolon.csv");
    expect(r.detection).toMatchObject({
      encoding: "utf-8-bom",
      delimiter: ";",
      delimiterLabel: "semicolon",
      userColumnHeader: "User name",
    });
    expect(r.detection.overrideColumns).toEqual({ lifetimeInMinutes: 2, isUsableOnce: 3, startDateTime: 4 });
    expect(r.rows.map((row) => [row.line, row.status, row.overrides])).toEqual([
      [2, "valid", { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: "2026-12-01T09:00:00+01:00" }],
      [3, "valid", {}],
      [4, "valid", { lifetimeInMinutes: 480, isUsableOnce: false, startDateTime: "2026-12-01T08:00:00Z" }],
    ]);
    expect(r.counts.withOverrides).toBe(2);
  });

  it("reads Excel Unicode text (UTF-16 LE, tabs) using the E-mail column, with a caution about e-mail vs UPN", () => {
    const r = result("excel-unicode-text-utf16le.txt");
    expect(r.detection).toMatchObject({ encoding: "utf-16le", delimiter: "\t", userColumnHeader: "E-mail", confidence: "medium" });
    expect(r.detection.notes.join(" ")).toMatch(/e-mail addresses/);
    expect(r.rows.map((row) => row.identifier)).toEqual(["adele.vance@contoso.example", "joerg.mueller@contoso.example"]);
  });

  it("reads UTF-16 BE with a BOM", () => {
    const r = result("utf16be-bom.csv");
    expect(r.detection).toMatchObject({ encoding: "utf-16be", userColumnHeader: "UPN" });
    expect(r.counts.valid).toBe(2);
  });

  it("falls back to windows-1252 for ANSI files, keeping accented names intact", () => {
    const r = result("windows-1252.csv");
    expect(r.detection.encoding).toBe("windows-1252");
    expect(r.rows[0]?.raw).toBe("René Müller,rene.mueller@contoso.example");
    expect(r.counts.valid).toBe(2);
  });

  it("applies per-row overrides and rejects bad ones with reasons", () => {
    const r = result("overrides.csv");
    expect(r.rows.map((row) => [row.line, row.status, row.reason ?? row.overrides])).toEqual([
      [2, "valid", { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: "2026-12-01T09:00:00+01:00" }],
      [3, "valid", {}],
      [4, "invalid", expect.stringMatching(/lifetimeInMinutes must be a whole number from 10 to 43200 \(found “5”\)/)],
      [5, "invalid", expect.stringMatching(/isUsableOnce must be/)],
      [6, "invalid", expect.stringMatching(/add one, e\.g\. 2026-12-01T09:00:00\+01:00/)],
      [7, "valid", { lifetimeInMinutes: 43200, isUsableOnce: false, startDateTime: "2026-12-01T09:00:00.000Z" }],
    ]);
  });

  it("asks the admin to choose when two unknown columns both hold UPNs", () => {
    const r = result("ambiguous-columns.csv");
    expect(r.detection).toMatchObject({ hasHeader: true, needsColumnChoice: true, confidence: "low", candidateColumns: [0, 1] });
  });

  it("asks the admin to choose, with no rows yet, when no column holds users", () => {
    const r = result("no-user-column.csv");
    expect(r.detection).toMatchObject({ userColumn: null, needsColumnChoice: true, confidence: "low" });
    expect(r.rows).toEqual([]);
  });

  it("marks later copies differing only in case as duplicates of the first line", () => {
    const r = result("duplicates-case.csv");
    expect(r.rows.map((row) => [row.line, row.status, row.duplicateOf])).toEqual([
      [2, "valid", undefined],
      [3, "duplicate", 2],
      [4, "valid", undefined],
      [5, "duplicate", 2],
      [6, "valid", undefined],
      [7, "duplicate", 6],
    ]);
    expect(r.rows[1]?.reason).toBe("duplicate of line 2");
    expect(r.counts).toEqual({ total: 6, valid: 3, invalid: 0, duplicate: 3, withOverrides: 0 });
  });
});

describe("hostile CSV fixtures", () => {
  it("treats formula cells as invalid identifiers and keeps the good row", () => {
    const r = result("hostile-formulas.csv");
    expect(brief(r.rows)).toEqual([
      [2, "invalid", "formula"],
      [3, "invalid", "formula"],
      [4, "invalid", "formula"],
      [5, "invalid", "formula"],
      [6, "invalid", "formula"],
      [7, "valid", "adele.vance@contoso.example"],
    ]);
  });

  it("refuses traversal, query strings, percent-encoding, stray # and $ before any request, but accepts a guest #EXT# UPN", () => {
    const r = result("hostile-traversal.csv");
    expect(brief(r.rows)).toEqual([
      [2, "invalid", "dot-dot"],
      [3, "invalid", "forbidden-character"],
      [4, "invalid", "forbidden-character"],
      [5, "invalid", "dot-dot"],
      [6, "invalid", "forbidden-character"],
      [7, "invalid", "hash"],
      [8, "invalid", "leading-dollar"],
      [9, "invalid", "mailto"],
      [10, "invalid", "forbidden-character"],
      [11, "invalid", "forbidden-character"],
      [12, "valid", "pradeep_fabrikam.example#EXT#@contoso.example"],
    ]);
  });

  it("refuses control and invisible characters per row and shows them safely", () => {
    const r = result("hostile-control-chars.csv");
    expect(brief(r.rows).slice(0, 6)).toEqual([
      [2, "invalid", "control-character"],
      [3, "invalid", "control-character"],
      [4, "invalid", "control-character"],
      [5, "invalid", "whitespace"],
      [6, "invalid", "whitespace"],
      [7, "valid", "irvin.sayers@contoso.example"],
    ]);
    expect(r.rows[0]?.identifier).toBe("adele\uFFFD.vance@contoso.example");
    // eslint-disable-next-line no-control-regex
    expect(r.rows.map((row) => row.raw).join("")).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it("rejects a 5,000-character user cell and keeps a row whose other cell is long", () => {
    const r = result("long-field-5000.csv");
    expect(brief(r.rows)).toEqual([
      [2, "invalid", "too-long"],
      [3, "valid", "adele.vance@contoso.example"],
    ]);
    expect(r.rows[0]?.identifier.length).toBeLessThanOrEqual(257);
  });

  it("strips BOMs inside the first header cell and before a UPN", () => {
    const r = result("bom-in-middle.csv");
    expect(r.detection).toMatchObject({ hasHeader: true, userColumnHeader: "UserName" });
    expect(brief(r.rows)).toEqual([
      [2, "valid", "adele.vance@contoso.example"],
      [3, "valid", "alex.wilber@contoso.example"],
    ]);
  });

  it("turns broken quotes into row reasons and reads the rows after them", () => {
    const r = result("unbalanced-quotes.csv");
    expect(brief(r.rows)).toEqual([
      [2, "valid", "adele.vance@contoso.example"],
      [3, "invalid", "quotes"],
      [4, "valid", "megan.bowen@contoso.example"],
      [5, "invalid", "quotes"],
      [6, "invalid", "forbidden-character"],
      [7, "valid", "irvin.sayers@contoso.example"],
    ]);
  });

  it.each([
    ["binary-renamed.csv", "not-text"],
    ["xlsx-renamed.csv", "workbook"],
    ["empty.csv", "empty"],
    ["header-only.csv", "no-rows"],
    ["entra-template-no-rows.csv", "no-rows"],
  ])("reports %s as a file-level error (%s) with a message for the admin", (name, code) => {
    const outcome = load(name);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "import-file-error", code } });
    expect(outcome.ok ? "" : outcome.error.message.length).toBeGreaterThan(20);
  });

  it("has a test for every fixture file", () => {
    const tested = new Set([
      ...["seed-username", "bare-upn-list", "entra-bulk-create-users", "entra-download-users", "powershell-export-csv"].map(
        (n) => `${n}.csv`,
      ),
      ...["excel-csv-utf8-semicolon", "utf16be-bom", "windows-1252", "overrides", "ambiguous-columns", "no-user-column"].map(
        (n) => `${n}.csv`,
      ),
      ...["duplicates-case", "hostile-formulas", "hostile-traversal", "hostile-control-chars", "long-field-5000"].map((n) => `${n}.csv`),
      ...["bom-in-middle", "unbalanced-quotes", "binary-renamed", "xlsx-renamed", "empty", "header-only", "entra-template-no-rows"].map(
        (n) => `${n}.csv`,
      ),
      "excel-unicode-text-utf16le.txt",
    ]);
    const present = fs.readdirSync(FIXTURES).filter((n) => n.endsWith(".csv") || n.endsWith(".txt"));
    expect(present.sort()).toEqual([...tested].sort());
  });
});
