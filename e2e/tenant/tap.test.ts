import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantServer } from "./server.ts";
import { control, createTenant, first, graph, signIn, startTestServer } from "./test-support.ts";
import type { GraphErrorBody, Sample, TestTenant } from "./test-support.ts";

let server: TenantServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Pass {
  id: string;
  temporaryAccessPass: string | null;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  isUsable: boolean;
  methodUsabilityReason: string;
  "@odata.context"?: string;
}

interface Ctx {
  tenant: TestTenant;
  token: string;
  sample: Sample;
}

async function setup(options: Record<string, unknown> = {}): Promise<Ctx> {
  const tenant = await createTenant(server, { userCount: 120, ...options });
  const token = (await signIn(server, tenant)).access_token;
  const sample = await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`);
  return { tenant, token, sample };
}

const tapPath = (upn: string): string => `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`;

async function create(ctx: Ctx, upn: string, body: unknown = {}): Promise<Response> {
  return graph(server, ctx.token, tapPath(upn), { method: "POST", body });
}

async function errorOf(res: Response): Promise<GraphErrorBody["error"]> {
  return ((await res.json()) as GraphErrorBody).error;
}

async function patch(ctx: Ctx, body: unknown): Promise<void> {
  await control(server, `/tenants/${ctx.tenant.tenantId}`, { method: "PATCH", body });
}

describe("create, list, get, delete", () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await setup();
  });

  it("creates a pass (201) and returns its value only on creation", async () => {
    const upn = first(ctx.sample.ready);
    const res = await create(ctx, upn);
    expect(res.status).toBe(201);
    const created = (await res.json()) as Pass;
    expect(created["@odata.context"]).toContain("/authentication/temporaryAccessPassMethods/$entity");
    expect(created).toMatchObject({ lifetimeInMinutes: 60, isUsableOnce: false, isUsable: true, methodUsabilityReason: "EnabledByPolicy" });
    expect(created.temporaryAccessPass).toHaveLength(8);
    expect(res.headers.get("location")).toContain(`/authentication/temporaryAccessPassMethods/${created.id}`);

    const list = (await (await graph(server, ctx.token, tapPath(upn))).json()) as { value: Pass[] };
    expect(list.value).toHaveLength(1);
    expect(first(list.value).id).toBe(created.id);
    expect(first(list.value).temporaryAccessPass).toBeNull();
    const one = (await (await graph(server, ctx.token, `${tapPath(upn)}/${created.id}`)).json()) as Pass;
    expect(one.temporaryAccessPass).toBeNull();
    expect(one.createdDateTime).toBe(created.createdDateTime);

    const del = await graph(server, ctx.token, `${tapPath(upn)}/${created.id}`, { method: "DELETE" });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe("");
    const after = (await (await graph(server, ctx.token, tapPath(upn))).json()) as { value: Pass[] };
    expect(after.value).toEqual([]);
  });

  it("honours startDateTime, lifetime and isUsableOnce", async () => {
    const start = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const res = await create(ctx, ctx.sample.ready[1] ?? "", { startDateTime: start, lifetimeInMinutes: 120, isUsableOnce: true });
    const pass = (await res.json()) as Pass;
    expect(pass).toMatchObject({ lifetimeInMinutes: 120, isUsableOnce: true, isUsable: false, methodUsabilityReason: "NotYetValid" });
    expect(Date.parse(pass.startDateTime)).toBe(Date.parse(start));
  });

  it("reports seeded passes as usable, expired or not yet valid", async () => {
    const reasonOf = async (upn: string): Promise<string> =>
      first(((await (await graph(server, ctx.token, tapPath(upn))).json()) as { value: Pass[] }).value).methodUsabilityReason;
    expect(await reasonOf(first(ctx.sample.holdingUsablePass))).toBe("EnabledByPolicy");
    expect(await reasonOf(first(ctx.sample.holdingExpiredPass))).toBe("Expired");
    expect(await reasonOf(first(ctx.sample.holdingFuturePass))).toBe("NotYetValid");
  });

  it("replaces an existing pass: one pass remains, two creations are counted", async () => {
    const upn = ctx.sample.ready[2] ?? "";
    const a = (await (await create(ctx, upn)).json()) as Pass;
    const b = (await (await create(ctx, upn)).json()) as Pass;
    expect(b.id).not.toBe(a.id);
    const list = (await (await graph(server, ctx.token, tapPath(upn))).json()) as { value: Pass[] };
    expect(list.value.map((p) => p.id)).toEqual([b.id]);
    const state = await control<{
      passes: { userPrincipalName: string; id: string; temporaryAccessPass: string }[];
      creations: { userPrincipalName: string; count: number }[];
    }>(server, `/tenants/${ctx.tenant.tenantId}/passes`);
    expect(state.passes.filter((p) => p.userPrincipalName === upn).map((p) => p.id)).toEqual([b.id]);
    expect(state.passes.find((p) => p.userPrincipalName === upn)?.temporaryAccessPass).toBe(b.temporaryAccessPass);
    expect(state.creations.find((c) => c.userPrincipalName === upn)?.count).toBe(2);
  });

  it("allows internal guests and disabled accounts", async () => {
    expect((await create(ctx, first(ctx.sample.internalGuests))).status).toBe(201);
    // The reference has no rule refusing a disabled account: pre-staged accounts get a pass that is kept for them.
    const disabled = first(ctx.sample.disabled);
    const res = await create(ctx, disabled, { lifetimeInMinutes: 120, isUsableOnce: true });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Pass;
    expect(created.temporaryAccessPass).toHaveLength(8);
    const list = (await (await graph(server, ctx.token, tapPath(disabled))).json()) as { value: Pass[] };
    expect(list.value.map((p) => [p.id, p.lifetimeInMinutes, p.isUsableOnce])).toEqual([[created.id, 120, true]]);
  });

  it("rejects external guests with the documented message", async () => {
    const res = await create(ctx, first(ctx.sample.externalGuests));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("Temporary Access Pass cannot be added to an external guest user.");
  });

  it("rejects lifetimes outside the policy range with the documented message", async () => {
    for (const lifetimeInMinutes of [30, 481, 5, 50_000]) {
      const res = await create(ctx, ctx.sample.ready[3] ?? "", { lifetimeInMinutes });
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe("badRequest");
      expect(error.message).toBe("Invalid LifetimeInMinutes specified. The valid range between 60 and 480.");
      expect(error.innerError.message).toBe(error.message);
    }
  });

  it("rejects unknown properties and wrong types", async () => {
    expect((await create(ctx, ctx.sample.ready[3] ?? "", { lifetime: 60 })).status).toBe(400);
    expect((await create(ctx, ctx.sample.ready[3] ?? "", { lifetimeInMinutes: "60" })).status).toBe(400);
  });

  it("forbids a pass for yourself", async () => {
    const res = await create(ctx, ctx.sample.personas.paa);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("Authorization_RequestDenied");
  });

  it("answers 404 for an unknown user", async () => {
    const res = await create(ctx, "ghost@contoso.example");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("Request_ResourceNotFound");
  });

  it("lets a Privileged Authentication Administrator target admins", async () => {
    expect((await create(ctx, first(ctx.sample.privilegedAdmins))).status).toBe(201);
  });
});

describe("policy", () => {
  it("blocks creation when the policy is disabled or does not target the user", async () => {
    const ctx = await setup({ policy: { state: "disabled" } });
    const res = await create(ctx, first(ctx.sample.ready));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("badRequest");
    expect(error.message).toBe(
      "Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].",
    );

    await patch(ctx, { policy: { state: "enabled", includeTarget: "group", excludeUsers: [first(ctx.sample.ready)] } });
    const sample = await control<Sample>(server, `/tenants/${ctx.tenant.tenantId}/sample`);
    expect(sample.outsidePolicy).toContain(first(ctx.sample.ready));
    for (const upn of sample.outsidePolicy.slice(0, 3)) {
      expect((await errorOf(await create(ctx, upn))).message).toMatch(/^Converged UserCredentialPolicy/);
    }
    expect((await create(ctx, first(sample.ready))).status).toBe(201);
  });

  it("applies policy defaults for lifetime, length and one-time use", async () => {
    const ctx = await setup({
      policy: {
        defaultLifetimeInMinutes: 240,
        minimumLifetimeInMinutes: 15,
        maximumLifetimeInMinutes: 1440,
        defaultLength: 12,
        isUsableOnce: true,
      },
    });
    const pass = (await (await create(ctx, first(ctx.sample.ready))).json()) as Pass;
    expect(pass.lifetimeInMinutes).toBe(240);
    expect(pass.isUsableOnce).toBe(true);
    expect(pass.temporaryAccessPass).toHaveLength(12);
    const multi = await create(ctx, ctx.sample.ready[1] ?? "", { isUsableOnce: false });
    expect(multi.status).toBe(400);
    expect((await errorOf(multi)).code).toBe("badRequest");
    const bounds = await create(ctx, ctx.sample.ready[1] ?? "", { lifetimeInMinutes: 10 });
    expect((await errorOf(bounds)).message).toBe("Invalid LifetimeInMinutes specified. The valid range between 15 and 1440.");
  });

  it("returns the policy to a Global Reader + PAA (segment case-insensitive) and 403 to a PAA or an Authentication Administrator", async () => {
    const ctx = await setup();
    const paa = await graph(
      server,
      ctx.token,
      "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass",
    );
    expect(paa.status).toBe(403);
    expect((await errorOf(paa)).code).toBe("Authorization_RequestDenied");
    await patch(ctx, { persona: "reader-paa" });
    const reader = (await signIn(server, ctx.tenant)).access_token;
    for (const segment of ["TemporaryAccessPass", "temporaryAccessPass"]) {
      const res = await graph(server, reader, `/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/${segment}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        id: "TemporaryAccessPass",
        state: "enabled",
        defaultLifetimeInMinutes: 60,
        defaultLength: 8,
        minimumLifetimeInMinutes: 60,
        maximumLifetimeInMinutes: 480,
        isUsableOnce: false,
        includeTargets: [{ targetType: "group", id: "all_users", isRegistrationRequired: false }],
        excludeTargets: [],
      });
    }
    await patch(ctx, { persona: "aa" });
    const aa = (await signIn(server, ctx.tenant)).access_token;
    const res = await graph(server, aa, "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass");
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("Authorization_RequestDenied");
  });

  it("rejects a second pass in replaceMode=reject while the first is still valid", async () => {
    const ctx = await setup({ knobs: { replaceMode: "reject" } });
    const upn = first(ctx.sample.ready);
    expect((await create(ctx, upn)).status).toBe(201);
    const second = await create(ctx, upn);
    expect(second.status).toBe(400);
    expect((await errorOf(second)).message).toMatch(/already exists/);
    expect((await create(ctx, first(ctx.sample.holdingExpiredPass))).status).toBe(201);
  });
});

