import { describe, expect, it } from "vitest";
import type { ExistingPassSummary, PreflightRow } from "./preflight-types";
import { currentPassText } from "./current-pass-note";

const pass: ExistingPassSummary = {
  id: "p1",
  createdDateTime: "2026-03-01T09:00:00Z",
  startDateTime: "2026-03-01T09:00:00Z",
  endDateTime: "2026-03-01T10:00:00Z",
  lifetimeInMinutes: 60,
  isUsableOnce: false,
  isUsable: true,
  methodUsabilityReason: "EnabledByPolicy",
};

function row(verdict: PreflightRow["verdict"], existingPass?: ExistingPassSummary): PreflightRow {
  return {
    candidate: { rowId: "r1", line: null, identifier: "u1", overrides: {} },
    verdict,
    ...(existingPass ? { existingPass } : {}),
    detail: "",
  };
}

describe("currentPassText", () => {
  it("says a ready person holds no pass yet", () => {
    expect(currentPassText(row("ready"))).toBe("none; they will get a new one.");
  });

  it("gives a usable pass's end in local time and UTC", () => {
    expect(currentPassText(row("holds-usable-pass", pass))).toMatch(/^usable until .+ \(2026-03-01 10:00 UTC\)\.$/);
  });

  it("gives a future pass's start and an expired pass's end", () => {
    expect(currentPassText(row("holds-future-pass", pass))).toMatch(/^starts .+ \(2026-03-01 09:00 UTC\)\.$/);
    expect(currentPassText(row("holds-expired-pass", { ...pass, isUsable: false }))).toMatch(
      /^expired .+ \(2026-03-01 10:00 UTC\); the new one replaces it\.$/,
    );
  });

  it("leaves verdicts that aren't about a pass to the review's own reason", () => {
    expect(currentPassText(row("disabled"))).toBeNull();
    expect(currentPassText(row("needs-privileged-admin"))).toBeNull();
  });
});
