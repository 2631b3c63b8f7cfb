import { minimumUserCount, type DirectoryUserRecord } from "./directory-seed.ts";
import { jsonReply } from "./http-util.ts";
import type { HttpReply } from "./http-util.ts";
import { KnobError } from "./knobs.ts";
import type { RequestLog, TenantOptions, TenantState } from "./state.ts";
import { passUsability } from "./graph/tap.ts";
import { rolesAuthAdminMayTarget } from "./roles.ts";
import { consentedScopes, endpointsFor } from "./authority.ts";
import type { MailFailure } from "./graph/mail.ts";

export interface ControlEnv {
  baseUrl: string;
  port: number;
  /** "https" when the server serves TLS (and HTTP/2). */
  scheme?: "http" | "https";
  tenants: Map<string, TenantState>;
  globalLog: RequestLog;
  createTenant(options: TenantOptions): TenantState;
}

/** The app's RuntimeConfig for a tenant (same shape as src/config/runtime-config.ts). */
export function runtimeConfigFor(port: number, tenant: TenantState, scheme: "http" | "https" = "http"): Record<string, unknown> {
  const host = `localhost:${port}`;
  return {
    clientId: tenant.clientId,
    tenantId: tenant.tenantId,
    authority: `https://${host}/${tenant.tenantId}`,
    knownAuthorities: [host],
    authorityMetadata: endpointsFor(`${scheme}://${host}`, tenant.tenantId),
    redirectUri: "/redirect.html",
    graphBaseUrl: `${scheme}://${host}/v1.0`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function bad(message: string): HttpReply {
  return jsonReply(400, { error: message });
}

function parseCreateOptions(body: unknown): TenantOptions | string {
  if (body === undefined) return {};
  if (!isRecord(body)) return "body must be a JSON object";
  const allowed = new Set([
    "name",
    "userCount",
    "seed",
    "persona",
    "policy",
    "knobs",
    "appOrigin",
    "redirectUris",
    "consentedScopes",
    "markupNames",
  ]);
  for (const key of Object.keys(body)) if (!allowed.has(key)) return `unknown option ${key}`;
  const options: TenantOptions = {};
  if (body.name !== undefined) {
    if (typeof body.name !== "string" || body.name.trim() === "") return "name must be a non-empty string";
    options.name = body.name;
  }
  if (body.userCount !== undefined) {
    if (
      typeof body.userCount !== "number" ||
      !Number.isInteger(body.userCount) ||
      body.userCount < minimumUserCount ||
      body.userCount > 200_000
    ) {
      return `userCount must be an integer between ${minimumUserCount} and 200000`;
    }
    options.userCount = body.userCount;
  }
  if (body.seed !== undefined) {
    if (typeof body.seed !== "number" || !Number.isInteger(body.seed)) return "seed must be an integer";
    options.seed = body.seed;
  }
  if (body.persona !== undefined) {
    if (typeof body.persona !== "string") return "persona must be a string";
    options.persona = body.persona;
  }
  if (body.appOrigin !== undefined && body.appOrigin !== null) {
    if (typeof body.appOrigin !== "string") return "appOrigin must be a string";
    try {
      options.appOrigin = new URL(body.appOrigin).origin;
    } catch {
      return "appOrigin must be an absolute URL";
    }
  }
  for (const key of ["redirectUris", "consentedScopes"] as const) {
    const list = body[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((item): item is string => typeof item === "string"))
      return `${key} must be an array of strings`;
    if (key === "redirectUris") {
      for (const uri of list) {
        try {
          new URL(uri);
        } catch {
          return `redirectUris: ${uri} is not an absolute URL`;
        }
      }
    }
    options[key] = list;
  }
  if (body.markupNames !== undefined) {
    if (typeof body.markupNames !== "boolean") return "markupNames must be true or false";
    options.markupNames = body.markupNames;
  }
  if (body.policy !== undefined) options.policy = body.policy;
  if (body.knobs !== undefined) options.knobs = body.knobs;
  return options;
}

function summary(env: ControlEnv, tenant: TenantState): Record<string, unknown> {
  const persona = tenant.usersById.get(tenant.personaUserId);
  return {
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    name: tenant.name,
    seed: tenant.seed,
    userCount: tenant.directory.users.length,
    persona: persona ? { id: persona.id, userPrincipalName: persona.userPrincipalName, displayName: persona.displayName } : null,
    policy: tenant.policy,
    knobs: tenant.knobs,
    registration: { redirectUris: tenant.redirectUris, consentedScopes: tenant.consentedScopes ?? consentedScopes },
    config: runtimeConfigFor(env.port, tenant, env.scheme),
  };
}

export function sampleFor(tenant: TenantState): Record<string, unknown> {
  const now = Date.now();
  const dir = tenant.directory;
  const personaIds = new Set(Object.values(dir.personas));
  const out = {
    ready: [] as string[],
    outsidePolicy: [] as string[],
    disabled: [] as string[],
    externalGuests: [] as string[],
    internalGuests: [] as string[],
    privilegedAdmins: [] as string[],
    limitedAdmins: [] as string[],
    holdingUsablePass: [] as string[],
    holdingExpiredPass: [] as string[],
    holdingFuturePass: [] as string[],
  };
  for (const user of dir.users) {
    if (personaIds.has(user.id)) continue;
    const upn = user.userPrincipalName;
    const roles = tenant.rolesOf(user.id);
    const pass = tenant.passes.get(user.id);
    if (pass) {
      const reason = passUsability(pass, tenant.policy, now).methodUsabilityReason;
      if (reason === "Expired") out.holdingExpiredPass.push(upn);
      else if (reason === "NotYetValid") out.holdingFuturePass.push(upn);
      else out.holdingUsablePass.push(upn);
    }
    if (user.externalUserState !== null) out.externalGuests.push(upn);
    else if (user.userType === "Guest") out.internalGuests.push(upn);
    if (!user.accountEnabled) out.disabled.push(upn);
    if (roles.length > 0) {
      if (roles.every((r) => rolesAuthAdminMayTarget.has(r))) out.limitedAdmins.push(upn);
      else out.privilegedAdmins.push(upn);
    }
    if (user.userType === "Member" && user.accountEnabled && roles.length === 0 && !pass) {
      if (tenant.policyTargets(user.id)) out.ready.push(upn);
      else out.outsidePolicy.push(upn);
    }
  }
  const upnOf = (id: string): string => tenant.usersById.get(id)?.userPrincipalName ?? "";
  const sales = dir.administrativeUnits.find((unit) => unit.displayName === "Sales");
  const inSales = (upn: string) => sales !== undefined && sales.memberIds.has(tenant.findUser(upn)?.id ?? "");
  return {
    ...out,
    personas: {
      paa: upnOf(dir.personas.paa),
      aa: upnOf(dir.personas.aa),
      user: upnOf(dir.personas.user),
      aaSales: upnOf(dir.personas["aa-sales"]),
      custom: upnOf(dir.personas.custom),
      "reader-paa": upnOf(dir.personas["reader-paa"]),
    },
    readyInSalesUnit: out.ready.filter(inSales),
    readyOutsideSalesUnit: out.ready.filter((upn) => !inSales(upn)),
  };
}

function passesFor(tenant: TenantState): Record<string, unknown> {
  const passes = [...tenant.passes.values()].map((p) => ({
    userId: p.userId,
    userPrincipalName: tenant.usersById.get(p.userId)?.userPrincipalName ?? null,
    id: p.id,
    temporaryAccessPass: p.value,
    createdDateTime: new Date(p.createdAt).toISOString(),
    startDateTime: new Date(p.startAt).toISOString(),
    lifetimeInMinutes: p.lifetimeInMinutes,
    isUsableOnce: p.isUsableOnce,
  }));
  const creations = [...tenant.creations.entries()].map(([userId, count]) => ({
    userId,
    userPrincipalName: tenant.usersById.get(userId)?.userPrincipalName ?? null,
    count,
  }));
  return { passes, creations };
}

/** `{ "<address>": 503 | 429 | { status, times } }`: that recipient's sendMail fails (`times` answers, else always). */
function parseMailFailures(body: unknown): Map<string, MailFailure> | string {
  if (!isRecord(body)) return "body must be a JSON object of address → 503 | 429 | { status, times }";
  const out = new Map<string, MailFailure>();
  for (const [address, value] of Object.entries(body)) {
    const spec = isRecord(value) ? value : { status: value };
    const { status, times } = spec;
    if (status !== 503 && status !== 429) return `${address}: status must be 503 or 429`;
    if (times !== undefined && (typeof times !== "number" || !Number.isInteger(times) || times < 1)) {
      return `${address}: times must be a positive integer`;
    }
    out.set(address.toLowerCase(), { status, times: times ?? null });
  }
  return out;
}

function sinceParam(query: URLSearchParams): number {
  const raw = Number(query.get("since") ?? "0");
  return Number.isFinite(raw) ? raw : 0;
}

/** `/_emulator/...` for tests and the bench; see README.md. */
/** Test-only edits of a user's directory properties: `{ employeeHireDate: ISO string | null }`. */
function patchUser(user: DirectoryUserRecord, body: unknown): string | null {
  if (!isRecord(body)) return "body must be a JSON object";
  for (const key of Object.keys(body)) if (key !== "employeeHireDate") return `unknown user property ${key}`;
  if ("employeeHireDate" in body) {
    const value = body.employeeHireDate;
    if (value !== null && (typeof value !== "string" || Number.isNaN(Date.parse(value)))) {
      return "employeeHireDate must be an ISO 8601 date and time or null";
    }
    user.employeeHireDate = value === null ? null : new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  return null;
}

export function handleControl(method: string, segments: string[], query: URLSearchParams, body: unknown, env: ControlEnv): HttpReply {
  try {
    const [s0, s1, s2] = segments;
    if (s0 === "health" && segments.length === 1) return jsonReply(200, { ok: true, tenants: env.tenants.size });
    if (s0 === "log" && segments.length === 1 && method === "GET") {
      return jsonReply(200, { lastSeq: env.globalLog.lastSeq, entries: env.globalLog.since(sinceParam(query)) });
    }
    if (s0 !== "tenants") return jsonReply(404, { error: `no control endpoint /_emulator/${segments.join("/")}` });
    if (segments.length === 1) {
      if (method === "GET")
        return jsonReply(200, { tenants: [...env.tenants.values()].map((t) => ({ tenantId: t.tenantId, name: t.name })) });
      if (method !== "POST") return jsonReply(405, { error: "use GET or POST" });
      const options = parseCreateOptions(body);
      if (typeof options === "string") return bad(options);
      const tenant = env.createTenant(options);
      return jsonReply(201, {
        tenantId: tenant.tenantId,
        clientId: tenant.clientId,
        config: runtimeConfigFor(env.port, tenant, env.scheme),
      });
    }
    const tenant = env.tenants.get((s1 ?? "").toLowerCase());
    if (!tenant) return jsonReply(404, { error: `unknown tenant ${s1 ?? ""}` });
    if (segments.length === 2) {
      if (method === "GET") return jsonReply(200, summary(env, tenant));
      if (method === "PATCH") {
        if (!isRecord(body)) return bad("body must be a JSON object");
        for (const key of Object.keys(body)) if (!["persona", "policy", "knobs"].includes(key)) return bad(`unknown option ${key}`);
        tenant.applyPatch(body);
        return jsonReply(200, summary(env, tenant));
      }
      if (method === "DELETE") {
        env.tenants.delete(tenant.tenantId);
        return { status: 204, headers: {}, body: "" };
      }
      return jsonReply(405, { error: "use GET, PATCH or DELETE" });
    }
    if (segments.length === 3 && method === "GET") {
      switch (s2) {
        case "config":
          return jsonReply(200, runtimeConfigFor(env.port, tenant, env.scheme));
        case "sample":
          return jsonReply(200, sampleFor(tenant));
        case "passes":
          return jsonReply(200, passesFor(tenant));
        case "log":
          return jsonReply(200, { lastSeq: tenant.log.lastSeq, entries: tenant.log.since(sinceParam(query)) });
        case "sent-mail":
          return jsonReply(200, { messages: tenant.sentMail });
        default:
          break; // other GETs are answered below
      }
    }
    if (segments.length === 3 && s2 === "mail-failures" && method === "PUT") {
      const failures = parseMailFailures(body);
      if (typeof failures === "string") return bad(failures);
      tenant.mailFailures = failures;
      return jsonReply(200, { mailFailures: Object.fromEntries(failures) });
    }
    if (segments.length === 3 && s2 === "reset" && method === "POST") {
      tenant.reseed();
      return jsonReply(200, summary(env, tenant));
    }
    if (segments.length === 4 && s2 === "users" && method === "GET") {
      const user = tenant.findUser(segments[3] ?? "");
      if (!user) return jsonReply(404, { error: "unknown user" });
      const pass = tenant.passes.get(user.id);
      return jsonReply(200, {
        ...user,
        roles: tenant.rolesOf(user.id),
        inTapGroup: tenant.directory.tapGroupMembers.has(user.id),
        hasPass: pass !== undefined,
      });
    }
    if (segments.length === 4 && s2 === "users" && method === "PATCH") {
      const user = tenant.findUser(segments[3] ?? "");
      if (!user) return jsonReply(404, { error: "unknown user" });
      const problem = patchUser(user, body);
      if (problem !== null) return bad(problem);
      return jsonReply(200, { ...user });
    }
    return jsonReply(404, { error: `no control endpoint ${method} /_emulator/${segments.join("/")}` });
  } catch (error) {
    if (error instanceof KnobError) return bad(error.message);
    throw error;
  }
}