describe("role rules", () => {
  it("an Authentication Administrator may act on members and limited admins only", async () => {
    const ctx = await setup({ persona: "aa" });
    const aa: Ctx = { ...ctx, token: ctx.token };
    expect((await create(aa, first(ctx.sample.ready))).status).toBe(201);
    expect((await create(aa, first(ctx.sample.limitedAdmins))).status).toBe(201);
    for (const upn of [...ctx.sample.privilegedAdmins, ctx.sample.personas.paa]) {
      const res = await create(aa, upn);
      expect(res.status, upn).toBe(403);
      expect((await errorOf(res)).message).toBe("Insufficient privileges to complete the operation.");
    }
    expect((await graph(server, aa.token, tapPath(first(ctx.sample.privilegedAdmins)))).status).toBe(403);
  });

  it("a user without an admin role gets 403 on everything", async () => {
    const ctx = await setup({ persona: "user" });
    expect((await create(ctx, first(ctx.sample.ready))).status).toBe(403);
    expect((await graph(server, ctx.token, tapPath(first(ctx.sample.ready)))).status).toBe(403);
    expect(
      (await graph(server, ctx.token, "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass"))
        .status,
    ).toBe(403);
  });

  it("needs UserAuthenticationMethod.ReadWrite.All", async () => {
    const ctx = await setup();
    const narrow = (await signIn(server, ctx.tenant, ["User.Read", "User.Read.All"])).access_token;
    expect((await create({ ...ctx, token: narrow }, first(ctx.sample.ready))).status).toBe(403);
  });
});
