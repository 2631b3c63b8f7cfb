import { describe, expect, it } from "vitest";
import { PassVault } from "../../lib/tap/pass-vault";
import type { IssuanceSnapshot } from "./issuance-types";
import { startIssuanceRun } from "./issuance-run";
import { FakeClock, logNormalLatency, seededRandom } from "../../domain/paced-writes/testing/fake-clock";
import { FakeTenant } from "../../domain/paced-writes/testing/fake-tenant";
import { deletes, expectConsistentEnd, outcomeOf, postsFor, setup, targets } from "./testing/run-harness";
import { oneBatchAtATime } from "../../domain/paced-writes/testing/one-batch-at-a-time";

/* The run as paced by the PacedBatchWriter, seen end to end (the parts have their own tests). */

describe("issuance run: batching and pacing", () => {
  it("issues every row through batches of at most 20 and keeps every value in the vault", async () => {
    const { start, finish, tenant, vault } = setup();
    const list = targets(45);
    const run = start(list);
    const snapshot = await finish(run);
    // 35 before any answer, 5 to a batch (a narrow window is spread over several batches), then the rest.
    expect(tenant.batches.map((batch) => batch.requests.length)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 5]);
    expect(snapshot.status).toBe("completed");
    expect(snapshot.counts).toEqual({ total: 45, queued: 0, inFlight: 0, issued: 45, failed: 0, skipped: 0 });
    expect(vault.size).toBe(45);
    expectConsistentEnd(snapshot, list, tenant, vault);
    const pass = vault.get("row-1");
    expect(pass).toMatchObject({ userPrincipalName: "user1@contoso.example", displayName: "User 1", lifetimeInMinutes: 60 });
    expect(Date.parse(pass!.endDateTime) - Date.parse(pass!.startDateTime)).toBe(60 * 60_000);
  });

  it("refills batches from the queue with rows that need resending", async () => {
    const failing = new Set(["user2@contoso.example", "user5@contoso.example", "user9@contoso.example"]);
    const { start, finish, tenant } = setup(
      { innerFault: ({ userKey, attempt }) => (failing.has(userKey) && attempt === 1 ? { kind: "status", status: 500 } : undefined) },
      { ...oneBatchAtATime(), random: () => 0 },
    );
    await finish(start(targets(100)));
    const sizes = tenant.batches.map((batch) => batch.requests.length);
    expect(sizes.slice(0, -1).every((size) => size === 20)).toBe(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(103);
    // The resends ride together in the next batch to start after the failures came back.
    const resendBatch = tenant.batches
      .slice(1)
      .find((batch) => batch.requests.some((request) => request.url.includes("user2@")))!
      .requests.map((request) => request.url);
    for (const user of failing) expect(resendBatch.some((url) => url.includes(user))).toBe(true);
  });

  it("never sends more writes than the burst plus the steady rate allows", async () => {
    const { start, finish, tenant, clock } = setup({ latencyMs: 300 }, { writesPerSecond: 20, burst: 100 });
    const began = clock.now();
    await finish(start(targets(500)));
    const times = tenant.writeTimes;
    expect(times).toHaveLength(500);
    let worstExcess = Number.NEGATIVE_INFINITY;
    for (let first = 0; first < times.length; first += 1) {
      for (let last = first; last < times.length; last += 1) {
        const allowed = 100 + (20 * (times[last]! - times[first]!)) / 1000;
        worstExcess = Math.max(worstExcess, last - first + 1 - allowed);
      }
    }
    expect(worstExcess).toBeLessThanOrEqual(1e-6);
    // …and is not needlessly slow: 400 writes beyond the burst at 20/s take about 20 s.
    expect(clock.now() - began).toBeLessThan(22_000);
  });

  it("puts more creates in flight while burst is available, bounded by the cap, as far as the service has shown it can take", async () => {
    let inFlight = 0;
    let peak = 0;
    let answered = 0;
    let firstSentAt: number | null = null;
    const sizes: number[] = [];
    const overWindow: string[] = [];
    const clock = new FakeClock();
    const tenant = new FakeTenant({ clock, latencyMs: 2000 });
    const counting = {
      batch: async (...args: Parameters<FakeTenant["batch"]>) => {
        const writes = args[0].length;
        firstSentAt ??= clock.now();
        sizes.push(writes);
        inFlight += writes;
        peak = Math.max(peak, inFlight);
        // The creates accepted beyond what 20/s since the first explains, and the window they allow.
        const shown = Math.max(0, answered - (20 * (clock.now() - firstSentAt)) / 1000);
        // …and never fewer than 35, nor than twice the refill at this latency (2 × 20/s × 2 s).
        const window = Math.max(35, 80, Math.floor((shown * shown) / 3000));
        if (inFlight > window) overWindow.push(`${inFlight} in flight with ${answered} accepted at ${clock.now() - firstSentAt} ms`);
        try {
          return await tenant.batch(...args);
        } finally {
          inFlight -= writes;
          answered += writes;
        }
      },
      request: tenant.request.bind(tenant),
    };
    const run = startIssuanceRun(counting, targets(3000), {
      vault: new PassVault(),
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
    });
    // 35 creates before any answer, spread over batches of 5 so one slow create holds back only four others.
    expect(inFlight).toBe(35);
    expect(sizes).toEqual([5, 5, 5, 5, 5, 5, 5]);
    await clock.runUntilSettled(run.finished);
    expect(overWindow).toEqual([]);
    expect(peak).toBe(400);
    // At full width, full batches.
    expect(sizes.filter((size) => size === 20).length).toBeGreaterThan(50);
  });

  it("with a tenth of the documented burst, only the writes in flight when the service runs dry are refused, and the time stays near ideal", async () => {
    // The engine assumes Entra's documented 3000-write burst; here other clients have left only 300.
    // The tenant behaves like the emulator (e2e/tenant): each write waits its own log-normal latency
    // (median 250 ms), only then takes a token, and the batch answers after its slowest write. How many
    // writes are caught when it runs dry is luck (where in a batch that falls), so eight runs.
    let throttled = 0;
    let creates = 0;
    for (let seed = 1; seed <= 8; seed += 1) {
      const clock = new FakeClock();
      const tenant = new FakeTenant({
        clock,
        quota: { capacity: 300, perSecond: 20 },
        innerLatencyMs: logNormalLatency(250, 0.35, seededRandom(seed * 7 + 1)),
      });
      const sent: Array<{ at: number; answeredAt: number; throttled: number }> = [];
      const client = {
        batch: async (...args: Parameters<FakeTenant["batch"]>) => {
          const entry = { at: clock.now(), answeredAt: Number.NaN, throttled: 0 };
          sent.push(entry);
          const answers = await tenant.batch(...args);
          entry.answeredAt = clock.now();
          entry.throttled = answers.filter((answer) => answer.status === 429).length;
          return answers;
        },
        request: tenant.request.bind(tenant),
      };
      const began = clock.now();
      const run = startIssuanceRun(client, targets(2000), {
        vault: new PassVault(),
        now: clock.now,
        sleep: clock.sleep,
        random: seededRandom(seed),
      });
      const snapshot = await clock.runUntilSettled(run.finished);
      expect(snapshot.counts.issued).toBe(2000);
      const firstSeen = Math.min(...sent.filter((batch) => batch.throttled > 0).map((batch) => batch.answeredAt));
      // Nothing sent after the first 429 was read is refused: the engine stops and paces at once.
      for (const batch of sent.filter((candidate) => candidate.throttled > 0)) expect(batch.at).toBeLessThan(firstSeen);
      // Those in flight then are the price of not knowing the service's bucket: every write sent but not
      // yet counted when it runs dry comes back 429 (unless the refill covers it). The engine stays near
      // the 35 it starts with until the service has shown more of its burst than 300: about half of them.
      expect(tenant.createRequests - 2000, `seed ${seed}`).toBeGreaterThan(0);
      expect((tenant.createRequests - 2000) / tenant.createRequests, `seed ${seed}`).toBeLessThan(0.015);
      throttled += tenant.createRequests - 2000;
      creates += tenant.createRequests;
      // A perfect client needs (2000 − 300) / 20 = 85 s.
      expect((clock.now() - began) / 1000).toBeLessThan(85 * 1.1);
    }
    expect(throttled / creates).toBeLessThan(0.01);
  });
});

