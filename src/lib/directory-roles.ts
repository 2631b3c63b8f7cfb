/**
 * Who may issue a Temporary Access Pass to whom, from Entra's documented role rules.
 * Role template IDs are the same in every tenant (role object IDs are not).
 */
export const ROLE_TEMPLATE = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  privilegedAuthenticationAdministrator: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
  authenticationAdministrator: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
} as const;

/**
 * Roles an Authentication Administrator may still act on. A target holding any other role needs a
 * Privileged Authentication Administrator.
 */
const ROLES_AN_AUTH_ADMIN_MAY_TARGET = new Set([
  ROLE_TEMPLATE.authenticationAdministrator,
  "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", // Directory Readers
  "95e79109-95c0-4d8e-aee3-d01accf2d47b", // Guest Inviter
  "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b", // Message Center Reader
  "966707d0-3269-4727-9be2-8c3a10f19b9d", // Password Administrator
  "4a5d8f65-41da-4de4-8968-e035b65339cf", // Reports Reader
  "27460883-1df1-4691-b032-3b79643e5e63", // User Experience Success Manager
  "75934031-6c7e-415a-99d7-48dbd49e875e", // Usage Summary Reports Reader
]);

/** What the signed-in admin may do: "all" users, only users "without-admin-roles", or "none". */
export type IssuerCapability = "all" | "non-admins" | "none";

export function issuerCapability(roleTemplateIds: Iterable<string>): IssuerCapability {
  const roles = new Set(roleTemplateIds);
  if (roles.has(ROLE_TEMPLATE.globalAdministrator) || roles.has(ROLE_TEMPLATE.privilegedAuthenticationAdministrator)) {
    return "all";
  }
  return roles.has(ROLE_TEMPLATE.authenticationAdministrator) ? "non-admins" : "none";
}

/** Whether an issuer with `capability` may create a pass for a user holding `targetRoleTemplateIds`. */
export function canIssueTo(capability: IssuerCapability, targetRoleTemplateIds: Iterable<string>): boolean {
  if (capability === "all") return true;
  if (capability === "none") return false;
  for (const role of targetRoleTemplateIds) {
    if (!ROLES_AN_AUTH_ADMIN_MAY_TARGET.has(role)) return false;
  }
  return true;
}

export const CAPABILITY_SUMMARY: Record<IssuerCapability, string> = {
  all: "You can issue passes for all users.",
  "non-admins": "You can issue passes for users without admin roles.",
  none: "You need the Authentication Administrator role to issue passes.",
};

export const CAPABILITY_DETAIL: Record<IssuerCapability, string> = {
  all: "Your Privileged Authentication Administrator or Global Administrator role covers admins and members, except yourself.",
  "non-admins":
    "Your Authentication Administrator role covers members without admin roles. Users holding admin roles need a Privileged Authentication Administrator.",
  none: "Ask your Entra administrator to assign you the Authentication Administrator role (or Privileged Authentication Administrator to include admins). If the role is eligible for you in Privileged Identity Management, activate it first. Then sign out and in again.",
};
