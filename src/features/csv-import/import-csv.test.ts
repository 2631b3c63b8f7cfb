import { describe, expect, it } from "vitest";
import { extractRows, importCsv, readImportTable } from "./import-csv";
import { toCandidates } from "./import-outcomes";
import { isImportFileError, type ImportProgress, type ImportResult } from "./import-types";
import type { ImportTable } from "./import-csv";

const bytes = (text: string) => new TextEncoder().encode(text);

function ok(text: string): ImportResult {
  const outcome = importCsv(bytes(text));
  if (!outcome.ok) throw new Error(`unexpected file error: ${outcome.error.message}`);
  return outcome.result;
}

function table(text: string): ImportTable {
  const t = readImportTable(bytes(text));
  if (isImportFileError(t)) throw new Error(t.message);
  return t;
}

describe("importCsv detection", () => {
  it("prefers the UPN column over id and mail columns, whatever their order", () => {
    const r = ok("mail,id,UPN\nx@y.example,5c7e0d4a-1b2c-4d3e-8f90-a1b2c3d4e5f6,adele@contoso.example\n");
    expect(r.detection).toMatchObject({ userColumn: 2, confidence: "high" });
    expect(r.detection.notes).toHaveLength(2);
  });

  it("uses an id column when there is no UPN column", () => {
    const r = ok("displayName,Object ID\nAdele,5c7e0d4a-1b2c-4d3e-8f90-a1b2c3d4e5f6\n");
    expect(r.detection).toMatchObject({ userColumn: 1, confidence: "high" });
    expect(r.rows[0]).toMatchObject({ status: "valid", identifier: "5c7e0d4a-1b2c-4d3e-8f90-a1b2c3d4e5f6" });
  });

  it("asks for a choice when two columns share the UPN name", () => {
    const r = ok("UPN,userPrincipalName\na@contoso.example,b@contoso.example\n");
    expect(r.detection).toMatchObject({ needsColumnChoice: true, confidence: "low", candidateColumns: [0, 1], userColumn: 0 });
  });

  it("doubts a named column holding display names when another column is clearly UPNs", () => {
    const r = ok("UserName,Work address\nAdele Vance,adele@contoso.example\nLee Gu,lee@contoso.example\n");
    expect(r.detection).toMatchObject({ userColumn: 0, needsColumnChoice: true, confidence: "low", candidateColumns: [0, 1] });
  });

  it("finds the UPN column of a headerless multi-column file from its content", () => {
    const r = ok("Adele Vance,adele@contoso.example,Retail\nLee Gu,lee@contoso.example,R&D\n");
    expect(r.detection).toMatchObject({ shape: "headerless-csv", hasHeader: false, userColumn: 1, confidence: "medium" });
    expect(r.rows.map((row) => row.line)).toEqual([1, 2]);
  });

  it("treats an unknown label above a UPN column as a header, but not a broken first entry", () => {
    expect(ok("Users\nadele@contoso.example\nlee@contoso.example\n").detection).toMatchObject({ hasHeader: true, headerLine: 1 });
    const broken = ok("adele.vance\nadele@contoso.example\nlee@contoso.example\n");
    expect(broken.detection.hasHeader).toBe(false);
    expect(broken.rows[0]).toMatchObject({ line: 1, status: "invalid", reasonCode: "not-upn-or-guid" });
  });

  it("counts lines inside a multi-line quoted cell so later line numbers match the file", () => {
    const r = ok('userPrincipalName,streetAddress\nadele@contoso.example,"1 Main St\nSuite 2"\nlee@contoso.example,x\n');
    expect(r.rows.map((row) => row.line)).toEqual([2, 4]);
  });
});

