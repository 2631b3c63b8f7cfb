import { randomInt, randomUUID } from "node:crypto";
import { generatePassValue } from "../directory-seed.ts";
import type { DirectoryUserRecord, PassRecord } from "../directory-seed.ts";
import type { TapPolicy } from "../policy.ts";
import { rolesAuthAdminMayTarget, rolesWithFullTapRights } from "../roles.ts";
import { recordAudit } from "./audit.ts";
import { forbidden, graphError, ok, requireScope } from "./context.ts";
import type { GraphContext, GraphReply } from "./context.ts";
import { isReply, resolveUserKey } from "./users.ts";

const minute = 60_000;

export function passUsability(pass: PassRecord, policy: TapPolicy, now: number): { isUsable: boolean; methodUsabilityReason: string } {
  if (policy.state === "disabled") return { isUsable: false, methodUsabilityReason: "DisabledByPolicy" };
  if (now < pass.startAt) return { isUsable: false, methodUsabilityReason: "NotYetValid" };
  if (now >= pass.startAt + pass.lifetimeInMinutes * minute) return { isUsable: false, methodUsabilityReason: "Expired" };
  return { isUsable: true, methodUsabilityReason: "EnabledByPolicy" };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function serializePass(pass: PassRecord, policy: TapPolicy, now: number, includeValue: boolean): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
    id: pass.id,
    temporaryAccessPass: includeValue ? pass.value : null,
    createdDateTime: iso(pass.createdAt),
    startDateTime: iso(pass.startAt),
    lifetimeInMinutes: pass.lifetimeInMinutes,
    isUsableOnce: pass.isUsableOnce,
    ...passUsability(pass, policy, now),
  };
}

type Mode = "read" | "write";

/** Delegated permissions the create/delete and list/get permission tables accept (graph-reference §0.2, §1, §2). */
export const tapWriteScopes = ["UserAuthMethod-TAP.ReadWrite.All", "UserAuthenticationMethod.ReadWrite.All"] as const;
export const tapReadScopes = [...tapWriteScopes, "UserAuthMethod-TAP.Read.All", "UserAuthenticationMethod.Read.All"] as const;

/**
 * What the caller's roles reach for passes: tenant-wide built-in roles, a custom role with TAP rights,
 * and Authentication Administrator assignments scoped to administrative units.
 */
function reachOf(ctx: GraphContext, mode: Mode): { everyone: boolean; nonAdmins: boolean; unitIds: Set<string> } {
  const roles = ctx.principal.roles;
  const userId = ctx.principal.user.id;
  const everyone = roles.some((r) => rolesWithFullTapRights.has(r)) || (mode === "read" && roles.includes("globalReader"));
  const nonAdmins = roles.includes("authAdmin") || ctx.tenant.customRolesOf(userId).some((role) => role.tapRights === "non-admins");
  const unitIds = new Set(
    ctx.tenant
      .scopedRolesOf(userId)
      .filter((assignment) => assignment.role === "authAdmin")
      .map((assignment) => assignment.administrativeUnitId),
  );
  return { everyone, nonAdmins, unitIds };
}

/** Caller-role and target-role rules from graph-reference §1/§2; null = allowed. */
function checkCallerMayAct(ctx: GraphContext, mode: Mode): GraphReply | null {
  const denied = mode === "write" ? requireScope(ctx, ...tapWriteScopes) : requireScope(ctx, ...tapReadScopes);
  if (denied) return denied;
  const reach = reachOf(ctx, mode);
  return reach.everyone || reach.nonAdmins || reach.unitIds.size > 0 ? null : forbidden(ctx);
}

function checkTarget(ctx: GraphContext, target: DirectoryUserRecord, mode: Mode): GraphReply | null {
  if (mode === "write" && target.id === ctx.principal.user.id) return forbidden(ctx);
  const reach = reachOf(ctx, mode);
  if (reach.everyone) return null;
  // A role scoped to an administrative unit reaches only that unit's members.
  if (!reach.nonAdmins && !ctx.tenant.administrativeUnitsOf(target.id).some((unit) => reach.unitIds.has(unit.id))) {
    return forbidden(ctx);
  }
  const targetRoles = ctx.tenant.rolesOf(target.id);
  return targetRoles.every((r) => rolesAuthAdminMayTarget.has(r)) ? null : forbidden(ctx);
}

function resolveTarget(ctx: GraphContext, key: string | null, mode: Mode): DirectoryUserRecord | GraphReply {
  const denied = checkCallerMayAct(ctx, mode);
  if (denied) return denied;
  const user = key === null ? ctx.principal.user : resolveUserKey(ctx, key);
  if (isReply(user)) return user;
  return checkTarget(ctx, user, mode) ?? user;
}

function collectionContext(ctx: GraphContext, user: DirectoryUserRecord): string {
  return `${ctx.server.baseUrl}/v1.0/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods`;
}

export function listPasses(ctx: GraphContext, key: string | null): GraphReply {
  const user = resolveTarget(ctx, key, "read");
  if (isReply(user)) return user;
  const pass = ctx.tenant.passes.get(user.id);
  const value = pass ? [serializePass(pass, ctx.tenant.policy, ctx.now, false)] : [];
  return ok({ "@odata.context": collectionContext(ctx, user), value });
}

