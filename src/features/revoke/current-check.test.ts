import { describe, expect, it } from "vitest";
import { FakeClock } from "../../domain/paced-writes/testing/fake-clock";
import { checkCurrentPasses, classifyCurrent } from "./current-check";
import { mapTenant } from "./testing/map-tenant";

describe("classifyCurrent", () => {
  it("is current only when the user's passes include ours (ids compared without case)", () => {
    expect(classifyCurrent("ABC", ["abc"])).toEqual({ kind: "current" });
    expect(classifyCurrent("abc", ["newer"])).toMatchObject({ kind: "gone", reason: expect.stringContaining("replaced") });
    expect(classifyCurrent("abc", [])).toMatchObject({ kind: "gone", reason: expect.stringContaining("holds no pass") });
  });
});

describe("checkCurrentPasses", () => {
  it("reads each user's passes, writes nothing, and gives each pass one state with Graph's words on a refusal", async () => {
    const clock = new FakeClock();
    const passes = new Map([
      ["u-1", "m-1"],
      ["u-2", "newer"],
      ["u-4", "m-4"],
    ]);
    const graph = mapTenant(passes, new Set(["u-4"]));
    const targets = ["u-1", "u-2", "u-3", "u-4"].map((userId) => ({
      key: `k-${userId}`,
      userId,
      methodId: `m-${userId.slice(2)}`,
      label: userId,
    }));
    const states = await clock.runUntilSettled(
      checkCurrentPasses(graph.client, targets, { now: clock.now, sleep: clock.sleep, random: () => 0.5 }),
    );
    expect(states.get("k-u-1")).toEqual({ kind: "current" });
    expect(states.get("k-u-2")).toMatchObject({ kind: "gone", reason: expect.stringContaining("replaced") });
    expect(states.get("k-u-3")).toMatchObject({ kind: "gone" });
    expect(states.get("k-u-4")).toMatchObject({
      kind: "unknown",
      reason: expect.stringContaining("Couldn't be checked"),
      code: "accessDenied",
      requestId: "req-403",
      graphMessage: "Request Authorization failed",
    });
    expect(graph.calls.every((call) => call.method === "GET")).toBe(true);
    expect(passes.size).toBe(3);
  });
});
