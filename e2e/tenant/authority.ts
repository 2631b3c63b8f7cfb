import { createHash, randomUUID } from "node:crypto";
import type { DirectoryUserRecord } from "./directory-seed.ts";
import { escapeHtml, htmlReply, jsonReply, parseCookies } from "./http-util.ts";
import type { HttpReply } from "./http-util.ts";
import { base64UrlJson, jwks, newOpaqueToken, signJwt } from "./jwt.ts";
import type { TenantState } from "./state.ts";
import { graphAudience } from "./graph/context.ts";

/**
 * Delegated Graph permissions an emulated app registration has admin consent for, unless the tenant is
 * created with its own list. Both the least-privileged names TAP Desk asks for and the broad ones older
 * registrations carry: tokens hold only what the app asks for, so tests can show it no longer asks for these.
 */
export const consentedScopes = [
  "User.Read",
  "User.Read.All",
  "People.Read",
  "UserAuthMethod-TAP.ReadWrite.All",
  "Policy.Read.AuthenticationMethod",
  "AuditLog.Read.All",
  "Mail.Send",
  "UserAuthenticationMethod.ReadWrite.All",
  "Policy.Read.All",
];
/** Template ids Entra lists in `wids` for every member / guest (the default user roles). */
const defaultUserRoleTemplateId = "b79fbf4d-3ef9-4689-8143-76b194e85509";
const guestUserRoleTemplateId = "10dae51f-b6af-4016-8d66-8c2a99b929b3";

const oidcScopes = new Set(["openid", "profile", "offline_access", "email"]);
/** Microsoft Graph's app id: the `aud` of tokens for https://graph.microsoft.com (real Graph, not this emulator). */
const microsoftGraphResource = "https://graph.microsoft.com";
const codeLifetimeMs = 10 * 60_000;
const refreshLifetimeMs = 24 * 3600_000;
const sessionCookie = "emu_session";

export interface AuthorityRequest {
  method: string;
  /** Path segments after the tenant id: e.g. ["oauth2", "v2.0", "authorize"]. */
  rest: string[];
  tenantSegment: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
}

export interface AuthorityEnv {
  baseUrl: string;
  tenants: Map<string, TenantState>;
}

export function endpointsFor(
  baseUrl: string,
  tenantId: string,
): {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint: string;
  issuer: string;
  jwks_uri: string;
} {
  const root = `${baseUrl}/${tenantId}`;
  return {
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    token_endpoint: `${root}/oauth2/v2.0/token`,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    issuer: `${root}/v2.0`,
    jwks_uri: `${root}/discovery/v2.0/keys`,
  };
}

/** The API a token is for, as the scopes named it, and what its `aud` claim will be. */
export interface ScopeGrant {
  /** Permissions granted (canonical spelling), e.g. ["User.Read", "User.Read.All"]. */
  scopes: string[];
  /** The access token's `aud`. */
  audience: string;
}

export type ScopeOutcome = { ok: true; grant: ScopeGrant } | { ok: false; error: string; code: number; message: string };

/**
 * Splits the requested scopes into one resource and its permissions, as Entra v2 does: a bare permission
 * means Microsoft Graph; `https://graph.microsoft.com/X` is real Graph (aud = Graph's app id, which this
 * emulator's Graph refuses); `{emulatorOrigin}/X` is the emulator's own Graph (aud = its origin). Permissions
 * are intersected with the registration's consented list (`.default` = all of it).
 */
