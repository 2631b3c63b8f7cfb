import { describe, expect, it } from "vitest";
import { GraphError } from "../../lib/graph/graph-error";
import { buildCreateTapBatchRequest } from "../../lib/graph/operations";
import { newWriteState, PacedBatchWriter, type WriteAnswer, type WriteItem, type WriterOptions } from "./paced-batch-writer";
import { FakeClock } from "./testing/fake-clock";
import { FakeTenant, type FakeTenantOptions } from "./testing/fake-tenant";
import { oneBatchAtATime } from "./testing/one-batch-at-a-time";

interface Item extends WriteItem {
  user: string;
}

const items = (count: number): Item[] =>
  Array.from({ length: count }, (_, index) => ({ user: `user${index + 1}@contoso.example`, write: newWriteState() }));

function setup(tenantOptions: Omit<FakeTenantOptions, "clock"> = {}, options: Partial<WriterOptions> = {}) {
  const clock = new FakeClock();
  const tenant = new FakeTenant({ clock, latencyMs: 500, ...tenantOptions });
  const answers = new Map<string, WriteAnswer>();
  const unsent: string[] = [];
  const retried: string[] = [];
  const fatal: unknown[] = [];
  const caller = {
    refuseResend: new Set<string>(),
  };
  const writer = new PacedBatchWriter<Item>(
    tenant,
    {
      request: (item, id) => buildCreateTapBatchRequest(id, item.user, { lifetimeInMinutes: 60 }),
      checkAccepted: (_item, response) =>
        (response.body as { temporaryAccessPass?: string | null }).temporaryAccessPass
          ? null
          : new GraphError({ status: response.status, code: "passValueMissing", message: "no value" }),
      describe: (_item, error) => `problem ${error instanceof GraphError ? error.status : "network"}`,
      sending: () => {},
      retrying: (item) => retried.push(item.user),
      mayResend: (item) => !caller.refuseResend.has(item.user),
      settled: (item, answer) => {
        expect(answers.has(item.user), `${item.user} settled twice`).toBe(false);
        answers.set(item.user, answer);
      },
      unsent: (item) => unsent.push(item.user),
      fatal: (error) => fatal.push(error),
      broken: (_items, error) => {
        throw error;
      },
      changed: () => {},
    },
    {
      batchSize: 20,
      minBatchSize: 20,
      initialInFlight: 60,
      maxInFlight: 120,
      writesPerSecond: 20,
      burst: 3000,
      minWritesPerSecond: 2,
      decreaseFactor: 0.7,
      backoff: { baseMs: 1000, capMs: 30_000 },
      increaseAfterMs: 3000,
      maxAttempts: 6,
      maxThrottledAttempts: 20,
      batchTimeoutMs: 90_000,
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      ...options,
    },
  );
  const runAll = async (list: Item[]) => {
    writer.add(list);
    await clock.runUntilSettled(writer.run());
  };
  return { clock, tenant, writer, answers, unsent, retried, fatal, caller, runAll };
}

const kinds = (answers: Map<string, WriteAnswer>) => [...answers.values()].map((answer) => answer.kind);

