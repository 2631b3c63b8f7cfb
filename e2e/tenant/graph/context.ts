import { randomUUID } from "node:crypto";
import type { DirectoryUserRecord } from "../directory-seed.ts";
import { peekClaims, verifyJwt } from "../jwt.ts";
import type { RoleKey } from "../roles.ts";
import type { LogEntry, TenantState } from "../state.ts";

export const graphAudience = "00000003-0000-0000-c000-000000000000";
export const graphContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export interface ServerInfo {
  /** e.g. http://localhost:4010 (no trailing slash). */
  baseUrl: string;
  tenants: Map<string, TenantState>;
  /** Appends to the tenant's log (when known) and to the server-wide log. */
  record(tenant: TenantState | null, entry: Omit<LogEntry, "seq" | "time">): void;
}

/** A Graph request, direct or from inside a $batch. */
export interface GraphCall {
  method: string;
  /** Path and query relative to /v1.0, starting with "/" (raw, still percent-encoded). */
  target: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  inBatch: boolean;
}

export interface GraphReply {
  status: number;
  headers: Record<string, string>;
  /** JSON body; undefined for 204. */
  body?: unknown;
  /** Non-JSON body (e.g. /users/$count, a gateway page). */
  text?: { contentType: string; content: string };
  /** Connection fault: "reset" = nothing ran; "afterCommit" = the write ran, the answer is lost. */
  drop?: "reset" | "afterCommit";
  fault?: string;
}

export interface Principal {
  user: DirectoryUserRecord;
  roles: RoleKey[];
  scopes: Set<string>;
  appId: string;
}

export interface GraphContext {
  server: ServerInfo;
  tenant: TenantState;
  principal: Principal;
  call: GraphCall;
  requestId: string;
  clientRequestId: string;
  /** Decoded path segments after /v1.0. */
  segments: string[];
  query: URLSearchParams;
  now: number;
}

export function newRequestIds(headers: Record<string, string>): { requestId: string; clientRequestId: string } {
  const requestId = randomUUID();
  return { requestId, clientRequestId: headers["client-request-id"] ?? requestId };
}

function graphDate(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "");
}

export function errorBody(
  code: string,
  message: string,
  ids: { requestId: string; clientRequestId: string },
  inner: Record<string, string> = {},
): { error: { code: string; message: string; innerError: Record<string, string> } } {
  return {
    error: {
      code,
      message,
      innerError: { ...inner, date: graphDate(), "request-id": ids.requestId, "client-request-id": ids.clientRequestId },
    },
  };
}

export function graphError(
  status: number,
  code: string,
  message: string,
  ids: { requestId: string; clientRequestId: string },
  options: { inner?: Record<string, string>; headers?: Record<string, string> } = {},
): GraphReply {
  return { status, headers: { ...(options.headers ?? {}) }, body: errorBody(code, message, ids, options.inner) };
}

export const insufficientPrivileges = "Insufficient privileges to complete the operation.";

export function forbidden(ids: { requestId: string; clientRequestId: string }): GraphReply {
  return graphError(403, "Authorization_RequestDenied", insufficientPrivileges, ids);
}

export function requireScope(ctx: GraphContext, ...anyOf: string[]): GraphReply | null {
  return anyOf.some((s) => ctx.principal.scopes.has(s.toLowerCase())) ? null : forbidden(ctx);
}

export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): GraphReply {
  return { status, headers, body };
}

export type AuthOutcome =
  { ok: true; tenant: TenantState; principal: Principal } | { ok: false; tenant: TenantState | null; message: string };

function wwwAuthenticate(message: string): string {
  return `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${graphAudience}", error="invalid_token", error_description="${message}"`;
}

export function unauthorized(message: string, ids: { requestId: string; clientRequestId: string }): GraphReply {
  return graphError(401, "InvalidAuthenticationToken", message, ids, { headers: { "WWW-Authenticate": wwwAuthenticate(message) } });
}

/** Validates a bearer token as Graph would and resolves the tenant from its `tid`. */
export function authenticate(server: ServerInfo, authorization: string | undefined, now: number): AuthOutcome {
  const token = authorization?.match(/^Bearer\s+(.*)$/i)?.[1]?.trim() ?? "";
  const peekTid = token ? peekClaims(token)?.tid : undefined;
  const hinted = typeof peekTid === "string" ? (server.tenants.get(peekTid) ?? null) : null;
  if (!token) return { ok: false, tenant: null, message: "Access token is empty." };
  const verified = verifyJwt(token);
  if (!verified.ok) {
    return verified.reason === "malformed"
      ? { ok: false, tenant: hinted, message: "CompactToken parsing failed with error code: 80049217" }
      : { ok: false, tenant: hinted, message: "Access token validation failure. Invalid signature." };
  }
  const claims = verified.claims;
  // This Graph is known by its own origin: a token for real Microsoft Graph (aud 00000003-…) is not for it.
  if (claims.aud !== server.baseUrl) {
    return { ok: false, tenant: hinted, message: "Access token validation failure. Invalid audience." };
  }
  const tenant = typeof claims.tid === "string" ? server.tenants.get(claims.tid) : undefined;
  if (!tenant || claims.iss !== `https://sts.windows.net/${tenant.tenantId}/`) {
    return { ok: false, tenant: hinted, message: "Access token validation failure. Invalid issuer." };
  }
  const seconds = now / 1000;
  if (typeof claims.exp !== "number" || typeof claims.nbf !== "number" || seconds >= claims.exp || seconds < claims.nbf) {
    return { ok: false, tenant, message: "Access token has expired or is not yet valid." };
  }
  if (tenant.knobs.rejectTokens) {
    return { ok: false, tenant, message: "Access token validation failure. Token has been revoked (emulated rejectTokens)." };
  }
  const user = typeof claims.oid === "string" ? tenant.usersById.get(claims.oid) : undefined;
  if (!user) return { ok: false, tenant, message: "Access token validation failure. User not found in tenant." };
  const scp = typeof claims.scp === "string" ? claims.scp : "";
  return {
    ok: true,
    tenant,
    principal: {
      user,
      roles: tenant.rolesOf(user.id),
      scopes: new Set(
        scp
          .split(" ")
          .filter(Boolean)
          .map((s) => s.toLowerCase()),
      ),
      appId: typeof claims.appid === "string" ? claims.appid : "unknown",
    },
  };
}
