import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantServer } from "./server.ts";
import {
  allScopes,
  appOrigin,
  authorize,
  control,
  createTenant,
  decodeJwt,
  first,
  forEmulator,
  graph,
  pkce,
  redirectUri,
  signIn,
  startTestServer,
  tokenRequest,
} from "./test-support.ts";
import type { GraphErrorBody, Sample, TestTenant, TokenResponse } from "./test-support.ts";

// The app registration an admin makes: consented permissions, SPA redirect URIs, and the token audience.
let server: TenantServer;
let tenant: TestTenant;
let sample: Sample;

beforeAll(async () => {
  server = await startTestServer();
  tenant = await createTenant(server);
  sample = await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`);
});
afterAll(async () => {
  await server.close();
});

async function errorOf(res: Response): Promise<GraphErrorBody["error"]> {
  return ((await res.json()) as GraphErrorBody).error;
}

async function scopesOf(scopes: string[], on: TestTenant = tenant): Promise<string[]> {
  const scp = decodeJwt((await signIn(server, on, scopes)).access_token).scp;
  return typeof scp === "string" ? scp.split(" ").sort() : [];
}

function tapCreate(token: string, upn: string): Promise<Response> {
  return graph(server, token, `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`, {
    method: "POST",
    body: { lifetimeInMinutes: 60, isUsableOnce: true },
  });
}

describe("scopes: a token carries what the app asked for, within what the registration consented", () => {
  it("carries exactly TAP Desk's least-privileged set, not the broad permissions the registration also holds", async () => {
    const registration = await control<{ registration: { consentedScopes: string[] } }>(server, `/tenants/${tenant.tenantId}`);
    expect(registration.registration.consentedScopes).toEqual(
      expect.arrayContaining([
        "UserAuthenticationMethod.ReadWrite.All",
        "Policy.Read.All",
        "UserAuthMethod-TAP.ReadWrite.All",
        "Policy.Read.AuthenticationMethod",
      ]),
    );
    const scp = await scopesOf(allScopes);
    expect(scp).toEqual([...allScopes].sort());
    expect(scp).not.toContain("UserAuthenticationMethod.ReadWrite.All");
    expect(scp).not.toContain("Policy.Read.All");
  });

  it("drops a permission the registration has no consent for, and .default grants the consented set", async () => {
    expect(await scopesOf(["User.Read", "Mail.ReadWrite"])).toEqual(["User.Read"]);
    const narrow = await createTenant(server, { userCount: 60, consentedScopes: ["User.Read", "User.Read.All"] });
    expect(await scopesOf(["User.Read", "User.Read.All", "UserAuthMethod-TAP.ReadWrite.All"], narrow)).toEqual([
      "User.Read",
      "User.Read.All",
    ]);
    expect(await scopesOf([".default"], narrow)).toEqual(["User.Read", "User.Read.All"]);
  });

  it("names the emulator's own scopes with its resource in the token response, so MSAL's cache finds them again", async () => {
    const body = await signIn(server, tenant, ["User.Read"]);
    expect(body.scope.split(" ")).toContain(`${server.url}/User.Read`);
  });
});

describe("Graph refuses a call whose permission is missing (403 Authorization_RequestDenied)", () => {
  it("creates and deletes a pass with UserAuthMethod-TAP.ReadWrite.All alone, the TAP-only permission", async () => {
    const token = (await signIn(server, tenant, ["User.Read", "User.Read.All", "UserAuthMethod-TAP.ReadWrite.All"])).access_token;
    const upn = first(sample.ready);
    const created = await tapCreate(token, upn);
    expect(created.status).toBe(201);
    const pass = (await created.json()) as { id: string };
    const list = await graph(server, token, `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`);
    expect(list.status).toBe(200);
    const removed = await graph(server, token, `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods/${pass.id}`, {
      method: "DELETE",
    });
    expect(removed.status).toBe(204);
  });

  it("still accepts the broad UserAuthenticationMethod.ReadWrite.All for a create", async () => {
    const token = (await signIn(server, tenant, ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All"])).access_token;
    expect((await tapCreate(token, sample.ready[1] ?? "")).status).toBe(201);
  });

  it("refuses a create, a list and a delete without a TAP write permission, in Graph's error shape", async () => {
    const token = (await signIn(server, tenant, ["User.Read", "User.Read.All"])).access_token;
    const upn = sample.ready[2] ?? "";
    const path = `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`;
    for (const res of [
      await tapCreate(token, upn),
      await graph(server, token, path),
      await graph(server, token, `${path}/x`, { method: "DELETE" }),
    ]) {
      expect(res.status).toBe(403);
      const error = await errorOf(res);
      expect(error.code).toBe("Authorization_RequestDenied");
      expect(error.message).toBe("Insufficient privileges to complete the operation.");
      expect(error.innerError["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("lets UserAuthMethod-TAP.Read.All list passes but not create one", async () => {
    const readOnly = await createTenant(server, {
      userCount: 60,
      consentedScopes: ["User.Read", "User.Read.All", "UserAuthMethod-TAP.Read.All"],
    });
    const readOnlySample = await control<Sample>(server, `/tenants/${readOnly.tenantId}/sample`);
    const token = (await signIn(server, readOnly, ["User.Read.All", "UserAuthMethod-TAP.Read.All"])).access_token;
    const upn = first(readOnlySample.ready);
    expect((await graph(server, token, `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`)).status).toBe(200);
    expect((await tapCreate(token, upn)).status).toBe(403);
  });

  it("reads the TAP policy with Policy.Read.AuthenticationMethod exactly as with the broader permissions, and refuses it without one", async () => {
    const path = "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass";
    const statusWith = async (scope: string): Promise<number> =>
      (await graph(server, (await signIn(server, tenant, [scope])).access_token, path)).status;
    const broad = await statusWith("Policy.Read.All");
    expect(await statusWith("Policy.Read.AuthenticationMethod")).toBe(broad);
    const without = await graph(server, (await signIn(server, tenant, ["User.Read"])).access_token, path);
    expect(without.status).toBe(403);
    expect((await errorOf(without)).code).toBe("Authorization_RequestDenied");
  });
});

describe("audience: the token names the Graph it is for", () => {
  it("gives a token for the emulator's origin that audience, and Graph accepts it", async () => {
    const token = (await signIn(server, tenant, ["User.Read"])).access_token;
    expect(decodeJwt(token).aud).toBe(server.url);
    expect((await graph(server, token, "/me")).status).toBe(200);
  });

  it("refuses a token for real Microsoft Graph (401 InvalidAuthenticationToken, Invalid audience)", async () => {
    const token = (await signIn(server, tenant, ["https://graph.microsoft.com/User.Read"])).access_token;
    expect(decodeJwt(token).aud).toBe("00000003-0000-0000-c000-000000000000");
    const res = await graph(server, token, "/me");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const error = await errorOf(res);
    expect(error.code).toBe("InvalidAuthenticationToken");
    expect(error.message).toBe("Access token validation failure. Invalid audience.");
  });

  it("refuses at sign-in a Graph the tenant does not have (another cloud) and scopes for two resources", async () => {
    const usGov = await authorize(server, tenant, {
      code_challenge: pkce().challenge,
      scope: "https://graph.microsoft.us/User.Read openid",
    });
    expect(usGov.params.get("error")).toBe("invalid_resource");
    expect(usGov.params.get("error_description")).toMatch(
      /^AADSTS500011: The resource principal named https:\/\/graph\.microsoft\.us was not found/,
    );
    const mixed = await authorize(server, tenant, {
      code_challenge: pkce().challenge,
      scope: `https://graph.microsoft.com/User.Read ${forEmulator(server, ["User.Read.All"]).join(" ")}`,
    });
    expect(mixed.params.get("error")).toBe("invalid_request");
    expect(mixed.params.get("error_description")).toMatch(/^AADSTS28000:/);
  });
});

