import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantServer } from "./server.ts";
import {
  allScopes,
  appOrigin,
  authorize,
  control,
  createTenant,
  decodeJwt,
  pkce,
  redirectUri,
  signIn,
  startTestServer,
  tokenRequest,
} from "./test-support.ts";
import type { Sample, TestTenant, TokenResponse } from "./test-support.ts";

let server: TenantServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startTestServer();
  tenant = await createTenant(server);
});
afterAll(async () => {
  await server.close();
});

async function codeFor(params: Record<string, string> = {}): Promise<{ code: string; verifier: string }> {
  const p = pkce();
  const auth = await authorize(server, tenant, { code_challenge: p.challenge, ...params });
  const code = auth.params.get("code");
  if (!code) throw new Error(auth.params.toString());
  return { code, verifier: p.verifier };
}

describe("authorize", () => {
  it("signs the persona in without UI, echoes state verbatim and sets a session cookie", async () => {
    const p = pkce();
    const state = "eyJpZCI6IjEyMyIsIm1ldGEiOnsiaW50ZXJhY3Rpb25UeXBlIjoicG9wdXAifX0=";
    const { res, params, cookie } = await authorize(server, tenant, { code_challenge: p.challenge, state });
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(location.startsWith(`${redirectUri}#`)).toBe(true);
    expect(params.get("state")).toBe(state);
    expect(params.get("code")).toBeTruthy();
    const clientInfo = JSON.parse(Buffer.from(params.get("client_info") ?? "", "base64url").toString()) as { uid: string; utid: string };
    expect(clientInfo.utid).toBe(tenant.tenantId);
    expect(cookie).toMatch(/^emu_session=/);
    expect(res.headers.get("set-cookie")).toContain(`Path=/${tenant.tenantId}/`);
  });

  it("answers in the query string when response_mode=query", async () => {
    const { res } = await authorize(server, tenant, { code_challenge: pkce().challenge, response_mode: "query" });
    expect(res.headers.get("location")).toMatch(/^http:\/\/localhost:5173\/redirect\.html\?code=/);
  });

  it("answers login_required for prompt=none without a session, and signs in silently with one", async () => {
    const silent = await authorize(server, tenant, { code_challenge: pkce().challenge, prompt: "none", state: "s1" });
    expect(silent.params.get("error")).toBe("login_required");
    expect(silent.params.get("state")).toBe("s1");
    expect(silent.params.get("code")).toBeNull();

    const first = await authorize(server, tenant, { code_challenge: pkce().challenge });
    const again = await authorize(server, tenant, { code_challenge: pkce().challenge, prompt: "none" }, first.cookie);
    expect(again.params.get("error")).toBeNull();
    expect(again.params.get("code")).toBeTruthy();
  });

  it("shows an Entra error page for an unknown client id or tenant", async () => {
    const badClient = await authorize(
      server,
      { ...tenant, clientId: "00000000-0000-0000-0000-000000000001" },
      { code_challenge: pkce().challenge },
    );
    expect(badClient.res.status).toBe(400);
    expect(await badClient.res.text()).toContain("AADSTS700016");
    const badTenant = await authorize(
      server,
      { ...tenant, tenantId: "11111111-1111-1111-1111-111111111111" },
      { code_challenge: pkce().challenge },
    );
    expect(badTenant.res.status).toBe(400);
    expect(await badTenant.res.text()).toContain("AADSTS90002");
  });

  it("requires PKCE with S256", async () => {
    const none = await authorize(server, tenant, {});
    expect(none.params.get("error")).toBe("invalid_request");
    const plain = await authorize(server, tenant, { code_challenge: "abc", code_challenge_method: "plain" });
    expect(plain.params.get("error")).toBe("invalid_request");
  });
});

