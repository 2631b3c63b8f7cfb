import { describe, expect, it } from "vitest";
import { FakeClock, seededRandom } from "../../domain/paced-writes/testing/fake-clock";
import { FakeTenant, type FakeTenantOptions } from "../../domain/paced-writes/testing/fake-tenant";
import { startRevokeRun } from "./revoke-run";
import type { RevokeSnapshot, RevokeTarget } from "./revoke-types";

function setup(options: Omit<FakeTenantOptions, "clock"> = {}, users = 30) {
  const clock = new FakeClock();
  const tenant = new FakeTenant({ clock, latencyMs: 300, ...options });
  const targets: RevokeTarget[] = Array.from({ length: users }, (_, index) => {
    const userId = `user-${index + 1}`;
    return { key: `row-${index + 1}`, userId, methodId: tenant.givePass(userId).id, label: `user${index + 1}@contoso.example` };
  });
  const start = (list = targets) => startRevokeRun(tenant, list, { now: clock.now, sleep: clock.sleep, random: () => 0.5 });
  return { clock, tenant, targets, start };
}

const outcome = (snapshot: RevokeSnapshot, key: string) => snapshot.rows.find((row) => row.key === key)?.outcome;

/** Every target has exactly one outcome, and the tenant agrees with it. */
function expectConsistent(snapshot: RevokeSnapshot, targets: RevokeTarget[], tenant: FakeTenant) {
  expect(snapshot.rows).toHaveLength(targets.length);
  expect(snapshot.counts.done).toBe(targets.length);
  expect(snapshot.counts.removed + snapshot.counts.replaced + snapshot.counts.failed).toBe(targets.length);
  for (const target of targets) {
    const result = outcome(snapshot, target.key);
    const live = tenant.passes.get(target.userId);
    if (result?.kind === "removed" || result?.kind === "replaced") expect(live?.id, target.key).not.toBe(target.methodId);
    else expect(live?.id, target.key).toBe(target.methodId);
  }
}

describe("startRevokeRun", () => {
  it("checks each user's current pass, then deletes exactly the passes it was given", async () => {
    const { clock, tenant, targets, start } = setup();
    const final = await clock.runUntilSettled(start(targets.slice(0, 10)).finished);
    expect(final.status).toBe("completed");
    expect(final.counts).toMatchObject({ total: 10, removed: 10, replaced: 0, failed: 0 });
    expect(tenant.passes.size).toBe(20);
    for (const target of targets.slice(0, 10)) expect(tenant.passes.has(target.userId)).toBe(false);
    const requests = tenant.batches.flatMap((batch) => batch.requests);
    expect(requests.filter((request) => request.method === "GET")).toHaveLength(10);
    expect(requests.filter((request) => request.method === "DELETE").map((request) => request.url)).toEqual(
      expect.arrayContaining(
        targets.slice(0, 10).map((target) => `/users/${target.userId}/authentication/temporaryAccessPassMethods/${target.methodId}`),
      ),
    );
  });

  it("leaves a replaced pass alone and reports it as already replaced", async () => {
    const { clock, tenant, targets, start } = setup({}, 3);
    const newer = tenant.givePass("user-2");
    const final = await clock.runUntilSettled(start().finished);
    expect(outcome(final, "row-2")).toMatchObject({ kind: "replaced", reason: expect.stringContaining("Already replaced") });
    expect(tenant.passes.get("user-2")?.id).toBe(newer.id);
    expect(tenant.batches.flatMap((batch) => batch.requests).filter((request) => request.method === "DELETE")).toHaveLength(2);
    expectConsistent(final, targets, tenant);
  });

  it("reports a pass replaced between the check and the delete (404) as already replaced, not removed", async () => {
    const { clock, tenant, targets, start } = setup({}, 1);
    let replaced = "";
    const run = start();
    // Replace the pass right after the check's answer arrives, before the DELETE goes out.
    const unsubscribe = run.subscribe(() => {
      if (!replaced && run.getSnapshot().rows[0]?.phase === "queued" && tenant.batches.length === 1 && clock.now() > 0) {
        replaced = tenant.givePass("user-1").id;
      }
    });
    const final = await clock.runUntilSettled(run.finished);
    unsubscribe();
    expect(replaced).not.toBe("");
    expect(outcome(final, "row-1")?.kind).toBe("replaced");
    expect(tenant.passes.get("user-1")?.id).toBe(replaced);
    expectConsistent(final, targets, tenant);
  });

  it("resends throttled deletes and ends with every pass removed within the service's quota", async () => {
    const { clock, tenant, targets, start } = setup({ quota: { capacity: 20, perSecond: 5 } }, 60);
    const final = await clock.runUntilSettled(start().finished);
    expect(final.counts.removed).toBe(60);
    expect(tenant.passes.size).toBe(0);
    expectConsistent(final, targets, tenant);
  });

  it("loses nothing under random faults: every target ends once and the tenant agrees", async () => {
    const random = seededRandom(7);
    const { clock, tenant, targets, start } = setup(
      {
        innerFault: () => {
          const roll = random();
          if (roll < 0.1) return { kind: "status", status: 503, commit: random() < 0.5 };
          if (roll < 0.2) return { kind: "status", status: 429, headers: { "Retry-After": "1" } };
          return undefined;
        },
        batchFault: () => (random() < 0.1 ? { kind: "network", commit: random() < 0.5 } : undefined),
      },
      80,
    );
    const final = await clock.runUntilSettled(start().finished);
    expectConsistent(final, targets, tenant);
    expect(final.counts.removed).toBeGreaterThan(60);
  });

  it("on cancel sends nothing more and reports the unsent passes as still working", async () => {
    const { clock, tenant, targets, start } = setup({}, 200);
    const run = start();
    void clock.sleep(100).then(() => run.cancel());
    const final = await clock.runUntilSettled(run.finished);
    expect(final.status).toBe("cancelled");
    expect(final.counts.failed).toBeGreaterThan(0);
    const cancelled = final.rows.filter((row) => row.outcome?.kind === "failed");
    expect(cancelled[0]?.outcome).toMatchObject({ reason: expect.stringContaining("still works") });
    expectConsistent(final, targets, tenant);
  });

  it("keeps Graph's code and request id on a refused removal", async () => {
    const { clock, tenant, targets, start } = setup(
      {
        innerFault: ({ method }) =>
          method === "DELETE" ? { kind: "status", status: 403, code: "Authorization_RequestDenied" } : undefined,
      },
      1,
    );
    const final = await clock.runUntilSettled(start().finished);
    expect(outcome(final, "row-1")).toMatchObject({
      kind: "failed",
      status: 403,
      code: "Authorization_RequestDenied",
      requestId: expect.any(String),
    });
    expectConsistent(final, targets, tenant);
  });
});
