import { describe, expect, it } from "vitest";
import { GraphError } from "../../lib/graph/graph-error";
import { PassVault } from "../../lib/tap/pass-vault";
import type { IssueTarget, IssuanceRun, IssuanceSnapshot } from "./issuance-types";
import { startIssuanceRun, type IssuanceOptions } from "./issuance-run";
import { FakeClock, flushPromises, seededRandom } from "./testing/fake-clock";
import { FakeTenant, type FakeTenantOptions, type InnerFault } from "./testing/fake-tenant";

function targets(count: number, body: IssueTarget["body"] = { lifetimeInMinutes: 60 }): IssueTarget[] {
  return Array.from({ length: count }, (_, index) => ({
    rowId: `row-${index + 1}`,
    userKey: `user${index + 1}@contoso.example`,
    displayLabel: `User ${index + 1}`,
    body,
  }));
}

function setup(tenantOptions: Omit<FakeTenantOptions, "clock"> = {}, options: IssuanceOptions = {}) {
  const clock = new FakeClock();
  const tenant = new FakeTenant({ clock, latencyMs: 500, ...tenantOptions });
  const vault = new PassVault();
  const engineOptions: IssuanceOptions = {
    vault,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    ...options,
  };
  const start = (list: IssueTarget[]) => startIssuanceRun(tenant, list, engineOptions);
  const finish = (run: IssuanceRun) => clock.runUntilSettled(run.finished);
  return { clock, tenant, vault, start, finish, engineOptions };
}

function outcomeOf(snapshot: IssuanceSnapshot, rowId: string) {
  return snapshot.rows.find((row) => row.rowId === rowId)?.outcome;
}

function postsFor(tenant: FakeTenant, userKey: string): number {
  return tenant.batches.flatMap((batch) => batch.requests).filter((request) => request.url.includes(`/users/${userKey}/`)).length;
}

const deletes = (tenant: FakeTenant) => tenant.directCalls.filter((call) => call.method === "DELETE");

/** Every row has one final outcome; issued rows' values are the tenant's live pass; others hold none unseen. */
function expectConsistentEnd(snapshot: IssuanceSnapshot, list: IssueTarget[], tenant: FakeTenant, vault: PassVault) {
  expect(snapshot.rows).toHaveLength(list.length);
  const { counts } = snapshot;
  expect(counts.queued + counts.inFlight).toBe(0);
  expect(counts.issued + counts.failed + counts.skipped).toBe(list.length);
  for (const target of list) {
    const outcome = outcomeOf(snapshot, target.rowId);
    expect(outcome, target.rowId).toBeTruthy();
    const live = tenant.passes.get(target.userKey);
    if (outcome?.kind === "issued") {
      expect(vault.get(target.rowId)?.value, target.rowId).toBe(live?.value);
    } else {
      expect(vault.get(target.rowId), target.rowId).toBeUndefined();
      if (live) expect(outcome?.kind === "failed" && outcome.reason, target.rowId).toContain("may hold a pass nobody has seen");
    }
  }
}

