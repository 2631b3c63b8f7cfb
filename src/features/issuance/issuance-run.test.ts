import { describe, expect, it } from "vitest";
import { GraphError } from "../../lib/graph/graph-error";
import { PassVault } from "../../lib/tap/pass-vault";
import { startIssuanceRun } from "./issuance-run";
import { FakeClock, flushPromises, seededRandom } from "../../domain/paced-writes/testing/fake-clock";
import { FakeTenant, type InnerFault } from "../../domain/paced-writes/testing/fake-tenant";
import { deletes, expectConsistentEnd, outcomeOf, setup, targets } from "./testing/run-harness";
import { oneBatchAtATime } from "../../domain/paced-writes/testing/one-batch-at-a-time";

describe("issuance run: pause, resume, cancel, retry", () => {
  it("starts no request while paused, lets in-flight ones finish, and continues on resume", async () => {
    const { start, finish, tenant, clock } = setup({}, { ...oneBatchAtATime() });
    const run = start(targets(60));
    expect(tenant.batches).toHaveLength(1);
    run.pause();
    expect(run.getSnapshot().status).toBe("paused");
    await clock.advanceBy(60_000);
    expect(tenant.batches).toHaveLength(1);
    expect(run.getSnapshot().counts).toMatchObject({ issued: 20, inFlight: 0, queued: 40 });
    run.resume();
    expect(run.getSnapshot().status).toBe("running");
    const snapshot = await finish(run);
    expect(snapshot.counts.issued).toBe(60);
  });

  it("starts no create after cancel; in-flight results count and queued rows are skipped", async () => {
    const { start, finish, tenant } = setup({}, { minBatchSize: 20, initialInFlight: 40, maxInFlight: 40 });
    const run = start(targets(100));
    expect(tenant.batches).toHaveLength(2);
    run.cancel();
    expect(run.getSnapshot().status).toBe("cancelling");
    const snapshot = await finish(run);
    expect(tenant.batches).toHaveLength(2);
    expect(snapshot.status).toBe("cancelled");
    expect(snapshot.counts).toMatchObject({ issued: 40, skipped: 60, failed: 0 });
    expect(outcomeOf(snapshot, "row-41")).toEqual({ kind: "skipped", reason: "Cancelled before issuing." });
    expect(tenant.directCalls).toHaveLength(0);
  });

  it("cleans up instead of resending when cancelled after an unanswered attempt", async () => {
    const { start, finish, tenant, clock, vault } = setup(
      {
        innerFault: ({ userKey, attempt }) =>
          userKey === "user1@contoso.example" && attempt === 1 ? { kind: "status", status: 503, commit: true } : undefined,
      },
      { ...oneBatchAtATime(), random: () => 0.99, backoff: { baseMs: 10_000, capMs: 10_000 } },
    );
    const list = targets(5);
    const run = start(list);
    await clock.advanceBy(600);
    expect(run.getSnapshot().rows[0]!.phase).toBe("retrying");
    const batchesAtCancel = tenant.batches.length;
    run.cancel();
    const snapshot = await finish(run);
    expect(tenant.batches).toHaveLength(batchesAtCancel);
    expect(deletes(tenant)).toHaveLength(1);
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({
      kind: "failed",
      reason: "Cancelled after an unanswered attempt. No pass was left on the account.",
    });
    expectConsistentEnd(snapshot, list, tenant, vault);
  });

  it("retries only the failed rows in a new run", async () => {
    let healed = false;
    const { start, finish, tenant, vault } = setup({
      innerFault: ({ userKey }) =>
        !healed && (userKey === "user2@contoso.example" || userKey === "user4@contoso.example")
          ? { kind: "status", status: 403, code: "Authorization_RequestDenied" }
          : undefined,
    });
    const first = start(targets(5));
    expect(() => first.retryFailed()).toThrow();
    await finish(first);
    healed = true;
    const before = tenant.batches.length;
    const second = first.retryFailed();
    const snapshot = await finish(second);
    const retried = tenant.batches.slice(before).flatMap((batch) => batch.requests.map((request) => request.url));
    expect(retried).toEqual([
      "/users/user2@contoso.example/authentication/temporaryAccessPassMethods",
      "/users/user4@contoso.example/authentication/temporaryAccessPassMethods",
    ]);
    expect(snapshot.rows.map((row) => row.rowId)).toEqual(["row-2", "row-4"]);
    expect(snapshot.counts.issued).toBe(2);
    expect(vault.size).toBe(5);
  });
});

