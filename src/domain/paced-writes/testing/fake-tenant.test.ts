import { describe, expect, it } from "vitest";
import { buildCreateTapBatchRequest } from "../../../lib/graph/operations";
import { FakeClock } from "./fake-clock";
import { FakeTenant } from "./fake-tenant";

const creates = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) =>
    buildCreateTapBatchRequest(String(index + 1), `user${from + index}@contoso.example`, { lifetimeInMinutes: 60 }),
  );

describe("FakeTenant's write quota (independent of the engine's TokenBucket)", () => {
  it("accepts `capacity` writes at once, then `perSecond`, and answers the rest 429 with when the next would fit", async () => {
    const clock = new FakeClock();
    const tenant = new FakeTenant({ clock, latencyMs: 0, quota: { capacity: 5, perSecond: 10 } });
    const first = await clock.runUntilSettled(tenant.batch(creates(1, 8)));
    expect(first.filter((response) => response.status === 201)).toHaveLength(5);
    const throttled = first.filter((response) => response.status === 429);
    expect(throttled).toHaveLength(3);
    expect(throttled.every((response) => response.headers["Retry-After"] === "0.100")).toBe(true);

    await clock.advanceBy(250);
    const second = await clock.runUntilSettled(tenant.batch(creates(9, 4)));
    expect(second.filter((response) => response.status === 201)).toHaveLength(2);

    // Unused quota builds up only to `capacity`.
    await clock.advanceBy(60_000);
    const third = await clock.runUntilSettled(tenant.batch(creates(13, 8)));
    expect(third.filter((response) => response.status === 201)).toHaveLength(5);
  });

  it("with per-write latency, counts each write when its own time is up and answers the batch after the slowest", async () => {
    const clock = new FakeClock();
    const latencies = [300, 100, 200];
    const tenant = new FakeTenant({ clock, quota: { capacity: 2, perSecond: 0.001 }, innerLatencyMs: () => latencies.shift()! });
    const started = clock.now();
    const answers = await clock.runUntilSettled(tenant.batch(creates(1, 3)));
    // The first write in the batch is the slowest: the quota is spent by the two that arrive before it.
    expect(answers.find((response) => response.id === "1")?.status).toBe(429);
    expect(
      answers
        .filter((response) => response.status === 201)
        .map((response) => response.id)
        .sort(),
    ).toEqual(["2", "3"]);
    expect(clock.now() - started).toBe(300);
  });
});
