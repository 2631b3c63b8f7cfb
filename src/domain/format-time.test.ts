import { describe, expect, it } from "vitest";
import { fileTimestamp, formatLocal, formatLocalWithOffset, formatUtc, formatUtcIso } from "./format-time";

describe("format-time", () => {
  it("writes UTC times in a form that reads the same in every time zone", () => {
    expect(formatUtc("2026-11-28T10:15:42.123Z")).toBe("2026-11-28 10:15 UTC");
    expect(formatUtcIso("2026-11-28T10:15:42.123Z")).toBe("2026-11-28T10:15:42Z");
  });

  it("writes local times with their offset so a file is never ambiguous", () => {
    expect(formatLocalWithOffset("2026-11-28T10:15:00Z", "Europe/Berlin")).toBe("2026-11-28 11:15 (UTC+01:00)");
    expect(formatLocalWithOffset("2026-07-01T23:30:00Z", "America/New_York")).toBe("2026-07-01 19:30 (UTC-04:00)");
    expect(formatLocalWithOffset("2026-11-28T10:15:00Z", "UTC")).toBe("2026-11-28 10:15 (UTC+00:00)");
    expect(formatLocalWithOffset("2026-11-28T00:05:00Z", "Asia/Kolkata")).toBe("2026-11-28 05:35 (UTC+05:30)");
  });

  it("writes midnight as 00, not 24", () => {
    expect(formatLocalWithOffset("2026-11-28T23:00:00Z", "Europe/Berlin")).toBe("2026-11-29 00:00 (UTC+01:00)");
  });

  it("formats the local time in the reader's locale", () => {
    expect(formatLocal("2026-11-28T10:15:00Z", { timeZone: "Europe/Berlin", locale: "en-GB" })).toBe("28 Nov 2026, 11:15");
  });

  it("returns empty text for a time it cannot read rather than 'Invalid Date'", () => {
    expect(formatUtc("not a date")).toBe("");
    expect(formatUtcIso("")).toBe("");
    expect(formatLocalWithOffset("nope")).toBe("");
    expect(formatLocal("nope")).toBe("");
  });

  it("makes a file-name-safe UTC timestamp", () => {
    expect(fileTimestamp(new Date("2026-11-28T10:15:59Z"))).toBe("2026-11-28T1015Z");
  });
});
