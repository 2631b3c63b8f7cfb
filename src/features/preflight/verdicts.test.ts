import { describe, expect, it } from "vitest";
import { ROLE_TEMPLATE } from "../../lib/directory-roles";
import type { DirectoryRole, DirectoryUser } from "../../lib/graph/types";
import type { Candidate } from "../../lib/tap/run-types";
import type { CandidateLookup, LookupFailure, PassSummarySource } from "./preflight-types";
import { guestOrigin, isExternalGuest } from "../../domain/guest-origin";
import { type VerdictContext, VERDICT_SLICE, decideVerdicts, decideVerdictsInSlices } from "./verdicts";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const context: VerdictContext = { capability: "all", meId: "me-id", nowMs: NOW, formatDateTime: (iso) => iso };

function candidate(rowId: string, line: number | null = Number(rowId.replace(/\D/g, "")) || 1): Candidate {
  return { rowId, line, identifier: `${rowId}@contoso.example`, overrides: {} };
}

function user(id: string, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  return { id, displayName: id, userPrincipalName: `${id}@contoso.example`, accountEnabled: true, userType: "Member", ...extra };
}

function found(u: DirectoryUser, passes: PassSummarySource[] = [], roles?: DirectoryRole[]): CandidateLookup {
  const lookup: CandidateLookup = { user: { ok: true, value: u }, passes: { ok: true, value: passes } };
  if (roles) lookup.roles = { ok: true, value: roles };
  return lookup;
}

const failure = (status: number, message = "nope", requestId: string | null = "req-1"): LookupFailure => ({
  status,
  code: "x",
  message,
  requestId,
});

function verdictOf(lookup: CandidateLookup, ctx: VerdictContext = context) {
  const c = candidate("r1");
  return decideVerdicts([c], new Map([[c.rowId, lookup]]), ctx).rows[0]!;
}

const pass = (extra: Partial<PassSummarySource>): PassSummarySource => ({
  id: "tap-1",
  createdDateTime: "2026-06-01T10:00:00Z",
  startDateTime: "2026-06-01T10:00:00Z",
  lifetimeInMinutes: 480,
  isUsableOnce: false,
  isUsable: true,
  methodUsabilityReason: "EnabledByPolicy",
  ...extra,
});

const role = (roleTemplateId: string, displayName: string): DirectoryRole => ({ id: `obj-${roleTemplateId}`, displayName, roleTemplateId });

