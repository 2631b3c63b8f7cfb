import { describe, expect, it, vi } from "vitest";
import {
  canonicalTimeZone,
  formatInZone,
  hireDateDay,
  isRealDate,
  isTimeZone,
  listTimeZones,
  parseWallTime,
  zoneOffsetMinutes,
  zonedToUtc,
} from "./zoned-time";

const iso = (ms: number) => new Date(ms).toISOString();

describe("zonedToUtc", () => {
  it("turns an ordinary wall time into its instant, winter and summer", () => {
    const winter = zonedToUtc({ year: 2026, month: 12, day: 7 }, { hour: 7, minute: 30 }, "Europe/Berlin");
    expect(winter).toEqual({ kind: "exact", utcMs: Date.parse("2026-12-07T06:30:00Z") });
    const summer = zonedToUtc({ year: 2026, month: 7, day: 1 }, { hour: 7, minute: 30 }, "Europe/Berlin");
    expect(iso(summer.utcMs)).toBe("2026-07-01T05:30:00.000Z");
    expect(iso(zonedToUtc({ year: 2026, month: 12, day: 7 }, { hour: 7, minute: 30 }, "Asia/Tokyo").utcMs)).toBe(
      "2026-12-06T22:30:00.000Z",
    );
    expect(iso(zonedToUtc({ year: 2026, month: 12, day: 7 }, { hour: 7, minute: 30 }, "America/New_York").utcMs)).toBe(
      "2026-12-07T12:30:00.000Z",
    );
  });

  it("moves 02:30 on New York's spring-forward day (2026-03-08) to 03:30 and says so", () => {
    const r = zonedToUtc({ year: 2026, month: 3, day: 8 }, { hour: 2, minute: 30 }, "America/New_York");
    expect(r).toEqual({ kind: "skipped", utcMs: Date.parse("2026-03-08T07:30:00Z"), shownAs: { hour: 3, minute: 30 }, gapMinutes: 60 });
  });

  it("moves 02:30 on Berlin's spring-forward day (2026-03-29) to 03:30", () => {
    const r = zonedToUtc({ year: 2026, month: 3, day: 29 }, { hour: 2, minute: 30 }, "Europe/Berlin");
    expect(r.kind).toBe("skipped");
    expect(iso(r.utcMs)).toBe("2026-03-29T01:30:00.000Z");
    // 07:30 the same day is after the change: summer time, exact.
    const morning = zonedToUtc({ year: 2026, month: 3, day: 29 }, { hour: 7, minute: 30 }, "Europe/Berlin");
    expect(morning).toEqual({ kind: "exact", utcMs: Date.parse("2026-03-29T05:30:00Z") });
  });

  it("moves 02:30 on Sydney's spring-forward day (2026-10-04, southern hemisphere) to 03:30", () => {
    const r = zonedToUtc({ year: 2026, month: 10, day: 4 }, { hour: 2, minute: 30 }, "Australia/Sydney");
    expect(r.kind).toBe("skipped");
    expect(iso(r.utcMs)).toBe("2026-10-03T16:30:00.000Z");
  });

  it("takes the earlier instant of a fall-back repeated hour", () => {
    const ny = zonedToUtc({ year: 2026, month: 11, day: 1 }, { hour: 1, minute: 30 }, "America/New_York");
    expect(ny).toEqual({
      kind: "repeated",
      utcMs: Date.parse("2026-11-01T05:30:00Z"),
      laterUtcMs: Date.parse("2026-11-01T06:30:00Z"),
    });
    const sydney = zonedToUtc({ year: 2026, month: 4, day: 5 }, { hour: 2, minute: 30 }, "Australia/Sydney");
    expect(sydney.kind).toBe("repeated");
    expect(iso(sydney.utcMs)).toBe("2026-04-04T15:30:00.000Z");
  });

  it("handles zones with half-hour offsets and UTC", () => {
    expect(iso(zonedToUtc({ year: 2026, month: 12, day: 7 }, { hour: 9, minute: 0 }, "Asia/Kolkata").utcMs)).toBe(
      "2026-12-07T03:30:00.000Z",
    );
    expect(zonedToUtc({ year: 2026, month: 12, day: 7 }, { hour: 9, minute: 0 }, "UTC")).toEqual({
      kind: "exact",
      utcMs: Date.parse("2026-12-07T09:00:00Z"),
    });
  });
});

