import { createHash, randomBytes } from "node:crypto";
import type { LogEntry } from "../e2e/tenant/state.ts";

/** Just enough of the emulator's control API and sign-in for the bench (plain fetch). */
export interface BenchTenant {
  tenantUrl: string;
  tenantId: string;
  clientId: string;
  config: Record<string, unknown>;
}

export type { LogEntry };

async function control<T>(tenantUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${tenantUrl}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator ${method} ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function createTenant(tenantUrl: string, options: Record<string, unknown>): Promise<BenchTenant> {
  const created = await control<{ tenantId: string; clientId: string; config: Record<string, unknown> }>(
    tenantUrl,
    "POST",
    "/tenants",
    options,
  );
  return { tenantUrl, ...created };
}

export async function deleteTenant(tenant: BenchTenant): Promise<void> {
  await fetch(`${tenant.tenantUrl}/_emulator/tenants/${tenant.tenantId}`, { method: "DELETE" });
}

export async function readyUsers(tenant: BenchTenant): Promise<string[]> {
  const sample = await control<{ ready: string[] }>(tenant.tenantUrl, "GET", `/tenants/${tenant.tenantId}/sample`);
  return sample.ready;
}

export async function requestLog(tenant: BenchTenant, since = 0): Promise<{ lastSeq: number; entries: LogEntry[] }> {
  return control(tenant.tenantUrl, "GET", `/tenants/${tenant.tenantId}/log?since=${since}`);
}

/** Signs the tenant's persona in with authorization code + PKCE, as a script would, and returns the access token. */
export async function accessToken(tenant: BenchTenant): Promise<string> {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  // A registered redirect URI, and a token for the emulator's own Graph (its origin is the resource).
  const registered = await control<{ registration: { redirectUris: string[] } }>(tenant.tenantUrl, "GET", `/tenants/${tenant.tenantId}`);
  const redirectUri = registered.registration.redirectUris[0] ?? "";
  const scope = `${tenant.tenantUrl}/.default openid profile offline_access`;
  const authority = `${tenant.tenantUrl}/${tenant.tenantId}/oauth2/v2.0`;
  const query = new URLSearchParams({
    client_id: tenant.clientId,
    redirect_uri: redirectUri,
    scope,
    response_type: "code",
    response_mode: "query",
    state: "bench",
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const authorize = await fetch(`${authority}/authorize?${query.toString()}`, { redirect: "manual" });
  const location = authorize.headers.get("location");
  const code = location ? new URL(location).searchParams.get("code") : null;
  if (!code) throw new Error(`authorize gave no code (status ${authorize.status}, location ${location ?? "none"})`);
  const token = await fetch(`${authority}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(redirectUri).origin },
    body: new URLSearchParams({
      client_id: tenant.clientId,
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      scope,
    }).toString(),
  });
  if (!token.ok) throw new Error(`token: ${token.status} ${await token.text()}`);
  const body = (await token.json()) as { access_token?: string };
  if (!body.access_token) throw new Error("token response without access_token");
  return body.access_token;
}