describe("issuance run: snapshots and the vault", () => {
  it("keeps pass values out of snapshots; clearing the vault forgets them", async () => {
    const { start, finish, vault } = setup();
    const snapshot = await finish(start(targets(30)));
    const values = vault.all().map((pass) => pass.value);
    expect(values).toHaveLength(30);
    const serialised = JSON.stringify(snapshot);
    for (const value of values) expect(serialised).not.toContain(value);
    vault.clear();
    expect(vault.size).toBe(0);
    expect(vault.get("row-1")).toBeUndefined();
    expect(outcomeOf(snapshot, "row-1")).toEqual({ kind: "issued" });
  });

  it("replaces the snapshot only on change and notifies at most ~10 times a second for 10,000 rows", async () => {
    const { start, finish, clock } = setup({ latencyMs: 200 }, { writesPerSecond: 200, burst: 2000 });
    const began = clock.now();
    const run = start(targets(10_000));
    let notifications = 0;
    let previous = run.getSnapshot();
    let replacedWithoutNotice = false;
    run.subscribe(() => {
      notifications += 1;
      const next = run.getSnapshot();
      if (next === previous) replacedWithoutNotice = true;
      previous = next;
    });
    expect(run.getSnapshot()).toBe(run.getSnapshot());
    const snapshot = await finish(run);
    const seconds = (clock.now() - began) / 1000;
    expect(snapshot.counts.issued).toBe(10_000);
    expect(notifications).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 5);
    expect(replacedWithoutNotice).toBe(false);
    expect(Object.isFrozen(snapshot.rows)).toBe(true);
  });

  it("reports a pace and an ETA while running", async () => {
    const { start, clock } = setup({ latencyMs: 500 }, { writesPerSecond: 20, burst: 20 });
    const run = start(targets(200));
    await clock.advanceBy(5_000);
    const snapshot = run.getSnapshot();
    expect(snapshot.passesPerSecond).toBeGreaterThan(15);
    // 20/s, and the burst of 20 on top in the first 5 s.
    expect(snapshot.passesPerSecond).toBeLessThanOrEqual(24);
    // About 100 rows left at about 20 per second.
    expect(snapshot.etaSeconds).toBeGreaterThanOrEqual(4);
    expect(snapshot.etaSeconds).toBeLessThanOrEqual(7);
  });
});

describe("issuance run: every row ends in exactly one outcome (random faults)", () => {
  const seeds = Array.from({ length: 40 }, (_, index) => index + 1);
  it.each(seeds)("seed %i", async (seed) => {
    const random = seededRandom(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const clock = new FakeClock();
    const tenant = new FakeTenant({
      clock,
      replaceMode: seed % 3 === 0 ? "reject" : "replace",
      latencyMs: () => 100 + Math.floor(random() * 3000),
      batchFault: () => {
        const roll = random();
        if (roll < 0.05) return { kind: "network", commit: random() < 0.5 };
        if (roll < 0.08) return { kind: "outer", status: 429, retryAfter: random() < 0.5 ? null : 2 };
        if (roll < 0.1) return { kind: "outer", status: pick([500, 502, 503, 504]) };
        if (roll < 0.105) return { kind: "outer", status: 401, code: "InvalidAuthenticationToken" };
        return undefined;
      },
      innerFault: (): InnerFault | undefined => {
        const roll = random();
        const headers: Record<string, string> = random() < 0.5 ? { "Retry-After": "1.5" } : {};
        if (roll < 0.1) return { kind: "status", status: 429, headers };
        if (roll < 0.2) return { kind: "status", status: pick([500, 502, 503, 504]), commit: random() < 0.5 };
        if (roll < 0.25) return { kind: "status", status: pick([400, 403, 404]) };
        if (roll < 0.27) return { kind: "no-value" };
        return undefined;
      },
      requestFault: () => (random() < 0.15 ? new GraphError({ status: pick([503, 403]), code: "x", message: "cleanup fault" }) : undefined),
    });
    const vault = new PassVault();
    const list = targets(80);
    const run = startIssuanceRun(tenant, list, {
      vault,
      now: clock.now,
      sleep: clock.sleep,
      random,
      maxAttempts: 3,
      maxThrottledAttempts: 4,
      writesPerSecond: 40,
      burst: 60,
    });
    const cancelAt = random() < 0.3 ? clock.now() + Math.floor(random() * 8000) : null;
    if (cancelAt !== null) void clock.sleep(cancelAt - clock.now()).then(() => run.cancel());
    let outcomesChanged = false;
    const final = new Map<string, string>();
    run.subscribe(() => {
      for (const row of run.getSnapshot().rows) {
        if (!row.outcome) continue;
        const text = JSON.stringify(row.outcome);
        const earlier = final.get(row.rowId);
        if (earlier !== undefined && earlier !== text) outcomesChanged = true;
        final.set(row.rowId, text);
      }
    });
    const snapshot = await clock.runUntilSettled(run.finished);
    await flushPromises();
    expect(outcomesChanged).toBe(false);
    expectConsistentEnd(snapshot, list, tenant, vault);
    expect(["completed", "cancelled", "stopped"]).toContain(snapshot.status);
    if (cancelAt !== null && snapshot.status === "cancelled") {
      const creates = tenant.batches.filter((batch) => batch.at > cancelAt);
      expect(creates).toHaveLength(0);
    }
  });
});