describe("issuance run: throttling", () => {
  it("honours the longest inner Retry-After (any header casing) before starting new writes", async () => {
    const { start, finish, tenant } = setup(
      {
        innerFault: ({ batchIndex, userKey }) =>
          batchIndex === 0 && ["user3@contoso.example", "user4@contoso.example"].includes(userKey)
            ? {
                kind: "status",
                status: 429,
                code: "TooManyRequests",
                headers: { [userKey.startsWith("user3") ? "Retry-After" : "retry-after"]: userKey.startsWith("user3") ? "7" : "2.5" },
              }
            : undefined,
      },
      { ...oneBatchAtATime() },
    );
    const list = targets(40);
    const run = start(list);
    const seen: IssuanceSnapshot[] = [];
    run.subscribe(() => seen.push(run.getSnapshot()));
    const snapshot = await finish(run);
    const [first, second] = tenant.batches;
    expect(second!.at).toBeGreaterThanOrEqual(first!.at + 500 + 7000);
    expect(seen.some((state) => state.throttle.waitingUntil === first!.at + 500 + 7000)).toBe(true);
    expect(seen.some((state) => state.throttle.writesPerSecond === 14)).toBe(true);
    expect(snapshot.counts.issued).toBe(40);
    expect(postsFor(tenant, "user3@contoso.example")).toBe(2);
    expect(deletes(tenant)).toHaveLength(0);
  });

  it("backs off after an outer 429 whose Retry-After could not be read, then issues everything", async () => {
    const { start, finish, tenant } = setup(
      { batchFault: ({ batchIndex }) => (batchIndex === 0 ? { kind: "outer", status: 429, retryAfter: null } : undefined) },
      { ...oneBatchAtATime(), random: () => 0.5, backoff: { baseMs: 4000, capMs: 60_000 } },
    );
    const list = targets(20);
    const snapshot = await finish(start(list));
    expect(tenant.batches).toHaveLength(2);
    // Full jitter with random() = 0.5 on a 4 s base: 2 s after the answer.
    expect(tenant.batches[1]!.at - tenant.batches[0]!.at).toBe(500 + 2000);
    expect(snapshot.counts.issued).toBe(20);
    expect(tenant.directCalls).toHaveLength(0);
  });

  it("waits for an outer 503's readable Retry-After", async () => {
    const { start, finish, tenant } = setup(
      { batchFault: ({ batchIndex }) => (batchIndex === 0 ? { kind: "outer", status: 503, retryAfter: 12 } : undefined) },
      { ...oneBatchAtATime(), random: () => 0 },
    );
    const snapshot = await finish(start(targets(10)));
    expect(tenant.batches[1]!.at - tenant.batches[0]!.at).toBeGreaterThanOrEqual(500 + 12_000);
    expect(snapshot.counts.issued).toBe(10);
  });

  it("slowly raises the pace again after sustained success", async () => {
    const { start, finish, tenant } = setup(
      { batchFault: ({ batchIndex }) => (batchIndex === 0 ? { kind: "outer", status: 429, retryAfter: 1 } : undefined) },
      { ...oneBatchAtATime(), burst: 20, writesPerSecond: 20, increaseAfterMs: 5000 },
    );
    const run = start(targets(1000));
    const paces: number[] = [];
    run.subscribe(() => paces.push(run.getSnapshot().throttle.writesPerSecond));
    await finish(run);
    expect(Math.min(...paces)).toBe(14);
    expect(paces.at(-1)).toBe(20);
    expect(tenant.createRequests).toBe(1020);
  });

  it("settles near the service's pace when its quota is smaller than the configured burst", async () => {
    const { start, finish, tenant, clock } = setup(
      { latencyMs: 400, quota: { capacity: 100, perSecond: 20 } },
      { random: seededRandom(7) },
    );
    const began = clock.now();
    const run = start(targets(1000));
    const snapshot = await finish(run);
    const seconds = (clock.now() - began) / 1000;
    expect(snapshot.counts.issued).toBe(1000);
    // 900 writes beyond the service's burst at 20/s take 45 s at best.
    expect(seconds).toBeLessThan(52);
    // Only the opening burst overshoots; afterwards the pace holds below the quota.
    expect(tenant.createRequests - 1000).toBeLessThan(100);
  });

  it("gives up a row that stays throttled, without deleting anything", async () => {
    const { start, finish, tenant } = setup(
      {
        innerFault: ({ userKey }) =>
          userKey === "user1@contoso.example" ? { kind: "status", status: 429, headers: { "Retry-After": "1" } } : undefined,
      },
      { maxThrottledAttempts: 3 },
    );
    const snapshot = await finish(start(targets(3)));
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({ kind: "failed", status: 429, code: "generalException" });
    expect(postsFor(tenant, "user1@contoso.example")).toBe(3);
    expect(tenant.directCalls).toHaveLength(0);
  });
});

describe("issuance run: outer $batch 424", () => {
  it("resends every request of a batch answered 424 as a whole, like throttling: no row fails", async () => {
    const { start, finish, tenant, vault } = setup(
      {
        batchFault: ({ batchIndex }) =>
          batchIndex < 2 ? { kind: "outer", status: 424, code: "failedDependency", retryAfter: 2 } : undefined,
      },
      { ...oneBatchAtATime() },
    );
    const list = targets(20);
    const snapshot = await finish(start(list));
    expect(tenant.batches).toHaveLength(3);
    expect(tenant.batches[1]!.at - tenant.batches[0]!.at).toBeGreaterThanOrEqual(500 + 2000);
    expect(snapshot.counts).toMatchObject({ issued: 20, failed: 0 });
    expect(snapshot.throttle.throttledResponses).toBe(2);
    expectConsistentEnd(snapshot, list, tenant, vault);
  });
});