export function grantScopes(requested: string[], consented: readonly string[], emulatorOrigin: string, tenantName: string): ScopeOutcome {
  const permissions: string[] = [];
  const resources = new Set<string>();
  for (const raw of requested) {
    if (oidcScopes.has(raw.toLowerCase())) continue;
    const slash = raw.lastIndexOf("/");
    const resource = slash > 0 ? raw.slice(0, slash).replace(/\/+$/, "").toLowerCase() : microsoftGraphResource;
    resources.add(resource === graphAudience ? microsoftGraphResource : resource);
    permissions.push(slash > 0 ? raw.slice(slash + 1) : raw);
  }
  if (resources.size > 1) {
    return {
      ok: false,
      error: "invalid_request",
      code: 28000,
      message: `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${requested.join(" ")} is not valid.`,
    };
  }
  const resource = [...resources][0] ?? microsoftGraphResource;
  const own = emulatorOrigin.toLowerCase();
  if (resource !== microsoftGraphResource && resource !== own) {
    return {
      ok: false,
      error: "invalid_resource",
      code: 500011,
      message: `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    };
  }
  const granted = new Set<string>();
  for (const permission of permissions) {
    if (permission.toLowerCase() === ".default") {
      for (const s of consented) granted.add(s);
      continue;
    }
    const canonical = consented.find((s) => s.toLowerCase() === permission.toLowerCase());
    if (canonical) granted.add(canonical);
  }
  // Only OpenID scopes asked for: Entra issues a Graph token for sign-in and the profile.
  if (permissions.length === 0 && consented.includes("User.Read")) granted.add("User.Read");
  return { ok: true, grant: { scopes: [...granted], audience: resource === own ? emulatorOrigin : graphAudience } };
}

function splitScopes(scope: string | null): string[] {
  return (scope ?? "").split(/\s+/).filter(Boolean);
}

function aadTimestamp(): string {
  return new Date()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
}

/** Entra's token-endpoint error shape. */
export function tokenError(error: string, code: number, message: string): HttpReply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = aadTimestamp();
  return jsonReply(
    400,
    {
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
    { "Cache-Control": "no-store", Pragma: "no-cache" },
  );
}

function errorPage(code: number, message: string): HttpReply {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title></head>
<body><main><h1>Sorry, but we're having trouble signing you in.</h1><p id="error">AADSTS${code}: ${escapeHtml(message)}</p>
<p>(Emulated Microsoft Entra ID)</p></main></body></html>`;
  return htmlReply(400, html);
}

/** Exact match against the registration's SPA redirect URIs (after URL normalisation: host case, default port). */
function isRegisteredRedirect(uri: string, tenant: TenantState): boolean {
  let normalised: string;
  try {
    normalised = new URL(uri).href;
  } catch {
    return false;
  }
  return tenant.redirectUris.some((registered) => new URL(registered).href === normalised);
}

function consentedFor(tenant: TenantState): readonly string[] {
  return tenant.consentedScopes ?? consentedScopes;
}

function redirectWith(redirectUri: string, responseMode: string, params: Record<string, string>, setCookie?: string): HttpReply {
  const encoded = new URLSearchParams(params).toString();
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (setCookie) headers["Set-Cookie"] = setCookie;
  if (responseMode === "form_post") {
    const inputs = Object.entries(params)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join("");
    return htmlReply(
      200,
      `<!doctype html><html><body onload="document.forms[0].submit()"><form method="POST" action="${escapeHtml(redirectUri)}">${inputs}</form></body></html>`,
      headers,
    );
  }
  const location =
    responseMode === "query" ? `${redirectUri}${redirectUri.includes("?") ? "&" : "?"}${encoded}` : `${redirectUri}#${encoded}`;
  return { status: 302, headers: { ...headers, Location: location }, body: "" };
}

function clientInfo(user: DirectoryUserRecord, tenant: TenantState): string {
  return base64UrlJson({ uid: user.id, utid: tenant.tenantId });
}

function pairwiseSub(userId: string, clientId: string): string {
  return createHash("sha256").update(`${userId}|${clientId}`).digest("base64url").slice(0, 43);
}

function authorize(req: AuthorityRequest, tenant: TenantState, env: AuthorityEnv): HttpReply {
  const q = req.query;
  const clientId = q.get("client_id") ?? "";
  if (clientId !== tenant.clientId) {
    return errorPage(
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.name}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    );
  }
  const redirectUri = q.get("redirect_uri") ?? "";
  if (!isRegisteredRedirect(redirectUri, tenant)) {
    return errorPage(
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
    );
  }
  const responseMode = q.get("response_mode") ?? "query";
  const state = q.get("state");
  const fail = (error: string, code: number, message: string): HttpReply => {
    const params: Record<string, string> = { error, error_description: `AADSTS${code}: ${message}`, error_codes: `[${code}]` };
    if (state !== null) params.state = state;
    return redirectWith(redirectUri, responseMode, params);
  };
  if (!["query", "fragment", "form_post"].includes(responseMode)) {
    return fail("invalid_request", 900144, `The response_mode '${responseMode}' is not supported.`);
  }
  if (q.get("response_type") !== "code") {
    return fail("unsupported_response_type", 700054, "response_type must be 'code' for this single-page application.");
  }
  const scopes = splitScopes(q.get("scope"));
  if (scopes.length === 0) return fail("invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
  const scopeCheck = grantScopes(scopes, consentedFor(tenant), env.baseUrl, tenant.name);
  if (!scopeCheck.ok) return fail(scopeCheck.error, scopeCheck.code, scopeCheck.message);
  const challenge = q.get("code_challenge");
  if (!challenge)
    return fail("invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption.");
  if ((q.get("code_challenge_method") ?? "plain") !== "S256") {
    return fail("invalid_request", 5000, "The code_challenge_method must be 'S256'; 'plain' is not supported by the emulated tenant.");
  }

  const cookies = parseCookies(req.headers.cookie);
  const sessionId = cookies.get(sessionCookie);
  const session = sessionId ? tenant.sessions.get(sessionId) : undefined;
  const prompt = q.get("prompt");
  if (prompt === "none" && !session) {
    return fail("login_required", 50058, "A silent sign-in request was sent but no user is signed in.");
  }
  // Auto sign-in as the tenant's *current* persona, so a PATCHed persona takes effect on the next sign-in.
  const userId = tenant.personaUserId;
  const user = tenant.usersById.get(userId);
  if (!user) return fail("invalid_request", 50034, "The user account does not exist in the directory.");
  let setCookie: string | undefined;
  let newSessionId = sessionId;
  if (!session || session.userId !== userId) {
    newSessionId = randomUUID();
    tenant.sessions.set(newSessionId, { userId });
    setCookie = `${sessionCookie}=${newSessionId}; Path=/${tenant.tenantId}/; HttpOnly; SameSite=Lax`;
  }
  const code = newOpaqueToken("code");
  tenant.codes.set(code, {
    clientId,
    redirectUri,
    codeChallenge: challenge,
    nonce: q.get("nonce"),
    scopes,
    userId,
    expiresAt: Date.now() + codeLifetimeMs,
  });
  const params: Record<string, string> = { code, client_info: clientInfo(user, tenant) };
  if (state !== null) params.state = state;
  params.session_state = newSessionId ?? randomUUID();
  return redirectWith(redirectUri, responseMode, params, setCookie);
}

function issueTokens(
  tenant: TenantState,
  user: DirectoryUserRecord,
  clientId: string,
  requested: string[],
  nonce: string | null,
  baseUrl: string,
): HttpReply {
  const now = Math.floor(Date.now() / 1000);
  const lifetime = Math.floor(tenant.knobs.tokenLifetimeSeconds);
  const outcome = grantScopes(requested, consentedFor(tenant), baseUrl, tenant.name);
  if (!outcome.ok) return tokenError(outcome.error, outcome.code, outcome.message);
  const granted = outcome.grant.scopes;
  const audience = outcome.grant.audience;
  // Active tenant-wide built-in roles plus the default user (or guest) role; never AU-scoped or custom roles.
  const wids = [
    ...tenant.directory.roles.filter((r) => tenant.rolesOf(user.id).includes(r.key)).map((r) => r.roleTemplateId),
    user.userType === "Guest" ? guestUserRoleTemplateId : defaultUserRoleTemplateId,
  ];
  const accessToken = signJwt({
    aud: audience,
    iss: `https://sts.windows.net/${tenant.tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + lifetime,
    acct: 0,
    acr: "1",
    amr: ["pwd", "mfa"],
    app_displayname: "TAP Desk",
    appid: clientId,
    appidacr: "0",
    family_name: user.surname,
    given_name: user.givenName,
    idtyp: "user",
    ipaddr: "127.0.0.1",
    name: user.displayName,
    oid: user.id,
    platf: "3",
    scp: granted.join(" "),
    sub: pairwiseSub(user.id, audience),
    tid: tenant.tenantId,
    unique_name: user.userPrincipalName,
    upn: user.userPrincipalName,
    uti: randomUUID().replace(/-/g, "").slice(0, 22),
    ver: "1.0",
    wids,
  });
  const idClaims: Record<string, unknown> = {
    aud: clientId,
    iss: endpointsFor(baseUrl, tenant.tenantId).issuer,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: user.displayName,
    preferred_username: user.userPrincipalName,
    oid: user.id,
    sub: pairwiseSub(user.id, clientId),
    tid: tenant.tenantId,
    ver: "2.0",
    uti: randomUUID().replace(/-/g, "").slice(0, 22),
  };
  if (nonce !== null) idClaims.nonce = nonce;
  // In the ID token only when the app manifest asks for role claims.
  if (tenant.knobs.groupMembershipClaims === "DirectoryRole" || tenant.knobs.groupMembershipClaims === "All") idClaims.wids = wids;
  const refreshToken = newOpaqueToken("rt");
  tenant.refreshTokens.set(refreshToken, { clientId, userId: user.id, expiresAt: Date.now() + refreshLifetimeMs });
  // Entra names a non-Graph API's scopes with its resource (as the app asked), Graph's bare.
  const named = audience === graphAudience ? granted : granted.map((scope) => `${baseUrl}/${scope}`);
  const responseScopes = [...named, ...requested.filter((s) => ["openid", "profile", "email"].includes(s.toLowerCase()))];
  return jsonReply(
    200,
    {
      token_type: "Bearer",
      scope: responseScopes.join(" "),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      refresh_token_expires_in: refreshLifetimeMs / 1000,
      id_token: signJwt(idClaims),
      client_info: clientInfo(user, tenant),
    },
    { "Cache-Control": "no-store", Pragma: "no-cache" },
  );
}

function token(req: AuthorityRequest, tenant: TenantState, env: AuthorityEnv): HttpReply {
  if (req.method !== "POST")
    return tokenError("invalid_request", 900561, "The endpoint only accepts POST requests. Received a GET request.");
  const form = new URLSearchParams(req.body);
  const clientId = form.get("client_id") ?? "";
  if (clientId !== tenant.clientId) {
    return tokenError(
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.name}'.`,
    );
  }
  const grantType = form.get("grant_type");
  if (grantType !== "authorization_code" && grantType !== "refresh_token") {
    return tokenError("unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType ?? ""}'.`);
  }
  if (!req.headers.origin) {
    return tokenError(
      "invalid_request",
      9002327,
      "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    );
  }
  if (tenant.knobs.rejectTokens) {
    return tokenError(
      "invalid_grant",
      50173,
      "The provided grant has expired due to it being revoked, a fresh auth token is needed (emulated rejectTokens).",
    );
  }
  const requested = splitScopes(form.get("scope"));
  if (grantType === "authorization_code") {
    const code = form.get("code") ?? "";
    if (tenant.redeemedCodes.has(code))
      return tokenError(
        "invalid_grant",
        54005,
        "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
      );
    const grant = tenant.codes.get(code);
    if (!grant || grant.expiresAt < Date.now()) {
      return tokenError(
        "invalid_grant",
        70008,
        "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
      );
    }
    if (grant.clientId !== clientId) return tokenError("invalid_grant", 70000, "Provided grant is invalid or malformed.");
    if (form.get("redirect_uri") !== grant.redirectUri) {
      return tokenError(
        "invalid_grant",
        500112,
        `The reply address '${form.get("redirect_uri") ?? ""}' does not match the reply address '${grant.redirectUri}' provided when requesting Authorization code.`,
      );
    }
    const verifier = form.get("code_verifier");
    if (!verifier) return tokenError("invalid_request", 900144, "The request body must contain the following parameter: 'code_verifier'.");
    if (createHash("sha256").update(verifier).digest("base64url") !== grant.codeChallenge) {
      return tokenError(
        "invalid_grant",
        501481,
        "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
      );
    }
    tenant.codes.delete(code);
    tenant.redeemedCodes.add(code);
    const user = tenant.usersById.get(grant.userId);
    if (!user) return tokenError("invalid_grant", 50034, "The user account does not exist in the directory.");
    return issueTokens(tenant, user, clientId, requested.length > 0 ? requested : grant.scopes, grant.nonce, env.baseUrl);
  }
  const refreshToken = form.get("refresh_token") ?? "";
  if (tenant.spentRefreshTokens.has(refreshToken)) {
    return tokenError(
      "invalid_grant",
      70000,
      "Provided grant is invalid or malformed: the refresh token was already redeemed (the emulated tenant rotates refresh tokens).",
    );
  }
  const grant = tenant.refreshTokens.get(refreshToken);
  if (!grant || grant.expiresAt < Date.now()) {
    return tokenError(
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    );
  }
  if (grant.clientId !== clientId) return tokenError("invalid_grant", 70000, "Provided grant is invalid or malformed.");
  tenant.refreshTokens.delete(refreshToken);
  tenant.spentRefreshTokens.add(refreshToken);
  const user = tenant.usersById.get(grant.userId);
  if (!user) return tokenError("invalid_grant", 50034, "The user account does not exist in the directory.");
  return issueTokens(tenant, user, clientId, requested.length > 0 ? requested : ["User.Read"], null, env.baseUrl);
}

function logout(req: AuthorityRequest, tenant: TenantState): HttpReply {
  const sessionId = parseCookies(req.headers.cookie).get(sessionCookie);
  if (sessionId) tenant.sessions.delete(sessionId);
  const clear = `${sessionCookie}=; Path=/${tenant.tenantId}/; Max-Age=0; HttpOnly; SameSite=Lax`;
  const target = req.query.get("post_logout_redirect_uri");
  // Entra follows post_logout_redirect_uri only when it is registered; otherwise it keeps the user on its own page.
  if (target && isRegisteredRedirect(target, tenant)) {
    const state = req.query.get("state");
    const location = state === null ? target : `${target}${target.includes("?") ? "&" : "?"}state=${encodeURIComponent(state)}`;
    return { status: 302, headers: { Location: location, "Set-Cookie": clear }, body: "" };
  }
  return htmlReply(200, "<!doctype html><html><body><p>You signed out of your account (emulated).</p></body></html>", {
    "Set-Cookie": clear,
  });
}

function openIdConfiguration(env: AuthorityEnv, tenant: TenantState): HttpReply {
  const e = endpointsFor(env.baseUrl, tenant.tenantId);
  return jsonReply(200, {
    ...e,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    response_modes_supported: ["query", "fragment", "form_post"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    code_challenge_methods_supported: ["S256"],
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "name", "preferred_username", "oid", "tid", "ver"],
    request_uri_parameter_supported: false,
    tenant_region_scope: "EU",
    cloud_instance_name: "emulated.localhost",
    frontchannel_logout_supported: true,
    http_logout_supported: true,
  });
}

/** Serves /{tenant}/oauth2/v2.0/*, /{tenant}/discovery/v2.0/keys and /{tenant}/v2.0/.well-known/openid-configuration. */
export function handleAuthority(req: AuthorityRequest, env: AuthorityEnv): HttpReply {
  const tenant = env.tenants.get(req.tenantSegment.toLowerCase());
  const path = req.rest.join("/").toLowerCase();
  const known = [
    "oauth2/v2.0/authorize",
    "oauth2/v2.0/token",
    "oauth2/v2.0/logout",
    "discovery/v2.0/keys",
    "v2.0/.well-known/openid-configuration",
  ];
  if (!known.includes(path))
    return jsonReply(404, {
      error: "not_found",
      error_description: `No authority endpoint at /${req.tenantSegment}/${req.rest.join("/")}`,
    });
  if (!tenant) {
    const message = `Tenant '${req.tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`;
    return path === "oauth2/v2.0/token" ? tokenError("invalid_request", 90002, message) : errorPage(90002, message);
  }
  switch (path) {
    case "oauth2/v2.0/authorize":
      return authorize(req, tenant, env);
    case "oauth2/v2.0/token":
      return token(req, tenant, env);
    case "oauth2/v2.0/logout":
      return logout(req, tenant);
    case "discovery/v2.0/keys":
      return jsonReply(200, jwks());
    default:
      return openIdConfiguration(env, tenant);
  }
}
