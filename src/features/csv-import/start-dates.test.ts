import { describe, expect, it } from "vitest";
import { columnRole } from "./detect-shape";
import { importCsv } from "./import-csv";
import type { ImportResult } from "./import-types";
import { findDateOrder, parseStartDate, parseTimeZone, type DateOrder } from "./start-dates";

const bytes = (text: string) => new TextEncoder().encode(text);

function ok(text: string, dateOrder?: DateOrder): ImportResult {
  const outcome = importCsv(bytes(text), { dateOrder });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.result;
}

describe("start-date and time-zone columns", () => {
  it("recognises the names HR tools and Entra use", () => {
    for (const header of [
      "StartDate",
      "Start date",
      "Start Date",
      "start_date",
      "HireDate",
      "Hire date",
      "employeeHireDate",
      "Employee hire date [employeeHireDate]",
      "First day",
    ]) {
      expect(columnRole(header), header).toBe("startDate");
    }
    for (const header of ["TimeZone", "Time zone", "time_zone", "TZ"]) expect(columnRole(header), header).toBe("timeZone");
    expect(columnRole("startDateTime")).toBe("startDateTime");
  });
});

describe("parseStartDate", () => {
  it("reads ISO dates and full hire dates (nearest UTC midnight) whatever the order", () => {
    expect(parseStartDate("2026-12-07", null)).toEqual({ ok: true, value: "2026-12-07" });
    expect(parseStartDate("2026-12-06T23:00:00Z", null)).toEqual({ ok: true, value: "2026-12-07" });
    expect(parseStartDate("", null)).toEqual({ ok: true, value: undefined });
  });

  it("reads dotted dates day first", () => {
    expect(parseStartDate("7.12.2026", null)).toEqual({ ok: true, value: "2026-12-07" });
  });

  it("reads slash dates by the file's order, and refuses them while it is unknown", () => {
    expect(parseStartDate("03/04/2026", "day-first")).toEqual({ ok: true, value: "2026-04-03" });
    expect(parseStartDate("03/04/2026", "month-first")).toEqual({ ok: true, value: "2026-03-04" });
    expect(parseStartDate("12/7/2026", "month-first")).toEqual({ ok: true, value: "2026-12-07" });
    expect(parseStartDate("03/04/2026", null)).toMatchObject({ ok: false, reason: expect.stringMatching(/day\/month or month\/day/) });
  });

  it("refuses dates that don't exist, two-digit years and other text, saying why", () => {
    expect(parseStartDate("2026-02-30", null)).toMatchObject({ ok: false, reason: "start date “2026-02-30” isn't a real date" });
    expect(parseStartDate("25/12/2026", "month-first")).toMatchObject({ ok: false, reason: expect.stringMatching(/month\/day\/year/) });
    expect(parseStartDate("7/12/26", "day-first")).toMatchObject({ ok: false, reason: expect.stringMatching(/two-digit year/) });
    expect(parseStartDate("next Monday", null)).toMatchObject({ ok: false, reason: expect.stringMatching(/2026-12-07/) });
  });
});

describe("findDateOrder", () => {
  it("decides from a day above 12 and says where", () => {
    const cells = [
      { line: 2, value: "03/04/2026" },
      { line: 14, value: "25/12/2026" },
    ];
    expect(findDateOrder(cells)).toEqual({ kind: "decided", order: "day-first", line: 14, value: "25/12/2026" });
    expect(findDateOrder([{ line: 3, value: "12/25/2026" }])).toMatchObject({ kind: "decided", order: "month-first" });
  });

  it("is ambiguous when every slash date reads both ways, mixed when they contradict, none without slash dates", () => {
    expect(findDateOrder([{ line: 2, value: "03/04/2026" }])).toEqual({ kind: "ambiguous", line: 2, value: "03/04/2026" });
    expect(
      findDateOrder([
        { line: 2, value: "25/12/2026" },
        { line: 3, value: "12/25/2026" },
      ]).kind,
    ).toBe("mixed");
    expect(findDateOrder([{ line: 2, value: "2026-12-07" }])).toEqual({ kind: "none" });
  });
});

describe("parseTimeZone", () => {
  it("keeps IANA names in their own spelling and refuses others with a reason", () => {
    expect(parseTimeZone("Asia/Tokyo")).toEqual({ ok: true, value: "Asia/Tokyo" });
    expect(parseTimeZone("europe/berlin")).toEqual({ ok: true, value: "Europe/Berlin" });
    expect(parseTimeZone("CET+1")).toMatchObject({ ok: false, reason: expect.stringMatching(/isn't a time zone name.*IANA/) });
  });
});

describe("importing a file with start dates", () => {
  const header = "UserPrincipalName,StartDate,TimeZone\n";

  it("reads a file whose order shows itself, and says why", () => {
    const r = ok(`${header}a@contoso.example,03/04/2026,Europe/Berlin\nb@contoso.example,25/12/2026,Asia/Tokyo\n`);
    expect(r.detection.dateOrder).toMatchObject({ order: "day-first", needsChoice: false });
    expect(r.detection.notes).toContain("Start dates are read as day/month/year because of 25/12/2026 on line 3.");
    expect(r.rows.map((row) => row.overrides)).toEqual([
      { startDate: "2026-04-03", timeZone: "Europe/Berlin" },
      { startDate: "2026-12-25", timeZone: "Asia/Tokyo" },
    ]);
  });

  it("asks the admin when every date reads both ways, then reads them as chosen", () => {
    const text = `${header}a@contoso.example,03/04/2026,\nb@contoso.example,05/06/2026,\n`;
    const unsure = ok(text);
    expect(unsure.detection.dateOrder).toMatchObject({ order: null, needsChoice: true, finding: { kind: "ambiguous" } });
    // Not refused meanwhile: the rows wait for the choice (the import screen allows no check until then).
    expect(unsure.counts).toMatchObject({ valid: 2, invalid: 0 });
    expect(unsure.rows.map((row) => row.overrides.startDate)).toEqual([undefined, undefined]);
    const chosen = ok(text, "month-first");
    expect(chosen.detection.dateOrder).toMatchObject({ order: "month-first", needsChoice: false, chosenByAdmin: true });
    expect(chosen.rows.map((row) => row.overrides.startDate)).toEqual(["2026-03-04", "2026-05-06"]);
    expect(chosen.counts.valid).toBe(2);
  });

  it("refuses a row whose zone or date is wrong, with the reason on the row", () => {
    const r = ok(`${header}a@contoso.example,2026-12-07,Mars/Olympus\nb@contoso.example,2026-13-01,UTC\n`);
    expect(r.rows[0]).toMatchObject({ status: "invalid", reasonCode: "bad-override", reason: expect.stringMatching(/Mars\/Olympus/) });
    expect(r.rows[1]).toMatchObject({ status: "invalid", reason: "start date “2026-13-01” isn't a real date" });
    expect(r.detection.dateOrder).toMatchObject({ finding: { kind: "none" }, needsChoice: false });
  });

  it("has no date order without a start-date column", () => {
    expect(ok("UserPrincipalName\na@contoso.example\n").detection.dateOrder).toBeNull();
  });
});
