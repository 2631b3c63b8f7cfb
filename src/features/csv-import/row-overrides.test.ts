import { describe, expect, it } from "vitest";
import { parseIsUsableOnce, parseLifetimeInMinutes, parseStartDateTime } from "./row-overrides";

describe("parseLifetimeInMinutes", () => {
  it("takes whole minutes from 10 to 43200 and nothing from an empty cell", () => {
    expect(parseLifetimeInMinutes("")).toEqual({ ok: true, value: undefined });
    expect(parseLifetimeInMinutes("10")).toEqual({ ok: true, value: 10 });
    expect(parseLifetimeInMinutes("43200")).toEqual({ ok: true, value: 43200 });
  });

  it("refuses values outside the range, fractions, signs and words with a reason", () => {
    for (const bad of ["9", "43201", "60.5", "-60", "+60", "1e3", "sixty", "0x3c", "9".repeat(5000)]) {
      const r = parseLifetimeInMinutes(bad);
      expect(r.ok).toBe(false);
      expect(r.ok ? "" : r.reason).toMatch(/whole number from 10 to 43200/);
    }
  });
});

describe("parseIsUsableOnce", () => {
  it("accepts true/false, yes/no and 1/0 in any case", () => {
    for (const yes of ["true", "TRUE", "Yes", "1"]) expect(parseIsUsableOnce(yes)).toEqual({ ok: true, value: true });
    for (const no of ["false", "False", "NO", "0"]) expect(parseIsUsableOnce(no)).toEqual({ ok: true, value: false });
    expect(parseIsUsableOnce("")).toEqual({ ok: true, value: undefined });
  });

  it("refuses anything else with a reason", () => {
    expect(parseIsUsableOnce("maybe")).toMatchObject({ ok: false, reason: expect.stringMatching(/true\/false, yes\/no or 1\/0/) });
    expect(parseIsUsableOnce("y").ok).toBe(false);
  });
});

describe("parseStartDateTime", () => {
  it("accepts ISO 8601 with an offset or Z, keeping what the admin wrote", () => {
    expect(parseStartDateTime("2026-12-01T09:00:00+01:00")).toEqual({ ok: true, value: "2026-12-01T09:00:00+01:00" });
    expect(parseStartDateTime("2026-12-01T08:00:00Z")).toEqual({ ok: true, value: "2026-12-01T08:00:00Z" });
    expect(parseStartDateTime("2026-12-01T08:00:00.123-05:30")).toEqual({ ok: true, value: "2026-12-01T08:00:00.123-05:30" });
    expect(parseStartDateTime("2026-12-01 09:00+01:00")).toEqual({ ok: true, value: "2026-12-01T09:00+01:00" });
  });

  it("refuses a local time without a time zone and says how to add one", () => {
    for (const local of ["2026-12-01T09:00:00", "2026-12-01 09:00", "2026-12-01"]) {
      expect(parseStartDateTime(local)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/add one, e\.g\. 2026-12-01T09:00:00\+01:00/),
      });
    }
  });

  it("refuses dates that don't exist and text that isn't ISO 8601", () => {
    expect(parseStartDateTime("2026-02-30T09:00:00Z")).toMatchObject({ ok: false, reason: expect.stringMatching(/isn't a real date/) });
    expect(parseStartDateTime("2026-12-01T24:00:00Z").ok).toBe(false);
    expect(parseStartDateTime("01/12/2026 09:00")).toMatchObject({ ok: false, reason: expect.stringMatching(/isn't an ISO 8601/) });
    expect(parseStartDateTime("tomorrow").ok).toBe(false);
  });
});