describe("redirect URIs: only the registered ones", () => {
  it("registers the app's redirect bridge and signed-out page, and sends other redirect URIs to the AADSTS50011 page", async () => {
    const summary = await control<{ registration: { redirectUris: string[] } }>(server, `/tenants/${tenant.tenantId}`);
    expect(summary.registration.redirectUris).toEqual([redirectUri, `${appOrigin}/?signed-out`]);
    for (const uri of [`${appOrigin}/other.html`, `${appOrigin}/`, "http://localhost:9999/redirect.html"]) {
      const res = await authorize(server, tenant, { code_challenge: pkce().challenge, redirect_uri: uri });
      expect(res.res.status).toBe(400);
      expect(await res.res.text()).toContain("AADSTS50011");
    }
  });

  it("registers the origin a tenant is created for", async () => {
    const other = await createTenant(server, { userCount: 60, appOrigin: "http://localhost:4999" });
    const ok = await authorize(server, other, { code_challenge: pkce().challenge, redirect_uri: "http://localhost:4999/redirect.html" });
    expect(ok.res.status).toBe(302);
    const old = await authorize(server, other, { code_challenge: pkce().challenge });
    expect(old.res.status).toBe(400);
  });

  it("returns to a registered post-logout URI with the state, and keeps the user on its own page for any other", async () => {
    const logout = (target: string) =>
      fetch(`${server.url}/${tenant.tenantId}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(target)}&state=s1`, {
        redirect: "manual",
      });
    const registered = await logout(`${appOrigin}/?signed-out`);
    expect(registered.status).toBe(302);
    expect(registered.headers.get("location")).toBe(`${appOrigin}/?signed-out&state=s1`);
    for (const target of [`${appOrigin}/`, `${appOrigin}/?signed-out=1`, "https://evil.example/?signed-out"]) {
      const res = await logout(target);
      expect(res.status).toBe(200);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain("signed out");
    }
  });

  it("redeems a code only for the redirect URI it was issued to", async () => {
    const p = pkce();
    const auth = await authorize(server, tenant, { code_challenge: p.challenge });
    const res = await tokenRequest(server, tenant, {
      grant_type: "authorization_code",
      code: auth.params.get("code") ?? "",
      code_verifier: p.verifier,
      redirect_uri: `${appOrigin}/?signed-out`,
      scope: forEmulator(server, allScopes).join(" "),
    });
    expect(((await res.json()) as TokenResponse & { error?: string }).error).toBe("invalid_grant");
  });
});
