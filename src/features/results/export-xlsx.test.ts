import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import type { ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import { buildWorkbookSheets, NOT_ISSUED_SHEET_HEADER, PASSES_SHEET_HEADER, workbookFileName } from "./export-xlsx";
import { writeXlsx } from "./xlsx-writer";

const rows: ResultRow[] = [
  {
    rowId: "a",
    line: 2,
    identifier: "adele@contoso.example",
    displayName: "Adèle Vance",
    userPrincipalName: "adele@contoso.example",
    outcome: { kind: "issued" },
  },
  {
    rowId: "b",
    line: 3,
    identifier: "=cmd|' /C calc'!A0",
    displayName: null,
    userPrincipalName: null,
    outcome: {
      kind: "failed",
      reason: "Not found",
      code: "Request_ResourceNotFound",
      innerCode: "inner-404",
      graphMessage: "Resource 'x' does not exist.",
      status: 404,
      requestId: "rq-1",
    },
  },
  {
    rowId: "c",
    line: null,
    identifier: "lee@contoso.example",
    displayName: "@Lee",
    userPrincipalName: "lee@contoso.example",
    outcome: { kind: "skipped", reason: "Already holds a usable pass" },
  },
  {
    rowId: "d",
    line: 5,
    identifier: "megan@contoso.example",
    displayName: "-Megan",
    userPrincipalName: "megan@contoso.example",
    outcome: { kind: "issued" },
    accountDisabled: true,
  },
  {
    rowId: "e",
    line: 6,
    identifier: "gone@contoso.example",
    displayName: "Gone",
    userPrincipalName: "gone@contoso.example",
    outcome: { kind: "issued" },
  },
];

const vault = new Map([
  [
    "a",
    samplePass({
      rowId: "a",
      userPrincipalName: "adele@contoso.example",
      value: '+Ab3"xYz',
      startDateTime: "2026-11-28T10:15:00Z",
      endDateTime: "2026-11-28T11:15:00Z",
    }),
  ],
  ["d", samplePass({ rowId: "d", userPrincipalName: "megan@contoso.example", value: "=7kP-9qR", isUsableOnce: false })],
]);
const lookup = (rowId: string) => vault.get(rowId);

describe("buildWorkbookSheets", () => {
  it("puts issued rows with their exact pass on 'Passes' and every other row with Graph's code on 'Skipped and failed'", () => {
    const [passes, other] = buildWorkbookSheets(rows, lookup, { timeZone: "Europe/Paris", ticket: "INC-42" });
    expect(passes?.name).toBe("Passes");
    expect(passes?.rows).toEqual([
      [...PASSES_SHEET_HEADER],
      [
        "2",
        "adele@contoso.example",
        "Adèle Vance",
        '+Ab3"xYz',
        "2026-11-28T10:15:00Z",
        "2026-11-28T11:15:00Z",
        "2026-11-28 11:15 (UTC+01:00)",
        "2026-11-28 12:15 (UTC+01:00)",
        "Yes",
        "INC-42",
        "",
      ],
      [
        "5",
        "megan@contoso.example",
        "-Megan",
        "=7kP-9qR",
        "2026-11-28T10:00:00Z",
        "2026-11-28T11:00:00Z",
        "2026-11-28 11:00 (UTC+01:00)",
        "2026-11-28 12:00 (UTC+01:00)",
        "No",
        "INC-42",
        "Account disabled — the pass works once the account is enabled",
      ],
      // Issued, but the value is no longer held: still listed, so the row is not lost from the file.
      ["6", "gone@contoso.example", "Gone", "", "", "", "", "", "", "INC-42", ""],
    ]);
    expect(other?.name).toBe("Skipped and failed");
    expect(other?.rows).toEqual([
      [...NOT_ISSUED_SHEET_HEADER],
      [
        "3",
        "=cmd|' /C calc'!A0",
        "",
        "Failed",
        "Not found",
        "404",
        "Request_ResourceNotFound",
        "inner-404",
        "Resource 'x' does not exist.",
        "rq-1",
        "INC-42",
      ],
      ["", "lee@contoso.example", "@Lee", "Skipped", "Already holds a usable pass", "", "", "", "", "", "INC-42"],
    ]);
  });

  it("reads back from the .xlsx exactly, formulas-shaped text included, with no cell a formula", () => {
    const sheets = buildWorkbookSheets(rows, lookup);
    const book = XLSX.read(writeXlsx(sheets), { type: "array", cellFormula: true });
    for (const sheet of sheets) {
      const read = book.Sheets[sheet.name];
      expect(read, sheet.name).toBeDefined();
      const cells = Object.entries(read ?? {}).filter(([address]) => !address.startsWith("!"));
      for (const [, cell] of cells) {
        expect(cell.t).toBe("s");
        expect(cell.f).toBeUndefined();
      }
      const values = XLSX.utils.sheet_to_json<string[]>(read!, { header: 1, raw: true, defval: "" });
      expect(values).toEqual(sheet.rows);
    }
  });

  it("names the file like the CSV, with .xlsx", () => {
    expect(workbookFileName(new Date("2026-11-28T10:15:00Z"))).toBe("tap-desk-passes-2026-11-28T1015Z.xlsx");
  });
});