function passNotFound(ctx: GraphContext, passId: string): GraphReply {
  return graphError(404, "itemNotFound", `The Temporary Access Pass authentication method '${passId}' was not found for this user.`, ctx);
}

export function getPass(ctx: GraphContext, key: string | null, passId: string): GraphReply {
  const user = resolveTarget(ctx, key, "read");
  if (isReply(user)) return user;
  const pass = ctx.tenant.passes.get(user.id);
  if (!pass || pass.id.toLowerCase() !== passId.toLowerCase()) return passNotFound(ctx, passId);
  return ok({ "@odata.context": `${collectionContext(ctx, user)}/$entity`, ...serializePass(pass, ctx.tenant.policy, ctx.now, false) });
}

export function deletePass(ctx: GraphContext, key: string | null, passId: string): GraphReply {
  const user = resolveTarget(ctx, key, "write");
  if (isReply(user)) return user;
  const pass = ctx.tenant.passes.get(user.id);
  if (!pass || pass.id.toLowerCase() !== passId.toLowerCase()) return passNotFound(ctx, passId);
  ctx.tenant.passes.delete(user.id);
  recordAudit(ctx, "delete", user);
  return { status: 204, headers: {} };
}

const policyBlocked =
  "Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].";

interface CreateBody {
  startDateTime?: number;
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
}

function parseCreateBody(ctx: GraphContext): CreateBody | GraphReply {
  const body = ctx.call.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) {
    return graphError(
      400,
      "BadRequest",
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
      ctx,
    );
  }
  const out: CreateBody = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === "@odata.type") continue;
    if (key === "startDateTime") {
      const parsed = typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
      if (value !== null && Number.isNaN(parsed)) {
        return graphError(
          400,
          "BadRequest",
          `Cannot convert the literal '${String(value)}' to the expected type 'Edm.DateTimeOffset'.`,
          ctx,
        );
      }
      if (value !== null) out.startDateTime = parsed;
    } else if (key === "lifetimeInMinutes") {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        return graphError(400, "BadRequest", `Cannot convert the literal '${String(value)}' to the expected type 'Edm.Int32'.`, ctx);
      }
      out.lifetimeInMinutes = value;
    } else if (key === "isUsableOnce") {
      if (typeof value !== "boolean") {
        return graphError(400, "BadRequest", `Cannot convert the literal '${String(value)}' to the expected type 'Edm.Boolean'.`, ctx);
      }
      out.isUsableOnce = value;
    } else {
      return graphError(
        400,
        "BadRequest",
        `The property '${key}' does not exist on type 'microsoft.graph.temporaryAccessPassAuthenticationMethod'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
        ctx,
      );
    }
  }
  return out;
}

export function createPass(ctx: GraphContext, key: string): GraphReply {
  const body = parseCreateBody(ctx);
  if (isReply(body)) return body;
  const user = resolveTarget(ctx, key, "write");
  if (isReply(user)) return user;
  const tenant = ctx.tenant;
  const policy = tenant.policy;
  if (user.userType === "Guest" && user.externalUserState !== null) {
    return graphError(400, "badRequest", "Temporary Access Pass cannot be added to an external guest user.", ctx);
  }
  if (policy.state !== "enabled" || !tenant.policyTargets(user.id)) {
    return graphError(400, "badRequest", policyBlocked, ctx);
  }
  const lifetime = body.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
  const min = Math.max(10, policy.minimumLifetimeInMinutes);
  const max = Math.min(43200, policy.maximumLifetimeInMinutes);
  if (lifetime < min || lifetime > max) {
    const message = `Invalid LifetimeInMinutes specified. The valid range between ${policy.minimumLifetimeInMinutes} and ${policy.maximumLifetimeInMinutes}.`;
    return graphError(400, "badRequest", message, ctx, { inner: { message } });
  }
  const isUsableOnce = body.isUsableOnce ?? policy.isUsableOnce;
  if (policy.isUsableOnce && !isUsableOnce) {
    return graphError(
      400,
      "badRequest",
      // Entra's wording for this refusal is not documented (graph-reference §1): say so, invent nothing.
      "Emulated refusal: the policy makes every pass one-time (Entra's wording for this error is not documented).",
      ctx,
    );
  }
  const existing = tenant.passes.get(user.id);
  if (existing && tenant.knobs.replaceMode === "reject" && passUsability(existing, policy, ctx.now).methodUsabilityReason !== "Expired") {
    return graphError(
      400,
      "badRequest",
      "A Temporary Access Pass already exists for this user. Delete the existing Temporary Access Pass before creating a new one.",
      ctx,
    );
  }
  const pass: PassRecord = {
    id: randomUUID(),
    userId: user.id,
    value: generatePassValue(policy.defaultLength, (n) => randomInt(n)),
    createdAt: ctx.now,
    startAt: body.startDateTime ?? ctx.now,
    lifetimeInMinutes: lifetime,
    isUsableOnce,
  };
  tenant.passes.set(user.id, pass);
  tenant.recordCreation(user.id);
  recordAudit(ctx, "register", user);
  return ok({ "@odata.context": `${collectionContext(ctx, user)}/$entity`, ...serializePass(pass, policy, ctx.now, true) }, 201, {
    Location: `${ctx.server.baseUrl}/v1.0/users/${user.id}/authentication/temporaryAccessPassMethods/${pass.id}`,
  });
}