describe("issuance run: batching and pacing", () => {
  it("issues every row through batches of at most 20 and keeps every value in the vault", async () => {
    const { start, finish, tenant, vault } = setup();
    const list = targets(45);
    const run = start(list);
    const snapshot = await finish(run);
    expect(tenant.batches.map((batch) => batch.requests.length)).toEqual([20, 20, 5]);
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
      { random: () => 0 },
    );
    await finish(start(targets(100)));
    const sizes = tenant.batches.map((batch) => batch.requests.length);
    expect(sizes.slice(0, -1).every((size) => size === 20)).toBe(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(103);
    const resendBatch = tenant.batches[3]!.requests.map((request) => request.url);
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

  it("uses more concurrent batches while burst is available, bounded by the cap, once accepted creates vouch for them", async () => {
    let inFlight = 0;
    let peak = 0;
    const clock = new FakeClock();
    const tenant = new FakeTenant({ clock, latencyMs: 2000 });
    const counting = {
      batch: async (...args: Parameters<FakeTenant["batch"]>) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        try {
          return await tenant.batch(...args);
        } finally {
          inFlight -= 1;
        }
      },
      request: tenant.request.bind(tenant),
    };
    const run = startIssuanceRun(counting, targets(1000), {
      vault: new PassVault(),
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      maxConcurrentBatches: 6,
    });
    expect(inFlight).toBe(3);
    const peakAtAccepted = new Map<number, number>();
    run.subscribe(() => {
      const { issued } = run.getSnapshot().counts;
      peakAtAccepted.set(issued, Math.max(peakAtAccepted.get(issued) ?? 0, inFlight));
    });
    await clock.runUntilSettled(run.finished);
    expect(peak).toBe(6);
    // Never wider than 30 % of the creates accepted so far (in batches of 20), beyond the first three.
    for (const [issued, widest] of peakAtAccepted) expect(widest, `at ${issued} issued`).toBeLessThanOrEqual(Math.max(3, Math.floor((issued * 0.3) / 20)));
  });

  it("keeps 429s under 2 % and the time near ideal when the service's burst is a tenth of the documented one", async () => {
    // The engine assumes Entra's documented 3000-write burst; here other clients have left only 300.
    const { start, finish, tenant, clock } = setup(
      { latencyMs: 450, quota: { capacity: 300, perSecond: 20 } },
      { random: seededRandom(11) },
    );
    const began = clock.now();
    const snapshot = await finish(start(targets(2000)));
    expect(snapshot.counts.issued).toBe(2000);
    const throttled = tenant.createRequests - 2000;
    expect(throttled / tenant.createRequests).toBeLessThan(0.02);
    // A perfect client needs (2000 − 300) / 20 = 85 s.
    expect((clock.now() - began) / 1000).toBeLessThan(85 * 1.1);
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
      { initialConcurrency: 1, maxConcurrentBatches: 1 },
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
      { initialConcurrency: 1, maxConcurrentBatches: 1, random: () => 0.5, backoff: { baseMs: 4000, capMs: 60_000 } },
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
      { initialConcurrency: 1, maxConcurrentBatches: 1, random: () => 0 },
    );
    const snapshot = await finish(start(targets(10)));
    expect(tenant.batches[1]!.at - tenant.batches[0]!.at).toBeGreaterThanOrEqual(500 + 12_000);
    expect(snapshot.counts.issued).toBe(10);
  });

  it("slowly raises the pace again after sustained success", async () => {
    const { start, finish, tenant } = setup(
      { batchFault: ({ batchIndex }) => (batchIndex === 0 ? { kind: "outer", status: 429, retryAfter: 1 } : undefined) },
      { initialConcurrency: 1, maxConcurrentBatches: 1, burst: 20, writesPerSecond: 20, increaseAfterMs: 5000 },
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

describe("issuance run: failures", () => {
  it("does not resend permanent failures and explains them in plain words", async () => {
    const faults: Record<string, { status: number; code: string; message: string }> = {
      "user1@contoso.example": {
        status: 400,
        code: "badRequest",
        message: "Invalid LifetimeInMinutes specified. The valid range between 60 and 480.",
      },
      "user2@contoso.example": { status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." },
      "user3@contoso.example": { status: 404, code: "Request_ResourceNotFound", message: "Resource does not exist." },
      "user4@contoso.example": {
        status: 400,
        code: "badRequest",
        message: "Temporary Access Pass cannot be added to an external guest user.",
      },
    };
    const { start, finish, tenant } = setup({
      innerFault: ({ userKey }) => {
        const fault = faults[userKey];
        return fault ? { kind: "status", ...fault } : undefined;
      },
    });
    const snapshot = await finish(start(targets(5)));
    for (const userKey of Object.keys(faults)) expect(postsFor(tenant, userKey)).toBe(1);
    expect(outcomeOf(snapshot, "row-1")).toEqual({
      kind: "failed",
      reason: "Entra allows passes of 1 hour–8 hours in this tenant; this row asked for 1 hour.",
      code: "badRequest",
      status: 400,
      requestId: "req-0-1",
      innerCode: null,
      graphMessage: "Invalid LifetimeInMinutes specified. The valid range between 60 and 480.",
      policyRefusal: { kind: "lifetime", requestedMinutes: 60 },
    });
    expect(outcomeOf(snapshot, "row-2")).toMatchObject({
      reason: expect.stringMatching(/can't tell which rule applies.*administrative unit/),
      code: "Authorization_RequestDenied",
      graphMessage: "Insufficient privileges to complete the operation.",
    });
    expect(outcomeOf(snapshot, "row-3")).toMatchObject({ reason: "User not found.", status: 404 });
    // Keyed on status and code only: Graph's own words are kept beside the plain reason.
    expect(outcomeOf(snapshot, "row-4")).toMatchObject({
      reason: expect.stringMatching(/^Entra refused this pass \(400 badRequest\)/),
      graphMessage: "Temporary Access Pass cannot be added to an external guest user.",
    });
    expect(outcomeOf(snapshot, "row-5")).toEqual({ kind: "issued" });
    expect(tenant.directCalls).toHaveLength(0);
  });

  it("never deletes a pass when no attempt was ambiguous", async () => {
    const { start, finish, tenant, vault } = setup({
      innerFault: ({ userKey }) =>
        userKey === "user1@contoso.example" ? { kind: "status", status: 403, code: "Authorization_RequestDenied" } : undefined,
    });
    tenant.passes.set("user1@contoso.example", { id: "old", value: "OLD", createdDateTime: new Date().toISOString() });
    const list = targets(2);
    const snapshot = await finish(start(list));
    expect(deletes(tenant)).toHaveLength(0);
    expect(tenant.passes.get("user1@contoso.example")?.id).toBe("old");
    expect(vault.get("row-1")).toBeUndefined();
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({ kind: "failed" });
  });

  it("resends after an answer was lost and ends with exactly the one pass whose value is shown", async () => {
    const { start, finish, tenant, vault } = setup({
      innerFault: ({ userKey, attempt }) =>
        userKey === "user2@contoso.example" && attempt === 1 ? { kind: "status", status: 504, commit: true } : undefined,
    });
    const list = targets(3);
    const snapshot = await finish(start(list));
    expect(postsFor(tenant, "user2@contoso.example")).toBe(2);
    expect(outcomeOf(snapshot, "row-2")).toEqual({ kind: "issued" });
    expect(vault.get("row-2")?.value).toBe(tenant.passes.get("user2@contoso.example")?.value);
    expect(deletes(tenant)).toHaveLength(0);
    expectConsistentEnd(snapshot, list, tenant, vault);
  });

  it("resends a whole batch whose connection dropped after the passes were created", async () => {
    const { start, finish, tenant, vault } = setup({
      batchFault: ({ batchIndex }) => (batchIndex === 0 ? { kind: "network", commit: true } : undefined),
    });
    const list = targets(20);
    const snapshot = await finish(start(list));
    // The rows whose answers were lost go again in batches half as large.
    expect(tenant.batches.map((batch) => batch.requests.length)).toEqual([20, 10, 10]);
    expect(snapshot.counts.issued).toBe(20);
    expectConsistentEnd(snapshot, list, tenant, vault);
  });

  it("gets every pass through a link that drops one connection in twelve, by shrinking batches that lost their answer", async () => {
    const random = seededRandom(7);
    // Each create in a batch risks the whole batch's answer: a batch of 20 comes back only ~19 % of the time.
    const { start, finish, tenant, vault } = setup({
      batchFault: ({ requests }) =>
        requests.some(() => random() < 0.08) ? { kind: "network", commit: random() < 0.5 } : undefined,
    });
    const list = targets(300);
    const snapshot = await finish(start(list));
    expect(snapshot.counts.issued).toBe(300);
    expectConsistentEnd(snapshot, list, tenant, vault);
  });

  it("resends when Graph created a pass but returned no value", async () => {
    const { start, finish, tenant, vault } = setup({
      innerFault: ({ attempt }) => (attempt === 1 ? { kind: "no-value" } : undefined),
    });
    const list = targets(2);
    const snapshot = await finish(start(list));
    expect(snapshot.counts.issued).toBe(2);
    expectConsistentEnd(snapshot, list, tenant, vault);
  });

  it("removes its own unseen pass and resends when the tenant refuses to replace passes", async () => {
    const { start, finish, tenant, vault } = setup({
      replaceMode: "reject",
      innerFault: ({ userKey, attempt }) =>
        userKey === "user1@contoso.example" && attempt === 1 ? { kind: "status", status: 504, commit: true } : undefined,
    });
    const list = targets(2);
    const snapshot = await finish(start(list));
    expect(postsFor(tenant, "user1@contoso.example")).toBe(3);
    expect(deletes(tenant)).toHaveLength(1);
    expect(outcomeOf(snapshot, "row-1")).toEqual({ kind: "issued" });
    expectConsistentEnd(snapshot, list, tenant, vault);
  });

  it("leaves a pass it did not create alone when the tenant refuses to replace it", async () => {
    const { start, finish, tenant, clock } = setup({ replaceMode: "reject" });
    tenant.passes.set("user1@contoso.example", { id: "old", value: "OLD", createdDateTime: new Date(clock.now()).toISOString() });
    const snapshot = await finish(start(targets(1)));
    expect(tenant.directCalls).toHaveLength(0);
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({
      kind: "failed",
      status: 400,
      code: "badRequest",
      graphMessage: "A Temporary Access Pass already exists for this user.",
    });
  });

  it("deletes the unseen pass when an ambiguous row finally gives up", async () => {
    const { start, finish, tenant, vault } = setup(
      {
        innerFault: ({ userKey }) =>
          userKey === "user1@contoso.example" ? { kind: "status", status: 504, code: "gatewayTimeout", commit: true } : undefined,
      },
      { maxAttempts: 3 },
    );
    const list = targets(2);
    const snapshot = await finish(start(list));
    expect(postsFor(tenant, "user1@contoso.example")).toBe(3);
    expect(deletes(tenant)).toHaveLength(1);
    expect(tenant.passes.has("user1@contoso.example")).toBe(false);
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({
      kind: "failed",
      status: 504,
      reason: "Microsoft Graph had a temporary problem (504); retry the failed rows later. No pass was left on the account.",
    });
    expectConsistentEnd(snapshot, list, tenant, vault);
  });

  it("keeps a pass created well before the first ambiguous attempt", async () => {
    const { start, finish, tenant, clock } = setup(
      {
        innerFault: ({ userKey }) =>
          userKey === "user1@contoso.example" ? { kind: "status", status: 502, commit: false } : undefined,
      },
      { maxAttempts: 2 },
    );
    const old = new Date(clock.now() - 60 * 60_000).toISOString();
    tenant.passes.set("user1@contoso.example", { id: "old", value: "OLD", createdDateTime: old });
    const snapshot = await finish(start(targets(1)));
    expect(tenant.directCalls.map((call) => call.method)).toEqual(["GET"]);
    expect(tenant.passes.get("user1@contoso.example")?.id).toBe("old");
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({ reason: expect.stringContaining("No pass was left on the account.") });
  });

  it("says loudly when the cleanup could not delete the unseen pass", async () => {
    const { start, finish, tenant } = setup(
      {
        innerFault: () => ({ kind: "status", status: 500, commit: true }),
        requestFault: ({ method }) =>
          method === "DELETE" ? new GraphError({ status: 403, code: "Authorization_RequestDenied", message: "no" }) : undefined,
      },
      { maxAttempts: 2 },
    );
    const snapshot = await finish(start(targets(1)));
    expect(tenant.passes.has("user1@contoso.example")).toBe(true);
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({
      kind: "failed",
      reason: expect.stringContaining("may hold a pass nobody has seen: check their authentication methods in Entra and delete it."),
    });
  });

  it("stops the run when Graph no longer accepts the sign-in, failing (not skipping) what is left", async () => {
    const { start, finish, tenant } = setup(
      {
        batchFault: ({ batchIndex }) =>
          batchIndex === 1 ? { kind: "outer", status: 401, code: "InvalidAuthenticationToken", message: "expired" } : undefined,
      },
      { initialConcurrency: 1, maxConcurrentBatches: 1 },
    );
    const snapshot = await finish(start(targets(60)));
    expect(tenant.batches).toHaveLength(2);
    expect(snapshot.status).toBe("stopped");
    expect(snapshot.stopReason).toBe("Your sign-in is no longer accepted; sign in again, then retry the failed rows.");
    expect(snapshot.counts).toMatchObject({ issued: 20, failed: 40, skipped: 0 });
    expect(outcomeOf(snapshot, "row-60")).toMatchObject({ kind: "failed", status: 401, reason: expect.stringMatching(/^Not issued: /) });
  });

  it("fails an invalid user key and skips a repeated user without sending anything for them", async () => {
    const { start, finish, tenant } = setup();
    const list: IssueTarget[] = [
      { rowId: "a", userKey: "ok@contoso.example", displayLabel: "OK", body: {} },
      { rowId: "b", userKey: "bad/../x", displayLabel: "Bad", body: {} },
      { rowId: "c", userKey: "OK@contoso.example", displayLabel: "OK again", body: {} },
    ];
    const snapshot = await finish(start(list));
    expect(tenant.createRequests).toBe(1);
    expect(outcomeOf(snapshot, "b")).toMatchObject({ kind: "failed", code: "invalidUserKey" });
    expect(outcomeOf(snapshot, "c")).toMatchObject({ kind: "skipped", reason: expect.stringContaining("Same user as") });
  });
});

describe("issuance run: outer $batch 424", () => {
  it("resends every request of a batch answered 424 as a whole, like throttling: no row fails", async () => {
    const { start, finish, tenant, vault } = setup(
      {
        batchFault: ({ batchIndex }) =>
          batchIndex < 2 ? { kind: "outer", status: 424, code: "failedDependency", retryAfter: 2 } : undefined,
      },
      { initialConcurrency: 1, maxConcurrentBatches: 1 },
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

describe("issuance run: learning the tenant's policy from Entra's refusals", () => {
  /** Rows asking 2 days, with every fourth asking 1 hour. */
  const mixed = (count: number): IssueTarget[] =>
    targets(count).map((target, index) => ({ ...target, body: { lifetimeInMinutes: index % 4 === 3 ? 60 : 2880 } }));

  it("learns the range from the first refusal, stops sending creates that would fail the same way, and says why", async () => {
    const { start, finish, tenant, vault } = setup(
      { policy: { minLifetime: 60, maxLifetime: 1440 } },
      { batchSize: 4, initialConcurrency: 1, maxConcurrentBatches: 1 },
    );
    const list = mixed(20);
    const snapshot = await finish(start(list));
    // Only the first batch's 2-day rows reached Entra; every later one ended unsent.
    const sentTwoDays = tenant.batches.flatMap((batch) => batch.requests).filter((request) => (request.body as { lifetimeInMinutes: number }).lifetimeInMinutes === 2880);
    expect(sentTwoDays).toHaveLength(3);
    expect(snapshot.learned).toEqual({ lifetimeRange: { min: 60, max: 1440 }, forcesOneTime: false });
    expect(snapshot.counts).toMatchObject({ issued: 5, failed: 15 });
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({
      reason: "Entra allows passes of 1 hour–1 day in this tenant; this row asked for 2 days.",
      graphMessage: "Invalid LifetimeInMinutes specified. The valid range between 60 and 1440.",
      policyRefusal: { kind: "lifetime", requestedMinutes: 2880 },
    });
    expect(outcomeOf(snapshot, "row-19")).toMatchObject({
      kind: "failed",
      reason: "Not sent: Entra allows passes of 1 hour–1 day in this tenant; this row asked for 2 days. (Entra said so when it refused an earlier row.)",
      policyRefusal: { kind: "lifetime", requestedMinutes: 2880 },
    });
    expectConsistentEnd(snapshot, list, tenant, vault);
  });

  it("re-issues the refused rows with the lifetime the admin picked, and only those", async () => {
    const { start, finish, tenant, vault } = setup(
      { policy: { minLifetime: 60, maxLifetime: 1440 } },
      { batchSize: 4, initialConcurrency: 1, maxConcurrentBatches: 1 },
    );
    const list = mixed(12);
    const first = start(list);
    await finish(first);
    const sentBefore = tenant.createRequests;
    const again = first.reissueRefused({ lifetimeInMinutes: 1440 });
    const snapshot = await finish(again);
    expect(tenant.createRequests - sentBefore).toBe(9);
    expect(snapshot.counts).toMatchObject({ total: 9, issued: 9, failed: 0 });
    expect(tenant.batches.at(-1)!.requests.every((request) => (request.body as { lifetimeInMinutes: number }).lifetimeInMinutes === 1440)).toBe(true);
    expect(tenant.passes.size).toBe(12);
    expect(vault.size).toBe(12);
  });

  it("learns that one-time use is likely forced from a refused multi-use create, stops multi-use creates, and re-issues them one-time", async () => {
    const { start, finish, tenant, vault } = setup(
      { policy: { minLifetime: 60, maxLifetime: 1440, forcesOneTime: true } },
      { batchSize: 4, initialConcurrency: 1, maxConcurrentBatches: 1 },
    );
    const list = targets(12).map((target, index) => ({ ...target, body: { lifetimeInMinutes: 60, isUsableOnce: index % 3 === 2 } }));
    const first = start(list);
    const snapshot = await finish(first);
    expect(snapshot.learned.forcesOneTime).toBe(true);
    const multiSent = tenant.batches.flatMap((batch) => batch.requests).filter((request) => (request.body as { isUsableOnce: boolean }).isUsableOnce === false);
    expect(multiSent).toHaveLength(3);
    expect(snapshot.counts).toMatchObject({ issued: 4, failed: 8 });
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({ reason: expect.stringMatching(/likely requires one-time passes \(TAP Desk is not certain/), policyRefusal: { kind: "multiUse" } });
    expect(outcomeOf(snapshot, "row-11")).toMatchObject({ reason: expect.stringMatching(/^Not sent as a multi-use pass/), policyRefusal: { kind: "multiUse" } });
    const again = await finish(first.reissueRefused({ isUsableOnce: true }));
    expect(again.counts).toMatchObject({ total: 8, issued: 8 });
    expect(vault.size).toBe(12);
    expectConsistentEnd(again, list.filter((target) => again.rows.some((row) => row.rowId === target.rowId)), tenant, vault);
  });

  it("does not guess one-time is forced when a multi-use create was accepted (a 400 then has another cause)", async () => {
    const { start, finish, tenant } = setup(
      {
        innerFault: ({ userKey }) =>
          userKey === "user1@contoso.example" ? { kind: "status", status: 400, code: "badRequest", message: "not in the policy" } : undefined,
      },
      { batchSize: 4, initialConcurrency: 1, maxConcurrentBatches: 1 },
    );
    const snapshot = await finish(start(targets(8, { lifetimeInMinutes: 60, isUsableOnce: false })));
    expect(snapshot.learned.forcesOneTime).toBe(false);
    expect(snapshot.counts).toMatchObject({ issued: 7, failed: 1 });
    expect(outcomeOf(snapshot, "row-1")).not.toHaveProperty("policyRefusal");
    expect(tenant.createRequests).toBe(8);
  });

  it("learns nothing from a 400 badRequest that names no range: it may be the policy's user scope, so other rows are still sent", async () => {
    const { start, finish, tenant } = setup(
      {
        innerFault: ({ userKey }) =>
          userKey === "user1@contoso.example" ? { kind: "status", status: 400, code: "badRequest", message: "Converged UserCredentialPolicy does not allow it." } : undefined,
      },
      { batchSize: 2, initialConcurrency: 1, maxConcurrentBatches: 1 },
    );
    const snapshot = await finish(start(targets(6, { lifetimeInMinutes: 2880 })));
    expect(snapshot.learned).toEqual({ lifetimeRange: null, forcesOneTime: false });
    expect(tenant.createRequests).toBe(6);
    expect(snapshot.counts).toMatchObject({ issued: 5, failed: 1 });
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({ reason: expect.stringMatching(/can't tell which rule/), graphMessage: "Converged UserCredentialPolicy does not allow it." });
  });

  it("starts a run already knowing a learned range: rows outside it are never sent", async () => {
    const { start, finish, tenant } = setup({}, { learned: { lifetimeRange: { min: 60, max: 480 }, forcesOneTime: false } });
    const snapshot = await finish(start([...targets(2, { lifetimeInMinutes: 1440 }).map((t, i) => ({ ...t, rowId: `long-${i}`, userKey: `long${i}@contoso.example` })), ...targets(2)]));
    expect(tenant.createRequests).toBe(2);
    expect(snapshot.counts).toMatchObject({ issued: 2, failed: 2 });
  });
});

describe("issuance run: pause, resume, cancel, retry", () => {
  it("starts no request while paused, lets in-flight ones finish, and continues on resume", async () => {
    const { start, finish, tenant, clock } = setup({}, { initialConcurrency: 1, maxConcurrentBatches: 1 });
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
    const { start, finish, tenant } = setup({}, { initialConcurrency: 2, maxConcurrentBatches: 2 });
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
      { initialConcurrency: 1, maxConcurrentBatches: 1, random: () => 0.99, backoff: { baseMs: 10_000, capMs: 10_000 } },
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
    expect(snapshot.passesPerSecond).toBeLessThanOrEqual(20);
    // About 100 rows left at about 20 per second.
    expect(snapshot.etaSeconds).toBeGreaterThanOrEqual(4);
    expect(snapshot.etaSeconds).toBeLessThanOrEqual(7);
  });
});

describe("issuance run: every row ends in exactly one outcome (random faults)", () => {
  const seeds = Array.from({ length: 40 }, (_, index) => index + 1);
  it.each(seeds)("seed %i", async (seed) => {
    const random = seededRandom(seed);
    const pick = <T,>(items: T[]): T => items[Math.floor(random() * items.length)]!;
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
      requestFault: () =>
        random() < 0.15 ? new GraphError({ status: pick([503, 403]), code: "x", message: "cleanup fault" }) : undefined,
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