describe("formatInZone and offsets", () => {
  it("shows an instant on the zone's wall clock with its offset", () => {
    expect(formatInZone(Date.parse("2026-12-06T22:30:00Z"), "Asia/Tokyo")).toBe("2026-12-07 07:30 (UTC+09:00)");
    expect(formatInZone(Date.parse("2026-03-08T07:30:00Z"), "America/New_York")).toBe("2026-03-08 03:30 (UTC-04:00)");
    expect(formatInZone(Date.parse("2026-12-07T03:30:00Z"), "Asia/Kolkata")).toBe("2026-12-07 09:00 (UTC+05:30)");
    expect(zoneOffsetMinutes(Date.parse("2026-07-01T00:00:00Z"), "Europe/Berlin")).toBe(120);
  });
});

describe("time zone names", () => {
  it("knows IANA zones and refuses typos and offsets", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Europe/Berln")).toBe(false);
    expect(isTimeZone("+01:00")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("Mars/Olympus")).toBeNull();
  });

  it("lists the browser's zones, and a short list when Intl.supportedValuesOf is missing", () => {
    const all = listTimeZones();
    expect(all).toContain("Europe/Berlin");
    expect(all).toContain("UTC");
    expect(all.length).toBeGreaterThan(300);
    vi.spyOn(Intl, "supportedValuesOf").mockImplementation(() => {
      throw new TypeError("not supported");
    });
    const fallback = listTimeZones(["Africa/Nairobi", "Not/AZone"]);
    expect(fallback).toContain("Africa/Nairobi");
    expect(fallback).toContain("America/New_York");
    expect(fallback).not.toContain("Not/AZone");
    expect(fallback.length).toBeLessThan(30);
  });
});

describe("hireDateDay", () => {
  it("reads the calendar day whose UTC midnight is nearest (HR tools store local midnight)", () => {
    expect(hireDateDay("2026-12-06T23:00:00Z")).toEqual({ year: 2026, month: 12, day: 7 }); // Berlin midnight
    expect(hireDateDay("2026-12-07T05:00:00Z")).toEqual({ year: 2026, month: 12, day: 7 }); // New York midnight
    expect(hireDateDay("2026-12-06T15:00:00Z")).toEqual({ year: 2026, month: 12, day: 7 }); // Tokyo midnight
    expect(hireDateDay("2026-12-07T00:00:00Z")).toEqual({ year: 2026, month: 12, day: 7 });
    expect(hireDateDay("2026-12-07T11:59:00Z")).toEqual({ year: 2026, month: 12, day: 7 });
    expect(hireDateDay("2026-12-07T12:00:00Z")).toEqual({ year: 2026, month: 12, day: 8 });
    expect(hireDateDay("not a date")).toBeNull();
  });
});

describe("small parsers", () => {
  it("reads 24-hour times and real dates only", () => {
    expect(parseWallTime("07:30")).toEqual({ hour: 7, minute: 30 });
    expect(parseWallTime("7:05")).toEqual({ hour: 7, minute: 5 });
    expect(parseWallTime("24:00")).toBeNull();
    expect(parseWallTime("07:60")).toBeNull();
    expect(isRealDate({ year: 2028, month: 2, day: 29 })).toBe(true);
    expect(isRealDate({ year: 2026, month: 2, day: 29 })).toBe(false);
    expect(isRealDate({ year: 2026, month: 4, day: 31 })).toBe(false);
  });
});
