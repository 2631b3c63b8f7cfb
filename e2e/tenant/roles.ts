/** Built-in directory roles used by the seed (template ids from the Entra permissions reference). */
export interface RoleDefinition {
  key: string;
  displayName: string;
  roleTemplateId: string;
  description: string;
}

export const roleDefinitions = {
  globalAdmin: { displayName: "Global Administrator", roleTemplateId: "62e90394-69f5-4237-9190-012177145e10" },
  privilegedAuthAdmin: { displayName: "Privileged Authentication Administrator", roleTemplateId: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13" },
  authAdmin: { displayName: "Authentication Administrator", roleTemplateId: "c4e39bd9-1100-46d3-8c65-fb160da0071f" },
  authPolicyAdmin: { displayName: "Authentication Policy Administrator", roleTemplateId: "0526716b-113d-4c15-b2c8-68e3c22b9f80" },
  globalReader: { displayName: "Global Reader", roleTemplateId: "f2ef992c-3afb-46b9-b7cf-a126ee74c451" },
  helpdeskAdmin: { displayName: "Helpdesk Administrator", roleTemplateId: "729827e3-9c14-49f7-bb1b-9608f156bbb8" },
  passwordAdmin: { displayName: "Password Administrator", roleTemplateId: "966707d0-3269-4727-9be2-8c3a10f19b9d" },
  userAdmin: { displayName: "User Administrator", roleTemplateId: "fe930be7-5e62-47db-91af-98c3a49a38b1" },
  privilegedRoleAdmin: { displayName: "Privileged Role Administrator", roleTemplateId: "e8611ab8-c189-46e8-94e1-60213ab1f814" },
  directoryReaders: { displayName: "Directory Readers", roleTemplateId: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" },
  guestInviter: { displayName: "Guest Inviter", roleTemplateId: "95e79109-95c0-4d8e-aee3-d01accf2d47b" },
  messageCenterReader: { displayName: "Message Center Reader", roleTemplateId: "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b" },
  reportsReader: { displayName: "Reports Reader", roleTemplateId: "4a5d8f65-41da-4de4-8968-e035b65339cf" },
  userExperienceSuccessManager: { displayName: "User Experience Success Manager", roleTemplateId: "27460883-1df1-4691-b032-3b79643e5e63" },
  usageSummaryReportsReader: { displayName: "Usage Summary Reports Reader", roleTemplateId: "75934031-6c7e-415a-99d7-48dbd49e875e" },
  groupsAdmin: { displayName: "Groups Administrator", roleTemplateId: "fdd7a751-b60b-444a-984c-02652fe8fa1c" },
} as const;

export type RoleKey = keyof typeof roleDefinitions;

/** Roles an Authentication Administrator may still act on (graph-reference §1 "Role rules"). */
export const rolesAuthAdminMayTarget: ReadonlySet<RoleKey> = new Set<RoleKey>([
  "authAdmin",
  "directoryReaders",
  "guestInviter",
  "messageCenterReader",
  "passwordAdmin",
  "reportsReader",
  "userExperienceSuccessManager",
  "usageSummaryReportsReader",
]);

/** Roles that may issue passes to anyone but themselves. */
export const rolesWithFullTapRights: ReadonlySet<RoleKey> = new Set<RoleKey>(["privilegedAuthAdmin", "globalAdmin"]);

/**
 * Roles that may read the TAP policy (graph-reference §0.3): Authentication and Privileged
 * Authentication Administrators get 403, as on a real tenant. Security Reader also reads it; no
 * seeded user holds that role.
 */
export const rolesThatReadPolicy: ReadonlySet<RoleKey> = new Set<RoleKey>(["globalAdmin", "globalReader", "authPolicyAdmin"]);

/**
 * Roles that read the directory audit log. The List directoryAudits page names Reports Reader, Security
 * Reader and Security Administrator as least privileged; Global Reader and Global Administrator hold
 * the same read permission. No seeded user holds the two Security roles.
 */
export const rolesThatReadAuditLogs: ReadonlySet<RoleKey> = new Set<RoleKey>(["globalAdmin", "globalReader", "reportsReader"]);

export function describeRole(key: RoleKey): string {
  return `Can manage ${roleDefinitions[key].displayName.toLowerCase()} related features (emulated).`;
}