describe("token: authorization_code", () => {
  it("redeems a code for Graph and id tokens with the documented claims", async () => {
    const { code, verifier } = await codeFor();
    const res = await tokenRequest(server, tenant, {
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      scope: `${allScopes.join(" ")} openid profile offline_access`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(appOrigin);
    const body = (await res.json()) as TokenResponse;
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(3599);
    expect(body.ext_expires_in).toBe(3599);
    expect(body.refresh_token).toBeTruthy();
    const at = decodeJwt(body.access_token);
    expect(at.aud).toBe("00000003-0000-0000-c000-000000000000");
    expect(at.iss).toBe(`https://sts.windows.net/${tenant.tenantId}/`);
    expect(at.tid).toBe(tenant.tenantId);
    expect(at.appid).toBe(tenant.clientId);
    expect((at.scp as string).split(" ").sort()).toEqual([...allScopes].sort());
    expect(at.upn).toBe("megan.bowen@contoso.example");
    expect(typeof at.exp).toBe("number");
    const id = decodeJwt(body.id_token);
    expect(id).toMatchObject({
      aud: tenant.clientId,
      nonce: "nonce-123",
      ver: "2.0",
      tid: tenant.tenantId,
      preferred_username: "megan.bowen@contoso.example",
      name: "Megan Bowen",
    });
    expect(id.oid).toBe(at.oid);
    expect(JSON.parse(Buffer.from(body.client_info, "base64url").toString())).toEqual({ uid: at.oid, utid: tenant.tenantId });
  });

  it("grants only consented Graph scopes and strips the Graph prefix from real Graph's", async () => {
    const scope = "https://graph.microsoft.com/User.Read Mail.ReadWrite openid profile offline_access";
    const p = pkce();
    const auth = await authorize(server, tenant, { code_challenge: p.challenge, scope });
    const res = await tokenRequest(server, tenant, {
      grant_type: "authorization_code",
      code: auth.params.get("code") ?? "",
      code_verifier: p.verifier,
      redirect_uri: redirectUri,
      scope,
    });
    const body = (await res.json()) as TokenResponse;
    expect(decodeJwt(body.access_token).scp).toBe("User.Read");
  });

  it("rejects a wrong code_verifier", async () => {
    const { code } = await codeFor();
    const res = await tokenRequest(server, tenant, {
      grant_type: "authorization_code",
      code,
      code_verifier: pkce().verifier,
      redirect_uri: redirectUri,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.error).toBe("invalid_grant");
    expect(body.error_codes).toEqual([501481]);
    for (const key of ["error_description", "timestamp", "trace_id", "correlation_id"]) expect(typeof body[key]).toBe("string");
  });

  it("redeems a code only once", async () => {
    const { code, verifier } = await codeFor();
    const form = { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri };
    expect((await tokenRequest(server, tenant, form)).status).toBe(200);
    const reused = await tokenRequest(server, tenant, form);
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("rejects a redirect_uri that differs from the authorize request", async () => {
    const { code, verifier } = await codeFor();
    const res = await tokenRequest(server, tenant, {
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: `${appOrigin}/other.html`,
    });
    expect(((await res.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("requires an Origin header for SPA redemption", async () => {
    const { code, verifier } = await codeFor();
    const res = await tokenRequest(
      server,
      tenant,
      { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri },
      null,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; error_codes: number[] };
    expect(body.error).toBe("invalid_request");
    expect(body.error_codes).toEqual([9002327]);
  });

  it("rejects an unknown client id", async () => {
    const res = await tokenRequest(
      server,
      { ...tenant, clientId: "00000000-0000-0000-0000-000000000002" },
      { grant_type: "authorization_code", code: "x" },
    );
    const body = (await res.json()) as { error: string; error_codes: number[] };
    expect(body.error_codes).toEqual([700016]);
  });
});

describe("token: refresh_token", () => {
  it("rotates refresh tokens: the new one works, the spent one is refused", async () => {
    const first = await signIn(server, tenant);
    const res = await tokenRequest(server, tenant, {
      grant_type: "refresh_token",
      refresh_token: first.refresh_token,
      scope: "User.Read openid profile offline_access",
    });
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenResponse;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token).scp).toBe("User.Read");
    const reuse = await tokenRequest(server, tenant, {
      grant_type: "refresh_token",
      refresh_token: first.refresh_token,
      scope: "User.Read",
    });
    expect(((await reuse.json()) as { error: string }).error).toBe("invalid_grant");
    const third = await tokenRequest(server, tenant, {
      grant_type: "refresh_token",
      refresh_token: second.refresh_token,
      scope: "User.Read",
    });
    expect(third.status).toBe(200);
  });

  it("answers invalid_grant while rejectTokens is on", async () => {
    const other = await createTenant(server, { userCount: 60 });
    const tokens = await signIn(server, other);
    await control(server, `/tenants/${other.tenantId}`, { method: "PATCH", body: { knobs: { rejectTokens: true } } });
    const res = await tokenRequest(server, other, { grant_type: "refresh_token", refresh_token: tokens.refresh_token, scope: "User.Read" });
    expect(((await res.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("issues tokens with the lifetime knob", async () => {
    const other = await createTenant(server, { userCount: 60, knobs: { tokenLifetimeSeconds: 120 } });
    const tokens = await signIn(server, other);
    expect(tokens.expires_in).toBe(120);
    const claims = decodeJwt(tokens.access_token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(120);
  });
});

describe("persona, logout, discovery", () => {
  it("signs in whoever the persona currently is", async () => {
    const other = await createTenant(server, { userCount: 60, persona: "aa" });
    const sample = await control<Sample>(server, `/tenants/${other.tenantId}/sample`);
    expect(decodeJwt((await signIn(server, other)).access_token).upn).toBe(sample.personas.aa);
    await control(server, `/tenants/${other.tenantId}`, { method: "PATCH", body: { persona: "user" } });
    expect(decodeJwt((await signIn(server, other)).access_token).upn).toBe(sample.personas.user);
  });

  it("logs out with a redirect and a cleared cookie, after which prompt=none needs a sign-in", async () => {
    const signedIn = await authorize(server, tenant, { code_challenge: pkce().challenge });
    const res = await fetch(
      `${server.url}/${tenant.tenantId}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(`${appOrigin}/?signed-out`)}`,
      {
        redirect: "manual",
        headers: { Cookie: signedIn.cookie ?? "" },
      },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${appOrigin}/?signed-out`);
    expect(res.headers.get("set-cookie")).toContain("Max-Age=0");
    const silent = await authorize(server, tenant, { code_challenge: pkce().challenge, prompt: "none" }, signedIn.cookie);
    expect(silent.params.get("error")).toBe("login_required");
  });

  it("serves openid-configuration and JWKS with CORS", async () => {
    const res = await fetch(`${server.url}/${tenant.tenantId}/v2.0/.well-known/openid-configuration`, { headers: { Origin: appOrigin } });
    expect(res.headers.get("access-control-allow-origin")).toBe(appOrigin);
    const doc = (await res.json()) as Record<string, string>;
    expect(doc.token_endpoint).toBe(`${server.url}/${tenant.tenantId}/oauth2/v2.0/token`);
    const keys = (await (await fetch(doc.jwks_uri ?? "")).json()) as { keys: { kty: string; alg: string }[] };
    expect(keys.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256" });
  });

  it("hands out a runtime config that points at this server", async () => {
    expect(tenant.config).toMatchObject({
      clientId: tenant.clientId,
      tenantId: tenant.tenantId,
      authority: `https://localhost:${server.port}/${tenant.tenantId}`,
      knownAuthorities: [`localhost:${server.port}`],
      redirectUri: "/redirect.html",
      graphBaseUrl: `http://localhost:${server.port}/v1.0`,
      authorityMetadata: { token_endpoint: `http://localhost:${server.port}/${tenant.tenantId}/oauth2/v2.0/token` },
    });
    expect(await control(server, `/tenants/${tenant.tenantId}/config`)).toEqual(tenant.config);
  });
});
