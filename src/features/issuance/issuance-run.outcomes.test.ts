import { describe, expect, it } from "vitest";
import { GraphError } from "../../lib/graph/graph-error";
import type { IssueTarget } from "./issuance-types";
import { seededRandom } from "../../domain/paced-writes/testing/fake-clock";
import { deletes, expectConsistentEnd, outcomeOf, postsFor, setup, targets } from "./testing/run-harness";
import { oneBatchAtATime } from "../../domain/paced-writes/testing/one-batch-at-a-time";

/* What each answer means for its row, seen through whole runs (the outcome policy has its own tests). */

describe("issuance run: failures", () => {
  it("does not resend permanent failures and explains them in plain words", async () => {
    const faults: Record<string, { status: number; code: string; message: string }> = {
      "user1@contoso.example": {
        status: 400,
        code: "badRequest",
        message: "Invalid LifetimeInMinutes specified. The valid range between 60 and 480.",
      },
      "user2@contoso.example": {
        status: 403,
        code: "Authorization_RequestDenied",
        message: "Insufficient privileges to complete the operation.",
      },
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
    const { start, finish, tenant, vault } = setup(
      { batchFault: ({ batchIndex }) => (batchIndex === 0 ? { kind: "network", commit: true } : undefined) },
      { minBatchSize: 20 },
    );
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
      batchFault: ({ requests }) => (requests.some(() => random() < 0.08) ? { kind: "network", commit: random() < 0.5 } : undefined),
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
        innerFault: ({ userKey }) => (userKey === "user1@contoso.example" ? { kind: "status", status: 502, commit: false } : undefined),
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
      { ...oneBatchAtATime() },
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

describe("issuance run: learning the tenant's policy from Entra's refusals", () => {
  /** Rows asking 2 days, with every fourth asking 1 hour. */
  const mixed = (count: number): IssueTarget[] =>
    targets(count).map((target, index) => ({ ...target, body: { lifetimeInMinutes: index % 4 === 3 ? 60 : 2880 } }));

  it("learns the range from the first refusal, stops sending creates that would fail the same way, and says why", async () => {
    const { start, finish, tenant, vault } = setup({ policy: { minLifetime: 60, maxLifetime: 1440 } }, { ...oneBatchAtATime(4) });
    const list = mixed(20);
    const snapshot = await finish(start(list));
    // Only the first batch's 2-day rows reached Entra; every later one ended unsent.
    const sentTwoDays = tenant.batches
      .flatMap((batch) => batch.requests)
      .filter((request) => (request.body as { lifetimeInMinutes: number }).lifetimeInMinutes === 2880);
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
      reason:
        "Not sent: Entra allows passes of 1 hour–1 day in this tenant; this row asked for 2 days. (Entra said so when it refused an earlier row.)",
      policyRefusal: { kind: "lifetime", requestedMinutes: 2880 },
    });
    expectConsistentEnd(snapshot, list, tenant, vault);
  });

  it("re-issues the refused rows with the lifetime the admin picked, and only those", async () => {
    const { start, finish, tenant, vault } = setup({ policy: { minLifetime: 60, maxLifetime: 1440 } }, { ...oneBatchAtATime(4) });
    const list = mixed(12);
    const first = start(list);
    await finish(first);
    const sentBefore = tenant.createRequests;
    const again = first.reissueRefused({ lifetimeInMinutes: 1440 });
    const snapshot = await finish(again);
    expect(tenant.createRequests - sentBefore).toBe(9);
    expect(snapshot.counts).toMatchObject({ total: 9, issued: 9, failed: 0 });
    expect(
      tenant.batches.at(-1)!.requests.every((request) => (request.body as { lifetimeInMinutes: number }).lifetimeInMinutes === 1440),
    ).toBe(true);
    expect(tenant.passes.size).toBe(12);
    expect(vault.size).toBe(12);
  });

  it("learns that one-time use is likely forced from a refused multi-use create, stops multi-use creates, and re-issues them one-time", async () => {
    const { start, finish, tenant, vault } = setup(
      { policy: { minLifetime: 60, maxLifetime: 1440, forcesOneTime: true } },
      { ...oneBatchAtATime(4) },
    );
    const list = targets(12).map((target, index) => ({ ...target, body: { lifetimeInMinutes: 60, isUsableOnce: index % 3 === 2 } }));
    const first = start(list);
    const snapshot = await finish(first);
    expect(snapshot.learned.forcesOneTime).toBe(true);
    const multiSent = tenant.batches
      .flatMap((batch) => batch.requests)
      .filter((request) => (request.body as { isUsableOnce: boolean }).isUsableOnce === false);
    expect(multiSent).toHaveLength(3);
    expect(snapshot.counts).toMatchObject({ issued: 4, failed: 8 });
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({
      reason: expect.stringMatching(/likely requires one-time passes \(TAP Desk is not certain/),
      policyRefusal: { kind: "multiUse" },
    });
    expect(outcomeOf(snapshot, "row-11")).toMatchObject({
      reason: expect.stringMatching(/^Not sent as a multi-use pass/),
      policyRefusal: { kind: "multiUse" },
    });
    const again = await finish(first.reissueRefused({ isUsableOnce: true }));
    expect(again.counts).toMatchObject({ total: 8, issued: 8 });
    expect(vault.size).toBe(12);
    expectConsistentEnd(
      again,
      list.filter((target) => again.rows.some((row) => row.rowId === target.rowId)),
      tenant,
      vault,
    );
  });

  it("does not guess one-time is forced when a multi-use create was accepted (a 400 then has another cause)", async () => {
    const { start, finish, tenant } = setup(
      {
        innerFault: ({ userKey }) =>
          userKey === "user1@contoso.example"
            ? { kind: "status", status: 400, code: "badRequest", message: "not in the policy" }
            : undefined,
      },
      { ...oneBatchAtATime(4) },
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
          userKey === "user1@contoso.example"
            ? { kind: "status", status: 400, code: "badRequest", message: "Converged UserCredentialPolicy does not allow it." }
            : undefined,
      },
      { ...oneBatchAtATime(2) },
    );
    const snapshot = await finish(start(targets(6, { lifetimeInMinutes: 2880 })));
    expect(snapshot.learned).toEqual({ lifetimeRange: null, forcesOneTime: false });
    expect(tenant.createRequests).toBe(6);
    expect(snapshot.counts).toMatchObject({ issued: 5, failed: 1 });
    expect(outcomeOf(snapshot, "row-1")).toMatchObject({
      reason: expect.stringMatching(/can't tell which rule/),
      graphMessage: "Converged UserCredentialPolicy does not allow it.",
    });
  });

  it("starts a run already knowing a learned range: rows outside it are never sent", async () => {
    const { start, finish, tenant } = setup({}, { learned: { lifetimeRange: { min: 60, max: 480 }, forcesOneTime: false } });
    const snapshot = await finish(
      start([
        ...targets(2, { lifetimeInMinutes: 1440 }).map((t, i) => ({ ...t, rowId: `long-${i}`, userKey: `long${i}@contoso.example` })),
        ...targets(2),
      ]),
    );
    expect(tenant.createRequests).toBe(2);
    expect(snapshot.counts).toMatchObject({ issued: 2, failed: 2 });
  });
});
