import { createHash, randomBytes } from "node:crypto";
import { startTenantServer } from "./server.ts";
import type { TenantServer } from "./server.ts";

/** Helpers for the contract tests: plain fetch against an in-process emulator. */
export const appOrigin = "http://localhost:5173";
export const redirectUri = `${appOrigin}/redirect.html`;
/** What TAP Desk asks for (src/lib/auth/scopes.ts); `signIn` names them for the emulator's own Graph. */
export const allScopes = [
  "User.Read",
  "User.Read.All",
  "UserAuthMethod-TAP.ReadWrite.All",
  "People.Read",
  "Policy.Read.AuthenticationMethod",
];

/** `User.Read` → `http://localhost:{port}/User.Read`: a token for this emulator's Graph, as the app asks. */
export function forEmulator(server: TenantServer, scopes: readonly string[]): string[] {
  return scopes.map((scope) => (scope.includes("/") ? scope : `${server.url}/${scope}`));
}

export async function startTestServer(): Promise<TenantServer> {
  return startTenantServer({ port: 0, defaultTenant: null });
}

export interface TestTenant {
  tenantId: string;
  clientId: string;
  config: Record<string, unknown>;
}

export async function createTenant(server: TenantServer, options: Record<string, unknown> = {}): Promise<TestTenant> {
  const res = await fetch(`${server.url}/_emulator/tenants`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userCount: 120, ...options }),
  });
  if (res.status !== 201) throw new Error(`create tenant: ${res.status} ${await res.text()}`);
  return (await res.json()) as TestTenant;
}

export async function control<T>(server: TenantServer, path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const res = await fetch(`${server.url}/_emulator${path}`, {
    method: init?.method ?? "GET",
    headers: { "Content-Type": "application/json" },
    ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeUrl(server: TenantServer, tenant: TestTenant, params: Record<string, string>): string {
  const q = new URLSearchParams({
    client_id: tenant.clientId,
    redirect_uri: redirectUri,
    scope: `${forEmulator(server, allScopes).join(" ")} openid profile offline_access`,
    response_type: "code",
    response_mode: "fragment",
    state: "eyJpZCI6ImFiYyIsIm1ldGEiOnsiaW50ZXJhY3Rpb25UeXBlIjoicmVkaXJlY3QifX0=",
    nonce: "nonce-123",
    code_challenge_method: "S256",
    client_info: "1",
    ...params,
  });
  return `${server.url}/${tenant.tenantId}/oauth2/v2.0/authorize?${q.toString()}`;
}

/** Parameters from the redirect Location (fragment or query). */
export function redirectParams(location: string): URLSearchParams {
  const url = new URL(location);
  return new URLSearchParams(url.hash ? url.hash.slice(1) : url.search.slice(1));
}

export async function authorize(
  server: TenantServer,
  tenant: TestTenant,
  params: Record<string, string> = {},
  cookie?: string,
): Promise<{ res: Response; params: URLSearchParams; cookie: string | undefined }> {
  const res = await fetch(authorizeUrl(server, tenant, params), { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  const location = res.headers.get("location");
  const setCookie = res.headers.get("set-cookie")?.split(";")[0];
  return { res, params: location ? redirectParams(location) : new URLSearchParams(), cookie: setCookie ?? cookie };
}

export async function tokenRequest(
  server: TenantServer,
  tenant: TestTenant,
  form: Record<string, string>,
  origin: string | null = appOrigin,
): Promise<Response> {
  return fetch(`${server.url}/${tenant.tenantId}/oauth2/v2.0/token?client-request-id=abc`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(origin ? { Origin: origin } : {}) },
    body: new URLSearchParams({ client_id: tenant.clientId, client_info: "1", ...form }).toString(),
  });
}

export interface TokenResponse {
  token_type: string;
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token: string;
  id_token: string;
  client_info: string;
}

/** Full sign-in as the tenant's persona: authorize with PKCE, redeem the code. */
export async function signIn(server: TenantServer, tenant: TestTenant, scopes: string[] = allScopes): Promise<TokenResponse> {
  const p = pkce();
  const scope = `${forEmulator(server, scopes).join(" ")} openid profile offline_access`;
  const auth = await authorize(server, tenant, { code_challenge: p.challenge, scope });
  const code = auth.params.get("code");
  if (!code) throw new Error(`no code: ${auth.params.toString()}`);
  const res = await tokenRequest(server, tenant, {
    grant_type: "authorization_code",
    code,
    code_verifier: p.verifier,
    redirect_uri: redirectUri,
    scope,
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return (await res.json()) as TokenResponse;
}

export function decodeJwt(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

export async function graph(
  server: TenantServer,
  token: string | null,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  return fetch(`${server.url}/v1.0${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

export interface GraphErrorBody {
  error: { code: string; message: string; innerError: Record<string, string> };
}

export type { Sample } from "./state.ts";

export function first<T>(items: readonly T[]): T {
  const item = items[0];
  if (item === undefined) throw new Error("expected a non-empty list");
  return item;
}
