import { rolesThatReadPolicy } from "../roles.ts";
import { forbidden, ok, requireScope } from "./context.ts";
import type { GraphContext, GraphReply } from "./context.ts";

/** The permission table of GET authenticationMethodConfiguration (least privileged first). */
export const policyReadScopes = ["Policy.Read.AuthenticationMethod", "Policy.Read.All", "Policy.ReadWrite.AuthenticationMethod"] as const;

export function getTapPolicy(ctx: GraphContext): GraphReply {
  const denied = requireScope(ctx, ...policyReadScopes);
  if (denied) return denied;
  if (!ctx.principal.roles.some((r) => rolesThatReadPolicy.has(r))) return forbidden(ctx);
  const t = ctx.tenant;
  const p = t.policy;
  const base = `${ctx.server.baseUrl}/v1.0/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations`;
  return ok({
    "@odata.context": `${base}/$entity`,
    "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
    id: "TemporaryAccessPass",
    state: p.state,
    defaultLifetimeInMinutes: p.defaultLifetimeInMinutes,
    defaultLength: p.defaultLength,
    minimumLifetimeInMinutes: p.minimumLifetimeInMinutes,
    maximumLifetimeInMinutes: p.maximumLifetimeInMinutes,
    isUsableOnce: p.isUsableOnce,
    excludeTargets: p.excludeUsers.length > 0 ? [{ id: t.directory.tapExcludedGroup.id, targetType: "group" }] : [],
    "includeTargets@odata.context": `${base}('TemporaryAccessPass')/microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration/includeTargets`,
    includeTargets: [
      { targetType: "group", id: p.includeTarget === "all_users" ? "all_users" : t.directory.tapGroup.id, isRegistrationRequired: false },
    ],
  });
}
