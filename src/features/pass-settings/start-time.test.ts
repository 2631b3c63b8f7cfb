import { describe, expect, it } from "vitest";
import { checkStart, formatOffset, formatUtc, localInputToUtcIso, type OffsetAt, utcIsoToLocalInput } from "./start-time";

const fixed =
  (minutes: number): OffsetAt =>
  () =>
    minutes;
/** Europe/Berlin in 2026: CET (+60) until 29 March 01:00 UTC, CEST (+120) after. */
const berlin: OffsetAt = (utcMs) => (utcMs >= Date.parse("2026-03-29T01:00:00Z") ? 120 : 60);

describe("start time conversion", () => {
  it("turns a local wall time into UTC for zones east and west of UTC", () => {
    expect(localInputToUtcIso("2026-06-01T09:00", fixed(120))).toBe("2026-06-01T07:00:00.000Z");
    expect(localInputToUtcIso("2026-06-01T09:00", fixed(-300))).toBe("2026-06-01T14:00:00.000Z");
    expect(localInputToUtcIso("2026-06-01T09:00", fixed(330))).toBe("2026-06-01T03:30:00.000Z");
    expect(localInputToUtcIso("2026-06-01T09:00", fixed(0))).toBe("2026-06-01T09:00:00.000Z");
  });

  it("crosses the date line when the offset pushes past midnight", () => {
    expect(localInputToUtcIso("2026-06-01T01:00", fixed(600))).toBe("2026-05-31T15:00:00.000Z");
  });

  it("uses the offset in effect at the chosen time, not now, around daylight saving", () => {
    expect(localInputToUtcIso("2026-03-28T09:00", berlin)).toBe("2026-03-28T08:00:00.000Z");
    expect(localInputToUtcIso("2026-03-30T09:00", berlin)).toBe("2026-03-30T07:00:00.000Z");
    expect(localInputToUtcIso("2026-03-29T03:30", berlin)).toBe("2026-03-29T01:30:00.000Z");
  });

  it("refuses values that are not real dates and times", () => {
    expect(localInputToUtcIso("", fixed(0))).toBeNull();
    expect(localInputToUtcIso("2026-02-30T09:00", fixed(0))).toBeNull();
    expect(localInputToUtcIso("2026-06-01T24:00", fixed(0))).toBeNull();
    expect(localInputToUtcIso("tomorrow", fixed(0))).toBeNull();
  });

  it("shows a UTC instant back as the local input value", () => {
    expect(utcIsoToLocalInput("2026-06-01T07:00:00.000Z", fixed(120))).toBe("2026-06-01T09:00");
    expect(utcIsoToLocalInput("2026-03-28T08:00:00.000Z", berlin)).toBe("2026-03-28T09:00");
    const roundTrip = localInputToUtcIso("2026-11-02T18:45", fixed(-480));
    expect(utcIsoToLocalInput(roundTrip!, fixed(-480))).toBe("2026-11-02T18:45");
  });

  it("formats offsets and UTC unambiguously", () => {
    expect(formatOffset(120)).toBe("+02:00");
    expect(formatOffset(-210)).toBe("-03:30");
    expect(formatUtc("2026-06-01T07:00:00.000Z")).toBe("2026-06-01 07:00 UTC");
  });

  it("tells now, later, past and invalid starts apart", () => {
    const now = Date.parse("2026-06-01T12:00:00Z");
    expect(checkStart(null, now)).toEqual({ kind: "now" });
    expect(checkStart("2026-06-01T13:00:00Z", now).kind).toBe("later");
    expect(checkStart("2026-06-01T12:00:00Z", now).kind).toBe("past");
    expect(checkStart("soon", now).kind).toBe("invalid");
  });

  it("treats an empty start as Later with no date yet (invalid), never as now", () => {
    expect(checkStart("", Date.parse("2026-06-01T12:00:00Z"))).toEqual({ kind: "invalid" });
    expect(checkStart(undefined, Date.parse("2026-06-01T12:00:00Z"))).toEqual({ kind: "now" });
  });
});
