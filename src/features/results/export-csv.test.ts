import { describe, expect, it } from "vitest";
import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import { buildResultsCsv, buildScriptsCsv, exportFileName } from "./export-csv";

const issuedPass = (rowId: string, upn: string, value: string, isUsableOnce = true): IssuedPass => ({
  rowId,
  userId: `id-${rowId}`,
  userPrincipalName: upn,
  displayName: "ignored when the row has one",
  value,
  methodId: "m",
  createdDateTime: "2026-11-28T10:15:00Z",
  startDateTime: "2026-11-28T10:15:00Z",
  endDateTime: "2026-11-28T11:15:00Z",
  lifetimeInMinutes: 60,
  isUsableOnce,
});

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
      reason: 'User "=cmd" not found',
      code: "Request_ResourceNotFound",
      status: 404,
      requestId: "rq-1",
      graphMessage: "=Resource does not exist.",
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
];

const vault = new Map([
  ["a", issuedPass("a", "adele@contoso.example", '+Ab3"xYz')],
  ["d", issuedPass("d", "megan@contoso.example", "=7kP-9qR", false)],
]);
const lookup = (rowId: string) => vault.get(rowId);

const bytes = (text: string) => [...new TextEncoder().encode(text)];

describe("results CSV", () => {
  it("writes every row of the run, byte for byte, with a BOM, CRLF, every field quoted, the ticket and a disabled account's mark last", () => {
    const expected =
      "\uFEFF" +
      '"Line","User","Display name","Outcome","Temporary Access Pass","Valid from (UTC)","Valid until (UTC)","Valid from (local)","Valid until (local)","One-time use","Reason","Request ID","Graph status","Graph error code","Graph inner error code","Graph message","Ticket","Account"\r\n' +
      `"2","adele@contoso.example","Adèle Vance","Issued","+Ab3""xYz","2026-11-28T10:15:00Z","2026-11-28T11:15:00Z","2026-11-28 11:15 (UTC+01:00)","2026-11-28 12:15 (UTC+01:00)","Yes","","","","","","","'=INC-42",""\r\n` +
      `"3","'=cmd|' /C calc'!A0","","Failed","","","","","","","User ""=cmd"" not found","rq-1","404","Request_ResourceNotFound","","'=Resource does not exist.","'=INC-42",""\r\n` +
      `"","lee@contoso.example","'@Lee","Skipped","","","","","","","Already holds a usable pass","","","","","","'=INC-42",""\r\n` +
      `"5","megan@contoso.example","'-Megan","Issued","=7kP-9qR","2026-11-28T10:15:00Z","2026-11-28T11:15:00Z","2026-11-28 11:15 (UTC+01:00)","2026-11-28 12:15 (UTC+01:00)","No","","","","","","","'=INC-42","Account disabled — the pass works once the account is enabled"\r\n`;
    // A ticket is the admin's own text: neutralised like every other cell.
    const csv = buildResultsCsv(rows, lookup, { timeZone: "Europe/Berlin", ticket: "=INC-42" });
    expect(bytes(csv)).toEqual(bytes(expected));
    expect(bytes(csv).slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("leaves the pass columns empty once the values were cleared, keeping the outcomes", () => {
    const csv = buildResultsCsv(rows.slice(0, 1), () => undefined, { timeZone: "UTC" });
    expect(csv.split("\r\n")[1]).toBe('"2","adele@contoso.example","Adèle Vance","Issued","","","","","","","","","","","","","",""');
  });
});

describe("scripts CSV", () => {
  it("keeps the seed's exact header and lists issued rows only, values exactly as issued", () => {
    const expected =
      "\uFEFF" +
      '"User Name","Temporary Access Pass"\r\n' +
      '"adele@contoso.example","+Ab3""xYz"\r\n' +
      '"megan@contoso.example","=7kP-9qR"\r\n';
    expect(bytes(buildScriptsCsv(rows, lookup))).toEqual(bytes(expected));
  });

  it("is just the header when no value is left", () => {
    expect(buildScriptsCsv(rows, () => undefined)).toBe('\uFEFF"User Name","Temporary Access Pass"\r\n');
  });
});

describe("file name", () => {
  it("names the file after the UTC time of export", () => {
    const now = new Date("2026-11-28T10:15:30Z");
    expect(exportFileName("results", now)).toBe("tap-desk-passes-2026-11-28T1015Z.csv");
    expect(exportFileName("scripts", now)).toBe("tap-desk-passes-for-scripts-2026-11-28T1015Z.csv");
  });
});

describe("results CSV after a removal", () => {
  it("marks removed and replaced passes, without a value, and keeps a failed removal's row issued with why", () => {
    const removed: ResultRow[] = [
      { ...rows[0]!, removal: { kind: "removed" } },
      { ...rows[3]!, removal: { kind: "failed", reason: "Not removed: Microsoft Graph had a temporary problem (503)." } },
      {
        rowId: "e",
        line: 6,
        identifier: "x@contoso.example",
        displayName: null,
        userPrincipalName: "x@contoso.example",
        outcome: { kind: "issued" },
        removal: { kind: "replaced", reason: "Already replaced: newer pass." },
      },
    ];
    const left = new Map([["d", vault.get("d")!]]);
    const lines = buildResultsCsv(removed, (rowId) => left.get(rowId), { timeZone: "Europe/Paris" }).split("\r\n");
    expect(lines[1]).toContain('"adele@contoso.example","Adèle Vance","Removed","",');
    expect(lines[1]).toContain('"Removed by TAP Desk."');
    expect(lines[2]).toContain('"Issued","=7kP-9qR"');
    expect(lines[2]).toContain('"Not removed: Microsoft Graph had a temporary problem (503)."');
    expect(lines[3]).toContain('"Already replaced","",');
  });
});
