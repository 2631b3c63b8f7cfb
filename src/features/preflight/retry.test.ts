import { describe, expect, it } from "vitest";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import { isTransientError, retryDelayMs, withRetry } from "./retry";

const graphError = (status: number, retryAfter: number | null = null) => new GraphError({ status, code: "x", message: "m", retryAfter });

describe("read retries", () => {
  it("honours Retry-After, including fractions, up to a cap", () => {
    expect(retryDelayMs(1, 2.128)).toBe(2128);
    expect(retryDelayMs(1, 10_000, { maxRetryAfterMs: 60_000 })).toBe(60_000);
  });

  it("backs off exponentially with jitter and a cap when the service gave no Retry-After", () => {
    const top = { random: () => 1, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect(retryDelayMs(1, null, top)).toBe(1000);
    expect(retryDelayMs(3, null, top)).toBe(4000);
    expect(retryDelayMs(9, null, top)).toBe(5000);
    expect(retryDelayMs(3, null, { ...top, random: () => 0 })).toBe(2000);
  });

  it("retries throttling, server errors and lost answers but not refusals or cancellation", () => {
    expect(isTransientError(graphError(429))).toBe(true);
    expect(isTransientError(graphError(503))).toBe(true);
    expect(isTransientError(new GraphNetworkError("lost", { reason: "timeout" }))).toBe(true);
    expect(isTransientError(graphError(403))).toBe(false);
    expect(isTransientError(graphError(404))).toBe(false);
    expect(isTransientError(new GraphNetworkError("stop", { reason: "aborted" }))).toBe(false);
  });

  it("repeats a throttled read after the Retry-After and returns its answer", async () => {
    const waits: number[] = [];
    let calls = 0;
    const answer = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw graphError(429, 3);
        return "ok";
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(answer).toBe("ok");
    expect(waits).toEqual([3000, 3000]);
  });

  it("gives up after the last attempt with the last error", async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls += 1;
        throw graphError(500);
      },
      { maxAttempts: 3, sleep: async () => {}, random: () => 0 },
    );
    await expect(run).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(3);
  });

  it("stops at once when cancelled", async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = withRetry(
      async () => {
        calls += 1;
        controller.abort();
        throw graphError(503);
      },
      { signal: controller.signal, sleep: async () => {} },
    );
    await expect(run).rejects.toBeDefined();
    expect(calls).toBe(1);
  });
});
