import { describe, expect, it } from "vitest";
import type { Receipt } from "./receipt";
import { parseReceipt, receiptCsv, receiptFileName, receiptJson } from "./receipt-files";

const full: Receipt = {
  kind: "tap-desk-receipt",
  version: 1,
  runId: "3b5e9c1a-0d4f-4e6b-9a8c-7d6e5f4a3b2c",
  partial: false,
  note: "Receipt of a TAP Desk run. It holds no Temporary Access Pass value.",
  tenant: { id: "11111111-2222-3333-4444-555555555555", name: 'Contoso "EU", Ltd' },
  issuer: { name: "Helen Desk", userPrincipalName: "helen@contoso.example" },
  startedAt: "2026-11-28T10:14:59.000Z",
  endedAt: "2026-11-28T10:15:03.000Z",
  // Formula-shaped: the CSV guards it, and reading back undoes the guard.
  ticket: '=HYPERLINK("x")',
  settings: { lifetimeInMinutes: 60, isUsableOnce: false, startDateTime: "2026-11-29T08:00:00.000Z", replaceUsablePasses: true },
  rows: [
    {
      line: 2,
      userPrincipalName: "adele@contoso.example",
      userId: "0f1e2d3c-aaaa-4bbb-8ccc-000000000001",
      outcome: "issued",
      methodId: "6f2f2a7e-1111-4222-8333-444455556666",
      validFrom: "2026-11-29T08:00:00.000Z",
      validUntil: "2026-11-29T09:00:00.000Z",
      isUsableOnce: false,
      requestId: "req-1",
      reason: "",
    },
    {
      line: null,
      userPrincipalName: "-lee@contoso.example",
      userId: null,
      outcome: "failed",
      methodId: null,
      validFrom: null,
      validUntil: null,
      isUsableOnce: null,
      requestId: null,
      reason: 'Graph said "no",\r\nwith a line break',
    },
  ],
};

const partial: Receipt = {
  ...full,
  partial: true,
  ticket: null,
  settings: null,
  endedAt: null,
  tenant: { id: null, name: null },
  rows: [{ ...full.rows[1]!, outcome: "not-reached", reason: "" }],
};

const error = (text: string) => {
  const parsed = parseReceipt(text);
  if (parsed.ok) throw new Error("expected a refusal");
  return parsed.error;
};

