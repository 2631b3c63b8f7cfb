import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signJwt } from "./jwt.ts";
import type { TenantServer } from "./server.ts";
import { control, createTenant, decodeJwt, first, graph, signIn, startTestServer } from "./test-support.ts";
import type { GraphErrorBody, Sample } from "./test-support.ts";

const PAA = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";
const AA = "c4e39bd9-1100-46d3-8c65-fb160da0071f";
const DEFAULT_USER_ROLE = "b79fbf4d-3ef9-4689-8143-76b194e85509";

let server: TenantServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function tenantAs(persona: string, knobs: Record<string, unknown> = {}) {
  const tenant = await createTenant(server, { userCount: 200, seed: 11, persona, knobs });
  const tokens = await signIn(server, tenant);
  const sample = await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`);
  return { tenant, tokens, sample };
}

/** The same signed-in token with other delegated scopes (as if the app had asked for and been granted them). */
function withScopes(accessToken: string, scp: string): string {
  return signJwt({ ...decodeJwt(accessToken), scp });
}

type Listed = { value: Record<string, unknown>[] };

async function listRoles(token: string, path: string): Promise<Record<string, unknown>[]> {
  const res = await graph(server, token, path, { headers: { ConsistencyLevel: "eventual" } });
  expect(res.status).toBe(200);
  return ((await res.json()) as Listed).value;
}

const createPass = (token: string, upn: string) =>
  graph(server, token, `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`, { method: "POST", body: {} });

describe("the limited-information rule for role objects", () => {
  let token: string;
  let sample: Sample;
  beforeAll(async () => {
    ({
      sample,
      tokens: { access_token: token },
    } = await tenantAs("paa"));
  });

  it.each([
    "/me/transitiveMemberOf/microsoft.graph.directoryRole?$count=true",
    "/me/memberOf/microsoft.graph.directoryRole",
    "/me/transitiveMemberOf",
  ])("answers %s with role objects that carry only @odata.type and id", async (path) => {
    const roles = (await listRoles(token, path)).filter((item) => item["@odata.type"] === "#microsoft.graph.directoryRole");
    expect(roles).toHaveLength(1);
    const role = first(roles);
    expect(typeof role.id).toBe("string");
    expect(role.roleTemplateId).toBeNull();
    expect(role.displayName).toBeNull();
    expect(Object.entries(role).filter(([key, value]) => value !== null && key !== "@odata.type" && key !== "id")).toEqual([]);
  });

  it("withholds another user's role names too", async () => {
    const roles = await listRoles(
      token,
      `/users/${encodeURIComponent(first(sample.privilegedAdmins))}/transitiveMemberOf/microsoft.graph.directoryRole`,
    );
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.every((role) => role.roleTemplateId === null && role.displayName === null)).toBe(true);
  });

  it.each(["RoleManagement.Read.Directory", "Directory.Read.All"])("names the roles for a token carrying %s", async (scope) => {
    const roles = await listRoles(withScopes(token, `User.Read ${scope}`), "/me/transitiveMemberOf/microsoft.graph.directoryRole");
    expect(roles.map((role) => [role.displayName, role.roleTemplateId])).toEqual([["Privileged Authentication Administrator", PAA]]);
  });
});

describe("the wids claim", () => {
  it("is in the ID token with the admin's tenant-wide roles when the manifest asks for DirectoryRole (the default)", async () => {
    const { tokens } = await tenantAs("paa");
    expect(decodeJwt(tokens.id_token).wids).toEqual([PAA, DEFAULT_USER_ROLE]);
  });

  it("is in the ID token for groupMembershipClaims All", async () => {
    const { tokens } = await tenantAs("aa", { groupMembershipClaims: "All" });
    expect(decodeJwt(tokens.id_token).wids).toEqual([AA, DEFAULT_USER_ROLE]);
  });

  it.each(["None", "SecurityGroup"])("is absent from the ID token for groupMembershipClaims %s", async (setting) => {
    const { tokens } = await tenantAs("paa", { groupMembershipClaims: setting });
    expect("wids" in decodeJwt(tokens.id_token)).toBe(false);
  });

  it("never lists a role scoped to an administrative unit or a custom role", async () => {
    for (const persona of ["aa-sales", "custom"]) {
      const { tokens } = await tenantAs(persona);
      expect(decodeJwt(tokens.id_token).wids, persona).toEqual([DEFAULT_USER_ROLE]);
    }
  });

  it("rejects an unknown manifest setting", async () => {
    const res = await fetch(`${server.url}/_emulator/tenants`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ userCount: 60, knobs: { groupMembershipClaims: "Roles" } }),
    });
    expect(res.status).toBe(400);
  });
});

describe("an Authentication Administrator scoped to the Sales administrative unit", () => {
  let token: string;
  let sample: Sample;
  beforeAll(async () => {
    ({
      sample,
      tokens: { access_token: token },
    } = await tenantAs("aa-sales"));
  });

  it("has ready users on both sides of the unit to work with", () => {
    expect(sample.personas.aaSales).toBe("diego.siciliani@contoso.example");
    expect(sample.readyInSalesUnit.length).toBeGreaterThan(0);
    expect(sample.readyOutsideSalesUnit.length).toBeGreaterThan(0);
  });

  it("lists the unit among a Sales member's memberships, nameless without a permission to read units", async () => {
    const member = first(sample.readyInSalesUnit);
    const items = await listRoles(token, `/users/${encodeURIComponent(member)}/transitiveMemberOf`);
    const units = items.filter((item) => item["@odata.type"] === "#microsoft.graph.administrativeUnit");
    expect(units).toHaveLength(1);
    expect(first(units).displayName).toBeNull();
    const named = await listRoles(
      withScopes(token, "User.Read.All Directory.Read.All"),
      `/users/${encodeURIComponent(member)}/transitiveMemberOf/microsoft.graph.administrativeUnit`,
    );
    expect(named.map((unit) => unit.displayName)).toEqual(["Sales"]);
    const outsider = await listRoles(
      token,
      `/users/${encodeURIComponent(first(sample.readyOutsideSalesUnit))}/transitiveMemberOf/microsoft.graph.administrativeUnit`,
    );
    expect(outsider).toEqual([]);
  });

  it("holds no directoryRole membership: the scoped role is not one", async () => {
    expect(
      await listRoles(withScopes(token, "User.Read Directory.Read.All"), "/me/transitiveMemberOf/microsoft.graph.directoryRole"),
    ).toEqual([]);
  });

  it("creates, reads and deletes a pass for a user inside the unit", async () => {
    const upn = first(sample.readyInSalesUnit);
    const created = await createPass(token, upn);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const path = `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`;
    expect((await graph(server, token, path)).status).toBe(200);
    expect((await graph(server, token, `${path}/${id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("is refused with Graph's 403 for a user outside the unit: create, list and delete", async () => {
    const upn = first(sample.readyOutsideSalesUnit);
    const path = `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`;
    for (const res of [
      await createPass(token, upn),
      await graph(server, token, path),
      await graph(server, token, `${path}/x`, { method: "DELETE" }),
    ]) {
      expect(res.status).toBe(403);
      const { error } = (await res.json()) as GraphErrorBody;
      expect(error.code).toBe("Authorization_RequestDenied");
      expect(error.message).toBe("Insufficient privileges to complete the operation.");
    }
  });
});

