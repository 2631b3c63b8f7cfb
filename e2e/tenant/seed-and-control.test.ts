import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDirectory } from "./directory-seed.ts";
import type { TenantServer } from "./server.ts";
import { startTenantServer } from "./server.ts";
import { defaultClientId, defaultTenantId } from "./state.ts";
import { control, createTenant, first, graph, signIn } from "./test-support.ts";
import type { Sample } from "./test-support.ts";

let server: TenantServer;

beforeAll(async () => {
  server = await startTenantServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

describe("seeded directory", () => {
  it("is the same for the same seed and differs for another seed", () => {
    const now = Date.now();
    const a = seedDirectory({ seed: 99, userCount: 500, now });
    const b = seedDirectory({ seed: 99, userCount: 500, now });
    const c = seedDirectory({ seed: 100, userCount: 500, now });
    expect(b.users).toEqual(a.users);
    expect([...b.roleAssignments]).toEqual([...a.roleAssignments]);
    expect(c.users.map((u) => u.id)).not.toEqual(a.users.map((u) => u.id));
  });

  it("starts a default tenant of 10,000 users with every category present", async () => {
    const tenant = server.defaultTenant;
    expect(tenant?.tenantId).toBe(defaultTenantId);
    expect(tenant?.clientId).toBe(defaultClientId);
    expect(tenant?.name).toBe("Contoso (emulated)");
    expect(tenant?.directory.users.length).toBeGreaterThanOrEqual(10_000);
    const sample = await control<Sample>(server, `/tenants/${defaultTenantId}/sample`);
    expect(sample.ready.length).toBeGreaterThanOrEqual(2000);
    for (const key of [
      "disabled",
      "externalGuests",
      "internalGuests",
      "privilegedAdmins",
      "limitedAdmins",
      "holdingUsablePass",
      "holdingExpiredPass",
      "holdingFuturePass",
    ] as const) {
      expect(sample[key].length, key).toBeGreaterThan(0);
    }
    expect(sample.personas).toEqual({
      paa: "megan.bowen@contoso.example",
      aa: "adele.vance@contoso.example",
      user: "lee.gu@contoso.example",
      "reader-paa": "nestor.wilke@contoso.example",
      aaSales: "diego.siciliani@contoso.example",
      custom: "patti.fernandez@contoso.example",
    });
    const users = tenant?.directory.users ?? [];
    expect(users).toHaveLength(10_002);
    const share = (n: number): number => n / users.length;
    expect(share(users.filter((u) => !u.accountEnabled).length)).toBeCloseTo(0.03, 2);
    expect(share(users.filter((u) => u.externalUserState !== null).length)).toBeCloseTo(0.02, 2);
    expect(share(users.filter((u) => u.userType === "Guest" && u.externalUserState === null).length)).toBeCloseTo(0.01, 2);
    expect(share(tenant?.passes.size ?? 0)).toBeCloseTo(0.05, 2);
  });

  it("has realistic, varied names and unique UPNs", () => {
    const users = server.defaultTenant?.directory.users ?? [];
    const names = users.map((u) => u.displayName).join("\n");
    for (const fragment of ["José", "Zoë", "Łukasz", "Søren", "O'Brien", "D'Angelo", "-"]) expect(names).toContain(fragment);
    const upns = users.map((u) => u.userPrincipalName.toLowerCase());
    expect(new Set(upns).size).toBe(upns.length);
    expect(upns.some((u) => /^[a-z'-]+\.[a-z'-]+2@contoso\.example$/.test(u))).toBe(true);
    const guest = users.find((u) => u.externalUserState !== null);
    expect(guest?.userPrincipalName).toMatch(/_[a-z.]+#EXT#@contoso\.example$/);
    expect(guest?.creationType).toBe("Invitation");
    const managed = users.filter((u) => u.managerId !== null);
    expect(managed.length).toBeGreaterThan(users.length / 2);
  });

  it("keeps every category in a small tenant", async () => {
    const tenant = await createTenant(server, { userCount: 60 });
    const sample = await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`);
    for (const key of [
      "ready",
      "disabled",
      "externalGuests",
      "internalGuests",
      "privilegedAdmins",
      "limitedAdmins",
      "holdingUsablePass",
      "holdingExpiredPass",
      "holdingFuturePass",
    ] as const) {
      expect(sample[key].length, key).toBeGreaterThan(0);
    }
  });
});

describe("control API", () => {
  it("plants markup in a few members' directory strings when asked (test-only option markupNames)", async () => {
    const tenant = await createTenant(server, { userCount: 60, markupNames: true });
    const token = (await signIn(server, tenant)).access_token;
    const res = await graph(
      server,
      token,
      `/users?$filter=${encodeURIComponent("startswith(displayName,'<img')")}&$select=displayName,jobTitle,accountEnabled`,
    );
    const body = (await res.json()) as { value: { displayName: string; jobTitle: string; accountEnabled: boolean }[] };
    expect(body.value).toEqual([
      { displayName: "<img src=x onerror=alert(1)>", jobTitle: "<script>alert(2)</script>", accountEnabled: true },
    ]);
    const plain = await createTenant(server, { userCount: 60 });
    const plainToken = (await signIn(server, plain)).access_token;
    const none = await graph(server, plainToken, `/users?$filter=${encodeURIComponent("startswith(displayName,'<')")}`);
    expect(((await none.json()) as { value: unknown[] }).value).toEqual([]);
  });

  it("answers health", async () => {
    const res = await fetch(`${server.url}/_emulator/health`);
    expect(res.status).toBe(200);
  });

  it("rejects unknown options and knobs with 400", async () => {
    const res = await fetch(`${server.url}/_emulator/tenants`, {
      method: "POST",
      body: JSON.stringify({ knobs: { latency: { readMS: 5 } } }),
    });
    expect(res.status).toBe(400);
    const res2 = await fetch(`${server.url}/_emulator/tenants`, { method: "POST", body: JSON.stringify({ colour: "red" }) });
    expect(res2.status).toBe(400);
  });

  it("merges PATCHes partially", async () => {
    const tenant = await createTenant(server, { userCount: 60, knobs: { latency: { readMs: 5 } } });
    const after = await control<{
      knobs: { latency: { readMs: number; writeMs: number } };
      policy: { maximumLifetimeInMinutes: number; state: string };
    }>(server, `/tenants/${tenant.tenantId}`, {
      method: "PATCH",
      body: { knobs: { latency: { writeMs: 7 } }, policy: { maximumLifetimeInMinutes: 600 } },
    });
    expect(after.knobs.latency).toMatchObject({ readMs: 5, writeMs: 7 });
    expect(after.policy).toMatchObject({ maximumLifetimeInMinutes: 600, state: "enabled" });
  });

  it("reset re-seeds passes and forgets creations", async () => {
    const tenant = await createTenant(server, { userCount: 60 });
    const sample = await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`);
    const token = (await signIn(server, tenant)).access_token;
    const upn = first(sample.ready);
    await graph(server, token, `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`, { method: "POST", body: {} });
    const before = await control<{ passes: unknown[]; creations: unknown[] }>(server, `/tenants/${tenant.tenantId}/passes`);
    expect(before.creations).toHaveLength(1);
    await control(server, `/tenants/${tenant.tenantId}/reset`, { method: "POST" });
    const after = await control<{ passes: { userPrincipalName: string }[]; creations: unknown[] }>(
      server,
      `/tenants/${tenant.tenantId}/passes`,
    );
    expect(after.creations).toEqual([]);
    expect(after.passes.map((p) => p.userPrincipalName)).not.toContain(upn);
    expect(after.passes).toHaveLength(before.passes.length - 1);
  });

  it("records requests per tenant with browser detection and since", async () => {
    const tenant = await createTenant(server, { userCount: 60 });
    const token = (await signIn(server, tenant)).access_token;
    const { lastSeq } = await control<{ lastSeq: number }>(server, `/tenants/${tenant.tenantId}/log`);
    await graph(server, token, "/me", { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156" } });
    const log = await control<{
      entries: { seq: number; method: string; url: string; status: number; inBatch: boolean; userAgentIsBrowser: boolean }[];
    }>(server, `/tenants/${tenant.tenantId}/log?since=${lastSeq}`);
    expect(log.entries).toEqual([
      expect.objectContaining({ seq: lastSeq + 1, method: "GET", url: "/v1.0/me", status: 200, inBatch: false, userAgentIsBrowser: true }),
    ]);
  });

  it("listens on both 127.0.0.1 and ::1", async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/_emulator/health`)).status).toBe(200);
    expect((await fetch(`http://[::1]:${server.port}/_emulator/health`)).status).toBe(200);
  });
});