describe("PacedBatchWriter: answers", () => {
  it("hands back exactly one final answer per write, sent in full batches of at most 20", async () => {
    const { runAll, tenant, answers } = setup();
    await runAll(items(45));
    expect(tenant.batches.map((batch) => batch.requests.length)).toEqual([20, 20, 5]);
    expect(answers.size).toBe(45);
    expect(kinds(answers).every((kind) => kind === "accepted")).toBe(true);
  });

  it("settles a permanent failure at once, with Graph's error and its class", async () => {
    const { runAll, tenant, answers } = setup({
      innerFault: ({ userKey }) =>
        userKey === "user2@contoso.example" ? { kind: "status", status: 403, code: "Authorization_RequestDenied" } : undefined,
    });
    await runAll(items(3));
    expect(tenant.createRequests).toBe(3);
    const answer = answers.get("user2@contoso.example");
    expect(answer).toMatchObject({ kind: "failed", failureClass: { kind: "permanent" } });
    expect(answer?.kind === "failed" && answer.error).toMatchObject({ status: 403, code: "Authorization_RequestDenied" });
  });

  it("resends a 5xx with backoff, remembers the first attempt that may have written, and gives up after maxAttempts", async () => {
    const { runAll, tenant, answers, retried } = setup(
      { innerFault: ({ userKey }) => (userKey === "user1@contoso.example" ? { kind: "status", status: 503, commit: true } : undefined) },
      { maxAttempts: 3 },
    );
    const list = items(2);
    await runAll(list);
    expect(tenant.createRequests).toBe(4);
    expect(retried).toEqual(["user1@contoso.example", "user1@contoso.example"]);
    expect(answers.get("user1@contoso.example")).toMatchObject({ kind: "failed", failureClass: { kind: "transient", ambiguous: true } });
    expect(list[0]!.write).toMatchObject({ attempts: 3, firstAmbiguousAt: tenant.batches[0]!.at });
    // Backoff: random 0.5 × 1 s, then × 2 s, after each answer.
    expect(tenant.batches.map((batch) => batch.at - tenant.batches[0]!.at)).toEqual([0, 1000, 2500]);
  });

  it("resends a 2xx whose answer is unusable, as a write that may have happened", async () => {
    const { runAll, answers } = setup({ innerFault: ({ attempt }) => (attempt === 1 ? { kind: "no-value" } : undefined) });
    const list = items(2);
    await runAll(list);
    expect(kinds(answers)).toEqual(["accepted", "accepted"]);
    expect(list.every((item) => item.write.attempts === 2 && item.write.firstAmbiguousAt !== null)).toBe(true);
  });
});

describe("PacedBatchWriter: throttling", () => {
  it("resends 429s after the Retry-After without counting them as failures, and gives up after maxThrottledAttempts", async () => {
    const { runAll, tenant, answers } = setup(
      {
        innerFault: ({ userKey }) =>
          userKey === "user1@contoso.example" ? { kind: "status", status: 429, headers: { "Retry-After": "3" } } : undefined,
      },
      { maxAttempts: 1, maxThrottledAttempts: 4 },
    );
    const list = items(2);
    await runAll(list);
    expect(tenant.createRequests).toBe(5);
    expect(answers.get("user1@contoso.example")).toMatchObject({ kind: "failed", failureClass: { kind: "throttled" } });
    for (let index = 1; index < tenant.batches.length; index += 1) {
      expect(tenant.batches[index]!.at - tenant.batches[index - 1]!.at).toBeGreaterThanOrEqual(500 + 3000);
    }
    expect(list[0]!.write.firstAmbiguousAt).toBeNull();
  });

  it("resends every write of a batch answered 424 as a whole; none fails", async () => {
    const { runAll, tenant, answers, writer } = setup({
      batchFault: ({ batchIndex }) =>
        batchIndex === 0 ? { kind: "outer", status: 424, code: "failedDependency", retryAfter: 2 } : undefined,
    });
    await runAll(items(20));
    expect(tenant.batches.map((batch) => batch.requests.length)).toEqual([20, 20]);
    expect(kinds(answers).every((kind) => kind === "accepted")).toBe(true);
    expect(writer.pacer.state(0).throttledResponses).toBe(1);
  });

  it("after a 429, restarts with at most two batches at once even after a long wait (no burst into an emptied quota)", async () => {
    let throttledAt: number | null = null;
    const { runAll, tenant } = setup({
      batchFault: ({ batchIndex, now }) => {
        if (batchIndex !== 30) return undefined;
        throttledAt = now;
        return { kind: "outer", status: 429, retryAfter: 30 };
      },
    });
    await runAll(items(1200));
    expect(throttledAt).not.toBeNull();
    const resumedAt = throttledAt! + 500 + 30_000;
    const firstSecond = tenant.writeTimes.filter((at) => at >= resumedAt && at < resumedAt + 1000).length;
    // Two batches of quota, then 14 writes/s: without the reduction it would be six batches at once.
    expect(firstSecond).toBeGreaterThan(0);
    expect(firstSecond).toBeLessThanOrEqual(40 + 14);
  });
});

