// @vitest-environment jsdom
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PassVault } from "../../lib/tap/pass-vault";
import { startIssuanceRun } from "./issuance-run";
import { FakeClock } from "../../domain/paced-writes/testing/fake-clock";
import { FakeTenant } from "../../domain/paced-writes/testing/fake-tenant";
import { useIssuanceRun } from "./use-issuance-run";

describe("useIssuanceRun", () => {
  it("returns null without a run", () => {
    const { result } = renderHook(() => useIssuanceRun(null));
    expect(result.current).toBeNull();
  });

  it("follows the run to its final snapshot", async () => {
    const clock = new FakeClock();
    const tenant = new FakeTenant({ clock, latencyMs: 300 });
    const run = startIssuanceRun(tenant, [{ rowId: "r1", userKey: "a@contoso.example", displayLabel: "A", body: {} }], {
      vault: new PassVault(),
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
    });
    const { result } = renderHook(() => useIssuanceRun(run));
    expect(result.current?.counts.inFlight).toBe(1);
    await act(() => clock.runUntilSettled(run.finished));
    expect(result.current?.status).toBe("completed");
    expect(result.current?.counts.issued).toBe(1);
  });
});
