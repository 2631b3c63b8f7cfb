import type { DirectoryRole } from "./graph/types";

/**
 * Who may issue a Temporary Access Pass to whom, from Entra's documented role rules.
 * Role template IDs are the same in every tenant (role object IDs are not).
 *
 * Everything here is a hint: on a real tenant the admin's roles are often unreadable (limited-information
 * rule), scoped to an administrative unit, custom, or activated in PIM after sign-in. Entra decides
 * each request; TAP Desk only says what it knows.
 */
export const ROLE_TEMPLATE = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  privilegedAuthenticationAdministrator: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
  authenticationAdministrator: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
} as const;

/** Names of the built-in roles TAP Desk talks about (the `wids` claim carries only template ids). */
const ROLE_NAMES: ReadonlyMap<string, string> = new Map([
  [ROLE_TEMPLATE.globalAdministrator, "Global Administrator"],
  [ROLE_TEMPLATE.privilegedAuthenticationAdministrator, "Privileged Authentication Administrator"],
  [ROLE_TEMPLATE.authenticationAdministrator, "Authentication Administrator"],
  ["0526716b-113d-4c15-b2c8-68e3c22b9f80", "Authentication Policy Administrator"],
  ["f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"],
  ["729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"],
  ["966707d0-3269-4727-9be2-8c3a10f19b9d", "Password Administrator"],
  ["fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"],
  ["e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"],
  ["88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers"],
  ["95e79109-95c0-4d8e-aee3-d01accf2d47b", "Guest Inviter"],
  ["790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b", "Message Center Reader"],
  ["4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader"],
  ["27460883-1df1-4691-b032-3b79643e5e63", "User Experience Success Manager"],
  ["75934031-6c7e-415a-99d7-48dbd49e875e", "Usage Summary Reports Reader"],
  ["fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator"],
]);

/**
 * Roles an Authentication Administrator may still act on. A target holding any other role needs a
 * Privileged Authentication Administrator.
 */
const ROLES_AN_AUTH_ADMIN_MAY_TARGET = new Set<string>([
  ROLE_TEMPLATE.authenticationAdministrator,
  "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", // Directory Readers
  "95e79109-95c0-4d8e-aee3-d01accf2d47b", // Guest Inviter
  "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b", // Message Center Reader
  "966707d0-3269-4727-9be2-8c3a10f19b9d", // Password Administrator
  "4a5d8f65-41da-4de4-8968-e035b65339cf", // Reports Reader
  "27460883-1df1-4691-b032-3b79643e5e63", // User Experience Success Manager
  "75934031-6c7e-415a-99d7-48dbd49e875e", // Usage Summary Reports Reader
]);

/**
 * What TAP Desk believes the signed-in admin may do: "all" users, only users "without-admin-roles",
 * or "unknown" (no tenant-wide issuing role seen; Entra decides every request).
 */
export type IssuerCapability = "all" | "non-admins" | "unknown";

export function issuerCapability(roleTemplateIds: Iterable<string>): IssuerCapability {
  const roles = new Set(roleTemplateIds);
  if (roles.has(ROLE_TEMPLATE.globalAdministrator) || roles.has(ROLE_TEMPLATE.privilegedAuthenticationAdministrator)) {
    return "all";
  }
  return roles.has(ROLE_TEMPLATE.authenticationAdministrator) ? "non-admins" : "unknown";
}

/** Whether an issuer with `capability` may create a pass for a user holding `targetRoleTemplateIds`. */
export function canIssueTo(capability: IssuerCapability, targetRoleTemplateIds: Iterable<string>): boolean {
  if (capability === "all" || capability === "unknown") return true;
  for (const role of targetRoleTemplateIds) {
    if (!ROLES_AN_AUTH_ADMIN_MAY_TARGET.has(role)) return false;
  }
  return true;
}

/**
 * How a target's roles look to an issuer limited to non-admins: role objects that came back
 * without a template id (limited-information rule) cannot be judged, so they only make a refusal likely.
 */
export interface TargetReach {
  /** Named roles that Entra's rules put out of reach (certain). */
  blocking: DirectoryRole[];
  /** Role objects Graph returned without properties: any of them may be an admin role. */
  unnamed: number;
}

export function targetReach(capability: IssuerCapability, targetRoles: readonly DirectoryRole[]): TargetReach {
  if (capability !== "non-admins") return { blocking: [], unnamed: 0 };
  const blocking: DirectoryRole[] = [];
  let unnamed = 0;
  for (const role of targetRoles) {
    if (role.roleTemplateId === null) unnamed += 1;
    else if (!ROLES_AN_AUTH_ADMIN_MAY_TARGET.has(role.roleTemplateId)) blocking.push(role);
  }
  return { blocking, unnamed };
}

