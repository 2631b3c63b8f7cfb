import { describe, expect, it } from "vitest";
import { formatClock, formatDurationWords, formatSpan, idleClearedText, idleCountdownText, idleRemaining, passValidity } from "./countdown";

const MIN = 60_000;

describe("countdown", () => {
  it("shows a fresh 15-minute timer as 15:00 and rounds partial seconds up", () => {
    expect(formatClock(15 * MIN)).toBe("15:00");
    expect(formatClock(14 * MIN + 31_001)).toBe("14:32");
    expect(formatClock(1)).toBe("0:01");
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(-5000)).toBe("0:00");
  });

  it("adds hours to the clock past an hour", () => {
    expect(formatClock(3_723_000)).toBe("1:02:03");
  });

  it("describes spans at the precision that matters", () => {
    expect(formatSpan(2 * 24 * 60 * MIN + 4 * 60 * MIN + 5 * MIN)).toBe("2 d 4 h");
    expect(formatSpan(7 * 60 * MIN + 59 * MIN + 30_000)).toBe("7 h 59 min");
    expect(formatSpan(12 * MIN + 4_200)).toBe("12 min 5 s");
    expect(formatSpan(900)).toBe("1 s");
  });

  it("says durations in words for the cleared message", () => {
    expect(formatDurationWords(15 * MIN)).toBe("15 minutes");
    expect(formatDurationWords(MIN)).toBe("1 minute");
    expect(formatDurationWords(90_000)).toBe("90 seconds");
  });

  it("tells whether a pass has started, is running, or has expired", () => {
    const start = "2026-11-28T10:00:00Z";
    const end = "2026-11-28T11:00:00Z";
    expect(passValidity(Date.parse("2026-11-28T09:55:50Z"), start, end)).toEqual({
      phase: "not-yet-valid",
      text: "Starts in 4 min 10 s",
    });
    expect(passValidity(Date.parse("2026-11-28T10:00:00Z"), start, end)).toEqual({
      phase: "valid",
      text: "Expires in 1 h 0 min",
    });
    expect(passValidity(Date.parse("2026-11-28T11:00:00Z"), start, end)).toEqual({ phase: "expired", text: "Expired" });
  });

  it("counts the idle time down from the last activity and stops at zero", () => {
    expect(idleRemaining(1_000, 1_000, 15 * MIN)).toBe(15 * MIN);
    expect(idleRemaining(1_000, 1_000 + 28_000, 15 * MIN)).toBe(15 * MIN - 28_000);
    expect(idleRemaining(0, 20 * MIN, 15 * MIN)).toBe(0);
  });

  it("words the idle countdown and the cleared notice", () => {
    expect(idleCountdownText(14 * MIN + 32_000)).toBe("Passes are cleared from this page in 14:32 if idle");
    expect(idleClearedText(15 * MIN)).toBe("The pass values were cleared after 15 minutes of inactivity.");
  });
});
