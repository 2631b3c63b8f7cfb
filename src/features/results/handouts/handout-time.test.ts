import { describe, expect, it } from "vitest";
import { slipTime, slipTimeText } from "./handout-time";

const START = "2026-11-30T00:30:00Z";

describe("slipTime", () => {
  it("shows the person's own zone, with its name and offset", () => {
    const tokyo = slipTime(START, { timeZone: "Asia/Tokyo", locale: "en-GB", browserZone: "Europe/London" });
    expect(tokyo).toEqual({ text: "Mon, 30 Nov 2026, 09:30", zone: "Asia/Tokyo", offset: "UTC+09:00", note: null });
    expect(tokyo && slipTimeText(tokyo)).toBe("Mon, 30 Nov 2026, 09:30 · Asia/Tokyo (UTC+09:00)");
  });

  it("names the zone as IANA spells it, whatever case the file used", () => {
    expect(slipTime(START, { timeZone: "asia/tokyo", locale: "en-GB" })?.zone).toBe("Asia/Tokyo");
  });

  it("falls back to the browser's zone when the row has none", () => {
    expect(slipTime(START, { locale: "en-GB", browserZone: "America/Los_Angeles" })).toEqual({
      text: "Sun, 29 Nov 2026, 16:30",
      zone: "America/Los_Angeles",
      offset: "UTC-08:00",
      note: null,
    });
    expect(slipTime(START, { timeZone: " ", locale: "en-GB", browserZone: "UTC" })?.offset).toBe("UTC+00:00");
  });

  it("says so instead of crashing on a zone name Intl doesn't know, and prints UTC", () => {
    expect(slipTime(START, { timeZone: "Mars/Olympus", locale: "en-GB", browserZone: "Asia/Tokyo" })).toEqual({
      text: "Mon, 30 Nov 2026, 00:30",
      zone: "UTC",
      offset: "UTC+00:00",
      note: "The time zone “Mars/Olympus” is not known, so this is in UTC.",
    });
  });

  it("follows daylight saving in the person's zone", () => {
    expect(slipTime("2026-07-01T08:00:00Z", { timeZone: "Europe/Berlin", locale: "en-GB" })?.offset).toBe("UTC+02:00");
    expect(slipTime("2026-12-01T08:00:00Z", { timeZone: "Europe/Berlin", locale: "en-GB" })?.offset).toBe("UTC+01:00");
  });

  it("prints nothing for a time that isn't one", () => {
    expect(slipTime("not a date")).toBeNull();
  });
});