describe("extractRows with the admin's column choice", () => {
  it("re-runs extraction on the chosen column without reading the file again", () => {
    const t = table("Owner,Manager\nadele@contoso.example,megan@contoso.example\nalex@contoso.example,megan@contoso.example\n");
    const detected = extractRows(t);
    expect(detected.detection.needsColumnChoice).toBe(true);
    const chosen = extractRows(t, { columnIndex: 1 });
    expect(chosen.detection).toMatchObject({ userColumn: 1, userColumnHeader: "Manager", needsColumnChoice: false, confidence: "high" });
    expect(chosen.rows.map((row) => [row.status, row.duplicateOf])).toEqual([
      ["valid", undefined],
      ["duplicate", 2],
    ]);
  });

  it("ignores a column index that doesn't exist", () => {
    const t = table("Owner,Manager\nadele@contoso.example,megan@contoso.example\n");
    expect(extractRows(t, { columnIndex: 7 }).detection.userColumn).toBe(extractRows(t).detection.userColumn);
  });

  it("can be asked through importCsv in one go", () => {
    const outcome = importCsv(bytes("Name,Department\nadele@contoso.example,x\n"), { columnIndex: 0 });
    expect(outcome.ok && outcome.result.detection.userColumn).toBe(0);
  });
});

describe("importCsv rows", () => {
  it("lets a later good copy through when the first copy was invalid for its settings", () => {
    const r = ok("UPN,lifetimeInMinutes\nadele@contoso.example,5\nadele@contoso.example,60\nADELE@contoso.example,60\n");
    expect(r.rows.map((row) => [row.line, row.status, row.duplicateOf])).toEqual([
      [2, "invalid", undefined],
      [3, "valid", undefined],
      [4, "duplicate", 3],
    ]);
  });

  it("rejects a 1 MB line with a reason and keeps reading", () => {
    const r = ok(`UserName\n${"a".repeat(1024 * 1024)}\nadele@contoso.example\n`);
    expect(r.rows.map((row) => [row.line, row.status, row.reasonCode])).toEqual([
      [2, "invalid", "line-too-long"],
      [3, "valid", undefined],
    ]);
    expect(r.rows[0]?.reason).toMatch(/line too long \(1,048,576 characters\)/);
    expect(r.rows[0]?.raw.length).toBeLessThanOrEqual(257);
  });

  it("reads 100,000 rows with correct lines, statuses and counts", () => {
    const lines = ["UserName"];
    for (let i = 0; i < 100_000; i++) {
      if (i % 1000 === 999) lines.push(`bad user ${i}`);
      else if (i % 1000 === 500) lines.push(`USER${i - 1}@contoso.example`);
      else lines.push(`user${i}@contoso.example`);
    }
    const r = ok(lines.join("\r\n") + "\r\n");
    expect(r.counts).toEqual({ total: 100_000, valid: 99_800, invalid: 100, duplicate: 100, withOverrides: 0 });
    expect(r.rows[99_999]).toMatchObject({ line: 100_001, status: "invalid", reasonCode: "whitespace" });
    expect(r.rows[500]).toMatchObject({ line: 502, status: "duplicate", duplicateOf: 501 });
  });

  it("reports progress through decoding, parsing and validating", () => {
    const phases = new Set<string>();
    const seen: ImportProgress[] = [];
    importCsv(bytes("UserName\n" + "a@contoso.example\n".repeat(20_000)), { onProgress: (p) => (seen.push(p), phases.add(p.phase)) });
    expect([...phases]).toEqual(["decoding", "parsing", "validating"]);
    expect(seen.at(-1)).toEqual({ phase: "validating", fraction: 1 });
  });

  it("returns file errors for header-only and preamble-only files instead of throwing", () => {
    expect(importCsv(bytes("UserName\r\n\r\n"))).toMatchObject({ ok: false, error: { code: "no-rows" } });
    expect(importCsv(bytes("version:v1.0\n"))).toMatchObject({ ok: false, error: { code: "no-rows" } });
    expect(importCsv(bytes("\uFEFF"))).toMatchObject({ ok: false, error: { code: "empty" } });
  });
});

describe("toCandidates", () => {
  it("turns valid rows into run candidates keyed by line, leaving out invalid and duplicate rows", () => {
    const r = ok("UPN,isUsableOnce\nadele@contoso.example,yes\nbad\nadele@contoso.example,no\nlee@contoso.example,\n");
    expect(toCandidates(r)).toEqual([
      { rowId: "csv-2", line: 2, identifier: "adele@contoso.example", overrides: { isUsableOnce: true } },
      { rowId: "csv-5", line: 5, identifier: "lee@contoso.example", overrides: {} },
    ]);
  });
});