describe("preflight verdicts", () => {
  it("marks an enabled member without a pass as ready", () => {
    const row = verdictOf(found(user("u1")));
    expect(row.verdict).toBe("ready");
    expect(row.user?.id).toBe("u1");
  });

  it("says not-found for a 404 and names the identifier", () => {
    const row = verdictOf({ user: { ok: false, failure: failure(404) } });
    expect(row.verdict).toBe("not-found");
    expect(row.detail).toContain("r1@contoso.example");
  });

  it("says lookup-failed with a plain reason and the request id for other errors", () => {
    const row = verdictOf({ user: { ok: false, failure: failure(503, "Service unavailable", "abc-123") } });
    expect(row.verdict).toBe("lookup-failed");
    expect(row.detail).toMatch(/temporary problem \(503\)/);
    expect(row.detail).toContain("abc-123");
  });

  it("skips disabled accounts and says they can't sign in", () => {
    const row = verdictOf(found(user("u1", { accountEnabled: false })));
    expect(row.verdict).toBe("disabled");
    expect(row.detail).toMatch(/disabled/);
    expect(row.detail).toMatch(/Skipped unless you choose to issue for disabled accounts/);
    expect(row.ifEnabled).toBe("ready");
  });

  it("keeps what a disabled account would be once enabled: its working pass, or an external guest", () => {
    const holding = verdictOf(
      found(user("u1", { accountEnabled: false }), [pass({ isUsable: true, methodUsabilityReason: "EnabledByPolicy" })]),
    );
    expect(holding.verdict).toBe("disabled");
    expect(holding.ifEnabled).toBe("holds-usable-pass");
    expect(holding.existingPass?.id).toBe("tap-1");
    expect(holding.detail).toMatch(/Once enabled: Already holds a working pass/);
    const guest = verdictOf(found(user("g1", { accountEnabled: false, userType: "Guest", externalUserState: "Accepted" })));
    expect(guest.ifEnabled).toBe("external-guest");
  });

  it.each([
    ["externalUserState set", { userType: "Guest", externalUserState: "Accepted" }],
    ["an invitation", { userType: "Guest", creationType: "Invitation" }],
    ["an identity from another organisation", { userType: "Guest", identities: [{ signInType: "federated", issuer: "ExternalAzureAD" }] }],
    ["a one-time-passcode identity", { userType: "Guest", identities: [{ signInType: "emailAddress", issuer: "mail" }] }],
  ] as const)("treats a guest with %s as an external guest", (_name, extra) => {
    const row = verdictOf(found(user("g1", { ...extra, identities: "identities" in extra ? [...extra.identities] : null })));
    expect(row.verdict).toBe("external-guest");
    expect(row.detail).toBe("External guests can't receive a pass; they sign in with their own organisation's account.");
  });

  it("sends an account whose name has #EXT# but whom Graph doesn't call external, and says Entra decides", () => {
    const u = user("g3", {
      userType: "Guest",
      userPrincipalName: "ann_fabrikam.com#EXT#@contoso.example",
      externalUserState: null,
      creationType: null,
      identities: [
        { signInType: "userPrincipalName", issuer: "contoso.example", issuerAssignedId: "ann_fabrikam.com#EXT#@contoso.example" },
      ],
    });
    expect(guestOrigin(u)).toBe("unsure");
    const row = verdictOf(found(u));
    expect(row.verdict).toBe("ready");
    expect(row.caution).toMatch(/#EXT#.*shows Entra's answer/);
    expect(row.detail).toContain(row.caution);
  });

  it("lets internal guests receive a pass", () => {
    const u = user("g2", { userType: "Guest", externalUserState: null, creationType: null });
    expect(isExternalGuest(u)).toBe(false);
    const row = verdictOf(found(u));
    expect(row.verdict).toBe("ready");
    expect(row.detail).toMatch(/internal guest/);
  });

  it("flags a usable existing pass with its end time", () => {
    const row = verdictOf(found(user("u1"), [pass({})]));
    expect(row.verdict).toBe("holds-usable-pass");
    expect(row.existingPass?.endDateTime).toBe("2026-06-01T18:00:00.000Z");
    expect(row.detail).toContain("2026-06-01T18:00:00.000Z");
  });

  it("says when an existing pass is valid and whether it is one-time, as the admin center does", () => {
    const row = verdictOf(found(user("u1"), [pass({})]));
    const once = row.existingPass?.isUsableOnce ? "one-time use" : "multi-use";
    expect(row.detail).toMatch(new RegExp(`Valid from \\S+ until 2026-06-01T18:00:00\\.000Z, ${once}\\.$`));
  });

  it("flags a not-yet-valid pass as holding a future pass", () => {
    const row = verdictOf(
      found(user("u1"), [pass({ isUsable: false, methodUsabilityReason: "NotYetValid", startDateTime: "2026-06-03T08:00:00Z" })]),
    );
    expect(row.verdict).toBe("holds-future-pass");
    expect(row.detail).toContain("2026-06-03T08:00:00Z");
  });

  it("treats an expired pass as replaceable and says it will be replaced", () => {
    const row = verdictOf(
      found(user("u1"), [
        pass({ isUsable: false, methodUsabilityReason: "Expired", startDateTime: "2026-05-01T08:00:00Z", lifetimeInMinutes: 60 }),
      ]),
    );
    expect(row.verdict).toBe("holds-expired-pass");
    expect(row.detail).toMatch(/expired on 2026-05-01T09:00:00.000Z; the new pass replaces it/);
  });

  it("treats a used one-time pass as spent", () => {
    const row = verdictOf(found(user("u1"), [pass({ isUsable: false, methodUsabilityReason: "OneTimeUsed" })]));
    expect(row.verdict).toBe("holds-expired-pass");
    expect(row.detail).toMatch(/already been used/);
  });

  it("falls back to the times when the usability reason is unknown", () => {
    const future = pass({ isUsable: false, methodUsabilityReason: "Other", startDateTime: "2026-06-02T00:00:00Z" });
    const over = pass({ isUsable: false, methodUsabilityReason: "Other", startDateTime: "2026-05-01T00:00:00Z", lifetimeInMinutes: 60 });
    const running = pass({ isUsable: false, methodUsabilityReason: "Other" });
    expect(verdictOf(found(user("u1"), [future])).verdict).toBe("holds-future-pass");
    expect(verdictOf(found(user("u1"), [over])).verdict).toBe("holds-expired-pass");
    expect(verdictOf(found(user("u1"), [running])).verdict).toBe("holds-usable-pass");
  });

  it("never exposes a pass value in the summary", () => {
    const row = verdictOf(found(user("u1"), [{ ...pass({}), temporaryAccessPass: "+secret" } as PassSummarySource]));
    expect(JSON.stringify(row.existingPass)).not.toContain("secret");
  });

  it("sends admins to a Privileged Authentication Administrator when the issuer may only reach non-admins", () => {
    const roles = [
      role("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers"),
      role("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
    ];
    const row = verdictOf(found(user("u1"), [], roles), { ...context, capability: "non-admins" });
    expect(row.verdict).toBe("needs-privileged-admin");
    expect(row.blockingRoles?.map((r) => r.displayName)).toEqual(["User Administrator"]);
    expect(row.detail).toContain("User Administrator");
    expect(row.detail).not.toContain("Directory Readers");
  });

  it("sends a target whose role objects came back without names, saying a refusal is likely, not certain", () => {
    const unnamed: DirectoryRole = { id: "obj-1", displayName: null, roleTemplateId: null };
    const row = verdictOf(found(user("u1"), [], [unnamed]), { ...context, capability: "non-admins" });
    expect(row.verdict).toBe("ready");
    expect(row.caution).toBe(
      "Likely refused: holds 1 directory role Microsoft Graph didn't name to TAP Desk, and most admin roles need a Privileged Authentication Administrator. TAP Desk sends it and shows Entra's answer.",
    );
    expect(row.detail).toMatch(/^Will get a new pass\. Likely refused/);
  });

  it("keeps the existing-pass check for a target with unnamed roles", () => {
    const unnamed: DirectoryRole = { id: "obj-1", displayName: null, roleTemplateId: null };
    const row = verdictOf(found(user("u1"), [pass({})], [unnamed, unnamed]), { ...context, capability: "non-admins" });
    expect(row.verdict).toBe("holds-usable-pass");
    expect(row.caution).toContain("holds 2 directory roles");
  });

  it("is certain only about named roles: a named blocking role still needs a Privileged Authentication Administrator", () => {
    const roles: DirectoryRole[] = [
      { id: "obj-1", displayName: null, roleTemplateId: null },
      role("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"),
    ];
    const row = verdictOf(found(user("u1"), [], roles), { ...context, capability: "non-admins" });
    expect(row.verdict).toBe("needs-privileged-admin");
    expect(row.detail).toContain("Helpdesk Administrator");
  });

  it("checks no target roles when the issuer's roles are unknown (Entra decides)", () => {
    const roles = [role(ROLE_TEMPLATE.globalAdministrator, "Global Administrator")];
    const row = verdictOf(found(user("u1"), [], roles), { ...context, capability: "unknown" });
    expect(row.verdict).toBe("ready");
    expect(row.caution).toBeUndefined();
  });

  it("lets an Authentication Administrator reach users holding only allowed roles", () => {
    const roles = [role(ROLE_TEMPLATE.authenticationAdministrator, "Authentication Administrator")];
    expect(verdictOf(found(user("u1"), [], roles), { ...context, capability: "non-admins" }).verdict).toBe("ready");
  });

  it("ignores target roles when the issuer may reach everyone", () => {
    const roles = [role(ROLE_TEMPLATE.globalAdministrator, "Global Administrator")];
    expect(verdictOf(found(user("u1"), [], roles), context).verdict).toBe("ready");
  });

  it("reports lookup-failed when the roles of a target couldn't be read", () => {
    const lookup: CandidateLookup = { ...found(user("u1")), roles: { ok: false, failure: failure(403, "Insufficient privileges") } };
    const row = verdictOf(lookup, { ...context, capability: "non-admins" });
    expect(row.verdict).toBe("lookup-failed");
    expect(row.detail).toMatch(/admin roles couldn't be checked.*Insufficient privileges.*req-1/);
  });

  it("says Entra refused a 403 on the pass listing, in Graph's own words, and sends nothing", () => {
    const refused: LookupFailure = {
      status: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
      requestId: "req-9",
    };
    const row = verdictOf({ user: { ok: true, value: user("u1") }, passes: { ok: false, failure: refused } });
    expect(row.verdict).toBe("lookup-failed");
    expect(row.detail).toMatch(
      /^Entra refused: Authorization_RequestDenied: Insufficient privileges to complete the operation\. \(request id req-9\) /,
    );
    expect(row.detail).toContain("so it would refuse a new one too");
  });

  it("reports lookup-failed when the existing pass couldn't be read", () => {
    const lookup: CandidateLookup = { user: { ok: true, value: user("u1") }, passes: { ok: false, failure: failure(500) } };
    expect(verdictOf(lookup).verdict).toBe("lookup-failed");
  });

  it("refuses to issue for the signed-in admin", () => {
    const row = verdictOf(found(user("ME-ID")));
    expect(row.verdict).toBe("self");
    expect(row.detail).toMatch(/themselves/);
  });

  it("keeps the first row for a person listed twice and names its line in the second", () => {
    const byUpn = candidate("r3", 3);
    const byId = { ...candidate("r7", 7), identifier: "u1" };
    const lookups = new Map([
      [byUpn.rowId, found(user("u1"))],
      [byId.rowId, found(user("u1"))],
    ]);
    const result = decideVerdicts([byUpn, byId], lookups, context);
    expect(result.rows.map((r) => r.verdict)).toEqual(["ready", "duplicate-user"]);
    expect(result.rows[1]!.detail).toContain("line 3");
    expect(result.rows[1]!.duplicateOf?.rowId).toBe("r3");
  });

  it("counts every verdict and keeps the candidates' order", () => {
    const a = candidate("r1");
    const b = candidate("r2");
    const c = candidate("r3");
    const result = decideVerdicts(
      [a, b, c],
      new Map([
        [a.rowId, found(user("u1"))],
        [b.rowId, { user: { ok: false, failure: failure(404) } }],
        [c.rowId, found(user("u3", { accountEnabled: false }))],
      ]),
      context,
    );
    expect(result.rows.map((r) => r.candidate.rowId)).toEqual(["r1", "r2", "r3"]);
    expect(result.counts.ready).toBe(1);
    expect(result.counts["not-found"]).toBe(1);
    expect(result.counts.disabled).toBe(1);
    expect(Object.values(result.counts).reduce((sum, n) => sum + n, 0)).toBe(3);
  });

  it("says a candidate without any answer was not checked", () => {
    const c = candidate("r1");
    expect(decideVerdicts([c], new Map(), context).rows[0]!.verdict).toBe("lookup-failed");
  });

  it("decides in slices that give the page a turn, with the same rows and counts as all at once", async () => {
    // 4,500 rows: two pauses; the second half names the first half's people again (duplicates across slices).
    const people = Array.from({ length: 4500 }, (_, i) => candidate(`r${i + 1}`, i + 1));
    const lookups = new Map(people.map((c, i) => [c.rowId, found(user(`u${i % 2250}`, { accountEnabled: i % 7 !== 0 }))]));
    const events: string[] = [];
    let decided = 0;
    const result = await decideVerdictsInSlices(people, lookups, context, async () => {
      decided += VERDICT_SLICE;
      events.push(`pause after ${decided}`);
    });
    expect(events).toEqual(["pause after 2000", "pause after 4000"]);
    const atOnce = decideVerdicts(people, lookups, context);
    expect(result).toEqual(atOnce);
    expect(result.counts["duplicate-user"]).toBe(2250);
    expect(result.rows[2250]!.duplicateOf?.rowId).toBe("r1");
  });

  it("stops deciding when a pause rejects (a cancelled check)", async () => {
    const people = Array.from({ length: 2001 }, (_, i) => candidate(`r${i + 1}`, i + 1));
    const cancelled = new DOMException("Cancelled.", "AbortError");
    await expect(decideVerdictsInSlices(people, new Map(), context, () => Promise.reject(cancelled))).rejects.toBe(cancelled);
  });
});