export function roleName(templateId: string): string | null {
  return ROLE_NAMES.get(templateId) ?? null;
}

/** What TAP Desk could learn about the signed-in admin's roles, and from where. */
export interface RoleEvidence {
  /** Template ids from the ID token's `wids` claim; null when the token carries no such claim. */
  tokenRoleIds: readonly string[] | null;
  /** Role objects from `/me/transitiveMemberOf`; null when that read failed. */
  directoryRoles: readonly DirectoryRole[] | null;
}

export interface RoleHint {
  capability: IssuerCapability;
  /** Known role names, TAP-issuing roles first. */
  roleNames: string[];
  /** Role objects Graph returned without a name (limited-information rule). */
  unnamedRoles: number;
  /** True when the ID token listed the admin's tenant-wide roles (so "no issuing role" is a fact for them). */
  fromToken: boolean;
}

/** Issuing roles first (the one that decides leads the banner), then the rest in template order. */
const NAME_ORDER: readonly string[] = [
  ROLE_TEMPLATE.globalAdministrator,
  ROLE_TEMPLATE.privilegedAuthenticationAdministrator,
  ROLE_TEMPLATE.authenticationAdministrator,
  ...ROLE_NAMES.keys(),
];

export function roleHint(evidence: RoleEvidence): RoleHint {
  const ids = new Set(evidence.tokenRoleIds ?? []);
  let unnamedRoles = 0;
  const otherNames = new Set<string>();
  for (const role of evidence.directoryRoles ?? []) {
    if (role.roleTemplateId === null) unnamedRoles += 1;
    else ids.add(role.roleTemplateId);
    // A readable role TAP Desk has no name for (e.g. one added to Entra later) is still named as Graph names it.
    if (role.displayName !== null && (role.roleTemplateId === null || !ROLE_NAMES.has(role.roleTemplateId))) {
      otherNames.add(role.displayName);
    }
  }
  const known = NAME_ORDER.filter((id, index) => ids.has(id) && NAME_ORDER.indexOf(id) === index);
  return {
    capability: issuerCapability(ids),
    roleNames: [...new Set([...known.map((id) => ROLE_NAMES.get(id) ?? id), ...otherNames])],
    // When the token listed the roles, unnamed objects are the same roles seen again.
    unnamedRoles: evidence.tokenRoleIds !== null ? 0 : unnamedRoles,
    fromToken: evidence.tokenRoleIds !== null,
  };
}

export interface RoleHintText {
  title: string;
  detail: string;
  /** "info" when an issuing role is known; "warning" when Entra will decide without a hint. */
  intent: "info" | "warning";
}

const ENTRA_ANSWERS = "TAP Desk sends each pass and shows Entra's answer.";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The banner's words for a role hint. Never a gate: every message ends with Entra deciding. */
export function describeRoleHint(hint: RoleHint): RoleHintText {
  const alsoHeld = (main: string | null) => {
    const others = hint.roleNames.filter((name) => name !== main);
    return others.length > 0 ? ` Your other roles: ${others.join(", ")}.` : "";
  };
  switch (hint.capability) {
    case "all": {
      const role = hint.roleNames[0] ?? "Privileged Authentication Administrator";
      return {
        title: `${role}: all users except yourself`,
        detail: `Your role covers admins and members; nobody may issue a pass for themselves.${alsoHeld(role)}`,
        intent: "info",
      };
    }
    case "non-admins": {
      const role = "Authentication Administrator";
      return {
        title: `${role}: users without admin roles`,
        detail: `Most admin roles need a Privileged Authentication Administrator; TAP Desk marks the users it suspects and lets Entra decide.${alsoHeld(role)}`,
        intent: "info",
      };
    }
    case "unknown":
      if (hint.unnamedRoles > 0) {
        return {
          title: "TAP Desk could not read your roles; Entra will decide for each user",
          detail: `You hold ${plural(hint.unnamedRoles, "directory role", "directory roles")} TAP Desk cannot name: your sign-in lists none and Microsoft Graph withholds their names from this app (an Entra admin can change that in the app's manifest; see TAP Desk's README). ${ENTRA_ANSWERS}`,
          intent: "warning",
        };
      }
      if (hint.fromToken) {
        return {
          title: "No tenant-wide role that issues passes; Entra will decide for each user",
          detail: `If your role is scoped to an administrative unit, Entra will refuse users outside it. Custom roles don't show here, nor roles activated in Privileged Identity Management after you signed in (sign out and in again). ${ENTRA_ANSWERS}${alsoHeld(null)}`,
          intent: "warning",
        };
      }
      return {
        title: "TAP Desk could not read your roles; Entra will decide for each user",
        detail: `${ENTRA_ANSWERS}${alsoHeld(null)}`,
        intent: "warning",
      };
  }
}