describe("receipt files", () => {
  it("reads back the JSON and the CSV exactly as written", () => {
    for (const receipt of [full, partial]) {
      expect(parseReceipt(receiptJson(receipt))).toEqual({ ok: true, receipt });
      expect(parseReceipt(receiptCsv(receipt))).toEqual({ ok: true, receipt });
    }
  });

  it("keeps a first-day run's start rule and its disabled-accounts choice, never reading as 'at once'", () => {
    const firstDay: Receipt = {
      ...full,
      settings: {
        lifetimeInMinutes: 480,
        isUsableOnce: false,
        startDateTime: null,
        replaceUsablePasses: false,
        firstDay: { time: "07:30", timeZone: "Europe/Berlin", pastStartsNow: false },
        issueForDisabledAccounts: true,
      },
    };
    const csv = receiptCsv(firstDay);
    expect(csv).toContain(`"Start (UTC; empty: at once)","On each person's start date (see the rows' Valid from)"`);
    expect(csv).toContain(`"First-day start at (their local time; empty: not used)","07:30"`);
    expect(csv).toContain(`"First-day time zone (rows without their own)","Europe/Berlin"`);
    expect(csv).toContain(`"Also issued for disabled accounts","Yes"`);
    expect(parseReceipt(csv)).toEqual({ ok: true, receipt: firstDay });
    expect(parseReceipt(receiptJson(firstDay))).toEqual({ ok: true, receipt: firstDay });
  });

  it("still reads a CSV receipt written before the first-day lines existed", () => {
    const older = receiptCsv(full)
      .split("\r\n")
      .filter((line) => !/^"(First-day|Also issued)/.test(line))
      .join("\r\n");
    expect(older).not.toContain("First-day");
    expect(parseReceipt(older)).toEqual({ ok: true, receipt: full });
  });

  it("writes the CSV with the export's formula guard: facts first, then one line per row", () => {
    const lines = receiptCsv(full).split("\r\n");
    expect(lines[0]).toBe('\uFEFF"TAP Desk receipt","1"');
    expect(lines).toContain(`"Ticket","'=HYPERLINK(""x"")"`);
    expect(lines).toContain(
      '"Line","User","User ID","Outcome","Pass method ID","Valid from (UTC)","Valid until (UTC)","One-time use","Graph request ID","Reason"',
    );
    expect(lines).toContain(
      '"2","adele@contoso.example","0f1e2d3c-aaaa-4bbb-8ccc-000000000001","Issued","6f2f2a7e-1111-4222-8333-444455556666","2026-11-29T08:00:00.000Z","2026-11-29T09:00:00.000Z","No","req-1",""',
    );
    expect(receiptCsv(full)).toContain(`"","'-lee@contoso.example"`);
  });

  it("still reads a CSV receipt a spreadsheet saved again: no BOM, LF line ends, bare fields, trailing empty lines", () => {
    const resaved = receiptCsv(full)
      .replace(/^\uFEFF/, "")
      .replaceAll("\r\n", "\n")
      .replace('"TAP Desk receipt","1"', "TAP Desk receipt,1")
      .concat(",,,,,,,,,\n\n");
    // The saving turned the CRLF inside the quoted reason into LF as well; nothing else changes.
    const expected = { ...full, rows: [full.rows[0]!, { ...full.rows[1]!, reason: 'Graph said "no",\nwith a line break' }] };
    expect(parseReceipt(resaved)).toEqual({ ok: true, receipt: expected });
  });

  it("names the files after the start time and the run id", () => {
    expect(receiptFileName(full, "json")).toBe("tap-desk-receipt-2026-11-28T1014Z-3b5e9c1a.json");
    expect(receiptFileName(partial, "csv")).toBe("tap-desk-receipt-partial-2026-11-28T1014Z-3b5e9c1a.csv");
  });
});

describe("parseReceipt refuses what is not a receipt, saying why", () => {
  it("refuses empty, foreign and damaged files", () => {
    expect(error("")).toMatch(/empty/);
    expect(error("\uFEFF  \n")).toMatch(/empty/);
    expect(error("hello")).toMatch(/not a TAP Desk receipt/);
    // The results export, which people may pick by mistake.
    expect(error('\uFEFF"Line","User","Display name","Outcome","Temporary Access Pass"\r\n"2","a@b.example","A","Issued","x"\r\n')).toMatch(
      /not a TAP Desk receipt/,
    );
    expect(error('{"value":[]}')).toMatch(/not a TAP Desk receipt/);
    expect(error("[1,2]")).toMatch(/not a TAP Desk receipt/);
    expect(error(receiptJson(full).slice(0, 200))).toMatch(/damaged or cut short/);
    expect(error(receiptCsv(full).slice(0, -40))).toMatch(/cut short|cells/);
  });

  it("refuses a receipt of another version", () => {
    expect(error(receiptJson({ ...full, version: 2 } as unknown as Receipt))).toMatch(/version 2/);
    expect(error(receiptCsv(full).replace('"TAP Desk receipt","1"', '"TAP Desk receipt","2"'))).toMatch(/version 2/);
  });

  it("refuses rows a revoke could not trust", () => {
    const withRow = (patch: Record<string, unknown>) => receiptJson({ ...full, rows: [{ ...full.rows[0]!, ...patch }] } as Receipt);
    expect(error(withRow({ methodId: "../../users/x" }))).toMatch(/Row 1: the pass method id is not an Entra id/);
    expect(error(withRow({ userId: "a b" }))).toMatch(/Row 1: the user id is not an Entra id/);
    expect(error(withRow({ outcome: "deleted" }))).toMatch(/Row 1: unknown outcome "deleted"/);
    expect(error(withRow({ outcome: "failed" }))).toMatch(/only an issued row can name a pass method/);
    expect(error(withRow({ validFrom: "yesterday" }))).toMatch(/not a date and time/);
    expect(error(withRow({ line: 0 }))).toMatch(/whole number from 1/);
    expect(error(withRow({ userPrincipalName: "" }))).toMatch(/userPrincipalName" is missing/);
    expect(error(receiptJson({ ...full, rows: "none" } as unknown as Receipt))).toMatch(/"rows" is missing/);
    expect(error(receiptJson({ ...full, runId: "" }))).toMatch(/"runId" is missing/);
  });

  it("refuses a CSV receipt whose columns or facts were changed", () => {
    const csv = receiptCsv(full);
    expect(error(csv.replace('"Pass method ID",', ""))).toMatch(/columns were changed/);
    expect(error(csv.replace(/"Issuer UPN",[^\r]*\r\n/, ""))).toMatch(/"Issuer UPN" line is missing/);
    expect(error(csv.replace('"Issued"', '"Deleted"'))).toMatch(/Row 1: unknown outcome "Deleted"/);
    expect(error(csv.replace('"6f2f2a7e-1111-4222-8333-444455556666"', '"6f2f/../x"'))).toMatch(/pass method id/);
    expect(error(csv.replace('"No","req-1"', '"Maybe","req-1"'))).toMatch(/One-time use" must be Yes, No or empty/);
    expect(
      error(csv.replace('"Lifetime in minutes (empty: tenant default)","60"', '"Lifetime in minutes (empty: tenant default)","1h"')),
    ).toMatch(/whole number/);
  });
});