describe("a custom role with TAP rights", () => {
  let token: string;
  let sample: Sample;
  beforeAll(async () => {
    ({
      sample,
      tokens: { access_token: token },
    } = await tenantAs("custom"));
  });

  it("never shows as a directoryRole, even to a token that may read roles", async () => {
    expect(
      await listRoles(withScopes(token, "User.Read Directory.Read.All"), "/me/transitiveMemberOf/microsoft.graph.directoryRole"),
    ).toEqual([]);
  });

  it("issues for users without admin roles anywhere in the tenant, and is refused for admins", async () => {
    expect((await createPass(token, first(sample.readyOutsideSalesUnit))).status).toBe(201);
    expect((await createPass(token, first(sample.privilegedAdmins))).status).toBe(403);
  });
});

describe("identities", () => {
  it("tells a B2B guest's federated identity from a member's own", async () => {
    const { sample, tokens } = await tenantAs("paa");
    const read = async (upn: string) =>
      (
        (await (await graph(server, tokens.access_token, `/users/${encodeURIComponent(upn)}?$select=id,identities`)).json()) as {
          identities: { signInType: string; issuer: string }[];
        }
      ).identities;
    expect((await read(first(sample.externalGuests)))[0]?.signInType).toBe("federated");
    expect(await read(first(sample.ready))).toEqual([
      { signInType: "userPrincipalName", issuer: "contoso.example", issuerAssignedId: first(sample.ready) },
    ]);
  });
});