describe("PacedBatchWriter: lost answers", () => {
  it("resends a batch whose connection dropped in batches half as large", async () => {
    const { runAll, tenant, answers } = setup({
      batchFault: ({ batchIndex }) => (batchIndex === 0 ? { kind: "network", commit: true } : undefined),
    });
    const list = items(20);
    await runAll(list);
    expect(tenant.batches.map((batch) => batch.requests.length)).toEqual([20, 10, 10]);
    expect(answers.size).toBe(20);
    expect(list.every((item) => item.write.lostBatches === 1)).toBe(true);
  });
});

describe("PacedBatchWriter: stopping, pausing and the caller's say", () => {
  it("stops for good when the sign-in is refused: the caller hears why, and every other write is handed back unsent", async () => {
    const { runAll, tenant, answers, unsent, fatal, writer } = setup(
      {
        batchFault: ({ batchIndex }) => (batchIndex === 1 ? { kind: "outer", status: 401, code: "InvalidAuthenticationToken" } : undefined),
      },
      { ...oneBatchAtATime() },
    );
    await runAll(items(60));
    expect(tenant.batches).toHaveLength(2);
    expect(answers.size).toBe(20);
    expect(unsent).toHaveLength(40);
    expect(fatal).toEqual([expect.objectContaining({ status: 401 })]);
    expect(writer.stopped).toBe(true);
  });

  it("hands back queued writes on stop, and any write that would be resent afterwards", async () => {
    const { clock, tenant, writer, answers, unsent } = setup(
      {
        innerFault: ({ userKey, attempt }) =>
          userKey === "user1@contoso.example" && attempt === 1 ? { kind: "status", status: 500 } : undefined,
      },
      { ...oneBatchAtATime() },
    );
    writer.add(items(30));
    const done = writer.run();
    writer.stop();
    await clock.runUntilSettled(done);
    expect(tenant.batches).toHaveLength(1);
    expect(answers.size).toBe(19);
    expect(unsent.sort()).toEqual(
      [
        ...items(30)
          .slice(20)
          .map((item) => item.user),
        "user1@contoso.example",
      ].sort(),
    );
  });

  it("starts nothing while paused, and continues on resume", async () => {
    const { clock, tenant, writer, answers } = setup({}, { ...oneBatchAtATime() });
    writer.add(items(40));
    const done = writer.run();
    writer.pause();
    await clock.advanceBy(60_000);
    expect(tenant.batches).toHaveLength(1);
    writer.resume();
    await clock.runUntilSettled(done);
    expect(answers.size).toBe(40);
  });

  it("lets the caller end a write instead of resending it, and remove queued writes", async () => {
    const { clock, tenant, writer, answers, caller } = setup(
      {
        innerFault: ({ userKey, attempt }) =>
          userKey === "user1@contoso.example" && attempt === 1 ? { kind: "status", status: 429 } : undefined,
      },
      { ...oneBatchAtATime(5) },
    );
    caller.refuseResend.add("user1@contoso.example");
    writer.add(items(15));
    const done = writer.run();
    writer.removeQueued((item) => item.user === "user7@contoso.example");
    await clock.runUntilSettled(done);
    expect(tenant.createRequests).toBe(14);
    expect(answers.has("user1@contoso.example")).toBe(false);
    expect(answers.has("user7@contoso.example")).toBe(false);
    expect(answers.size).toBe(13);
  });

  it("keeps running while the caller holds it, and paces the caller's own requests", async () => {
    const { clock, writer } = setup();
    const release = writer.hold();
    const done = writer.run();
    writer.pacer.noteRetryAfter(5);
    let started = false;
    void writer.waitToStart(true).then(() => (started = true));
    await clock.advanceBy(4999);
    expect(started).toBe(false);
    await clock.advanceBy(1);
    expect(started).toBe(true);
    release();
    writer.wake();
    await clock.runUntilSettled(done);
  });
});
