import { expect } from "vitest";
import { PassVault } from "../../../lib/tap/pass-vault";
import { startIssuanceRun, type IssuanceOptions } from "../issuance-run";
import type { IssuanceRun, IssuanceSnapshot, IssueTarget } from "../issuance-types";
import { FakeClock } from "../../../domain/paced-writes/testing/fake-clock";
import { FakeTenant, type FakeTenantOptions } from "../../../domain/paced-writes/testing/fake-tenant";

/** Shared set-up for the run's tests: a fake clock, a fake tenant, a fresh vault. */

export function targets(count: number, body: IssueTarget["body"] = { lifetimeInMinutes: 60 }): IssueTarget[] {
  return Array.from({ length: count }, (_, index) => ({
    rowId: `row-${index + 1}`,
    userKey: `user${index + 1}@contoso.example`,
    displayLabel: `User ${index + 1}`,
    body,
  }));
}

export function setup(tenantOptions: Omit<FakeTenantOptions, "clock"> = {}, options: IssuanceOptions = {}) {
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

export function outcomeOf(snapshot: IssuanceSnapshot, rowId: string) {
  return snapshot.rows.find((row) => row.rowId === rowId)?.outcome;
}

export function postsFor(tenant: FakeTenant, userKey: string): number {
  return tenant.batches.flatMap((batch) => batch.requests).filter((request) => request.url.includes(`/users/${userKey}/`)).length;
}

export const deletes = (tenant: FakeTenant) => tenant.directCalls.filter((call) => call.method === "DELETE");

/** Every row has one final outcome; issued rows' values are the tenant's live pass; others hold none unseen. */
export function expectConsistentEnd(snapshot: IssuanceSnapshot, list: IssueTarget[], tenant: FakeTenant, vault: PassVault) {
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
