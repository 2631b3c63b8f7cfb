import { createPrng, shuffled } from "./prng.ts";
import type { Prng } from "./prng.ts";
import { roleDefinitions } from "./roles.ts";
import type { RoleKey } from "./roles.ts";
import { applyManagerGaps } from "./manager-seed.ts";
import { departments, givenNames, groupNames, officeLocations, partnerDomains, surnames, usageLocations } from "./seed-names.ts";

export interface DirectoryUserRecord {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  mailNickname: string;
  otherMails: string[];
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  preferredLanguage: string | null;
  accountEnabled: boolean;
  userType: "Member" | "Guest";
  externalUserState: "Accepted" | "PendingAcceptance" | null;
  externalUserStateChangeDateTime: string | null;
  creationType: "Invitation" | null;
  createdDateTime: string;
  usageLocation: string | null;
  companyName: string | null;
  employeeId: string | null;
  managerId: string | null;
  /**
   * First working day as Entra stores it (DateTimeOffset, UTC) or null. Seeded from the user's place in
   * the directory, not the PRNG, so adding it left every seed's other users as they were.
   */
  employeeHireDate: string | null;
  /** How the account signs in: its own UPN at this tenant, or a federated identity for B2B guests. */
  identities: UserIdentityRecord[];
}

export interface UserIdentityRecord {
  signInType: string;
  issuer: string;
  issuerAssignedId: string | null;
}

/** An administrative unit: a subset of users that a role can be scoped to. */
export interface AdministrativeUnitRecord {
  id: string;
  displayName: string;
  description: string;
  memberIds: Set<string>;
}

/** A built-in role assigned with an administrative-unit scope (never a directoryRole membership, never in wids). */
export interface ScopedRoleAssignment {
  role: RoleKey;
  administrativeUnitId: string;
}

/**
 * A custom role (unifiedRoleDefinition with isBuiltIn false). It never shows as a directoryRole nor in
 * wids; `tapRights` "non-admins" grants what an Authentication Administrator may do with passes.
 */
export interface CustomRoleRecord {
  id: string;
  displayName: string;
  description: string;
  tapRights: "non-admins";
}

export interface DirectoryRoleRecord {
  id: string;
  key: RoleKey;
  displayName: string;
  description: string;
  roleTemplateId: string;
}

export interface GroupRecord {
  id: string;
  displayName: string;
  mail: string;
  description: string;
}

export interface PassRecord {
  id: string;
  userId: string;
  value: string;
  createdAt: number;
  startAt: number;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

/** `reader-paa` holds Global Reader + Privileged Authentication Administrator: a PAA who can read the TAP policy. */
export type PersonaKey = "paa" | "aa" | "user" | "reader-paa" | "aa-sales" | "custom";
export const personaKeys: readonly PersonaKey[] = ["paa", "aa", "user", "reader-paa", "aa-sales", "custom"];

export interface SeededDirectory {
  seed: number;
  domain: string;
  users: DirectoryUserRecord[];
  roles: DirectoryRoleRecord[];
  /** userId → roles held (active assignments). */
  roleAssignments: Map<string, RoleKey[]>;
  groups: GroupRecord[];
  /** Group the policy targets when `policy.includeTarget` is "group". */
  tapGroup: GroupRecord;
  tapGroupMembers: Set<string>;
  /** Group the policy's excludeTargets points at (members come from `policy.excludeUsers`). */
  tapExcludedGroup: GroupRecord;
  personas: Record<PersonaKey, string>;
  passes: PassRecord[];
  administrativeUnits: AdministrativeUnitRecord[];
  /** userId → roles held with an administrative-unit scope. */
  scopedRoleAssignments: Map<string, ScopedRoleAssignment[]>;
  customRoles: CustomRoleRecord[];
  /** userId → custom role ids held (tenant-wide). */
  customRoleAssignments: Map<string, string[]>;
}

export interface SeedOptions {
  seed: number;
  userCount: number;
  domain?: string;
  /** Reference time for seeded passes (ms). */
  now: number;
}

/** The smallest directory that still holds every category (personas, each role, guests, passes…). */
export const minimumUserCount = 60;

const personaSpecs: Record<
  "paa" | "aa" | "user" | "reader-paa",
  { given: string; surname: string; title: string; department: string; roles: RoleKey[] }
> = {
  paa: { given: "Megan", surname: "Bowen", title: "Identity Operations Lead", department: "IT", roles: ["privilegedAuthAdmin"] },
  aa: { given: "Adele", surname: "Vance", title: "Service Desk Analyst", department: "IT", roles: ["authAdmin"] },
  user: { given: "Lee", surname: "Gu", title: "Account Executive", department: "Sales", roles: [] },
  "reader-paa": {
    given: "Nestor",
    surname: "Wilke",
    title: "Identity Governance Lead",
    department: "IT",
    roles: ["privilegedAuthAdmin", "globalReader"],
  },
};

/** Personas for roles that never show in wids nor as directoryRoles: an AU-scoped admin and a custom role. */
const extraPersonaSpecs: Record<"aa-sales" | "custom", { given: string; surname: string; title: string; department: string }> = {
  "aa-sales": { given: "Diego", surname: "Siciliani", title: "Sales Service Desk Analyst", department: "IT" },
  custom: { given: "Patti", surname: "Fernandez", title: "Helpdesk Agent", department: "IT" },
};

/** How many holders of each role a large tenant gets; small tenants get one each. */
const roleHolderCounts: [RoleKey[], number][] = [
  [["globalAdmin"], 3],
  [["privilegedAuthAdmin"], 2],
  [["authAdmin"], 4],
  [["helpdeskAdmin"], 6],
  [["userAdmin"], 4],
  [["passwordAdmin"], 4],
  [["reportsReader"], 4],
  [["groupsAdmin"], 3],
  [["privilegedRoleAdmin"], 2],
  [["globalReader"], 2],
  [["authPolicyAdmin"], 2],
  [["directoryReaders"], 3],
  [["guestInviter"], 2],
  [["messageCenterReader"], 2],
  [["userExperienceSuccessManager"], 1],
  [["usageSummaryReportsReader"], 1],
  [["passwordAdmin", "reportsReader"], 2],
  [["helpdeskAdmin", "reportsReader"], 1],
];

type Category =
  | { kind: "role"; roles: RoleKey[] }
  | { kind: "externalGuest" }
  | { kind: "internalGuest" }
  | { kind: "disabled" }
  | { kind: "pass"; state: "usable" | "expired" | "future" }
  | { kind: "member" };

const specialLetters: Record<string, string> = {
  ł: "l",
  Ł: "L",
  ø: "o",
  Ø: "O",
  æ: "ae",
  Æ: "AE",
  ß: "ss",
  đ: "d",
  Đ: "D",
  þ: "th",
  Þ: "Th",
  ð: "d",
  œ: "oe",
  ı: "i",
};

/** ASCII mail-safe local part: diacritics folded, spaces dropped; apostrophes and hyphens kept, as Entra allows. */
export function mailSafe(text: string): string {
  const replaced = [...text].map((c) => specialLetters[c] ?? c).join("");
  return replaced
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9'-]/g, "")
    .toLowerCase();
}

const passCharset = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789+!@#$%&*=?";

export function generatePassValue(length: number, random: (maxExclusive: number) => number): string {
  let value = "";
  for (let i = 0; i < length; i++) value += passCharset[random(passCharset.length)];
  return value;
}

function count(n: number, fraction: number, min: number): number {
  return Math.max(min, Math.round(n * fraction));
}

function buildCategories(n: number, prng: Prng): Category[] {
  const large = n >= 2000;
  const categories: Category[] = [];
  for (const [roles, holders] of roleHolderCounts) {
    const howMany = large ? holders : 1;
    for (let i = 0; i < howMany; i++) categories.push({ kind: "role", roles });
  }
  for (let i = 0; i < count(n, 0.02, 3); i++) categories.push({ kind: "externalGuest" });
  for (let i = 0; i < count(n, 0.01, 2); i++) categories.push({ kind: "internalGuest" });
  for (let i = 0; i < count(n, 0.03, 2); i++) categories.push({ kind: "disabled" });
  const passHolders = count(n, 0.05, 6);
  for (let i = 0; i < passHolders; i++) {
    const state = i % 5 < 2 ? "usable" : i % 5 < 4 ? "expired" : "future";
    categories.push({ kind: "pass", state });
  }
  // The first three personas count towards userCount; aa-sales and custom come on top (added last,
  // so every seed's directory stays as it was, fixtures included).
  const remaining = n - 3 - categories.length;
  if (remaining < 10) throw new Error(`userCount must be at least ${minimumUserCount}`);
  for (let i = 0; i < remaining; i++) categories.push({ kind: "member" });
  return shuffled(categories, prng);
}

export function seedDirectory(options: SeedOptions): SeededDirectory {
  const n = Math.max(minimumUserCount, Math.floor(options.userCount));
  const domain = options.domain ?? "contoso.example";
  const prng = createPrng(options.seed);
  const categories = buildCategories(n, prng);
  const usedUpns = new Set<string>();
  const users: DirectoryUserRecord[] = [];
  const roleAssignments = new Map<string, RoleKey[]>();
  const passes: PassRecord[] = [];
  const departmentHeads = new Map<string, string>();
  const baseCreated = Date.UTC(2019, 0, 1);

  const uniqueUpn = (local: string, at: string): string => {
    let candidate = `${local}@${at}`;
    for (let i = 2; usedUpns.has(candidate.toLowerCase()); i++) candidate = `${local}${i}@${at}`;
    usedUpns.add(candidate.toLowerCase());
    return candidate;
  };

  const addUser = (
    given: string,
    surname: string,
    category: Category,
    fixedTitle?: { title: string; department: string },
  ): DirectoryUserRecord => {
    const dept = fixedTitle
      ? (departments.find((d) => d.name === fixedTitle.department) ?? prng.pick(departments))
      : prng.pick(departments);
    const id = prng.guid();
    const displayName = `${given} ${surname}`;
    const local = `${mailSafe(given)}.${mailSafe(surname)}`;
    const created = new Date(baseCreated + prng.int(5 * 365 * 24 * 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const phone = `+1 425 555 ${String(prng.int(10000)).padStart(4, "0")}`;
    const isExternal = category.kind === "externalGuest";
    const isGuest = isExternal || category.kind === "internalGuest";
    let upn: string;
    let mail: string | null;
    const otherMails: string[] = [];
    if (isExternal) {
      const partner = prng.pick(partnerDomains);
      const home = `${local}@${partner}`;
      upn = uniqueUpn(`${local}_${partner}#EXT#`, domain);
      mail = home;
      otherMails.push(home);
    } else {
      upn = uniqueUpn(local, domain);
      mail = prng.chance(0.02) && !fixedTitle ? null : upn;
    }
    const title = fixedTitle?.title ?? (isExternal ? null : prng.pick(dept.titles));
    const department = isExternal ? null : dept.name;
    let managerId: string | null = null;
    if (!isGuest && department !== null) {
      const head = departmentHeads.get(department);
      if (head === undefined) departmentHeads.set(department, id);
      else managerId = head;
    }
    const pending = isExternal && prng.chance(0.35);
    const user: DirectoryUserRecord = {
      id,
      displayName,
      givenName: given,
      surname,
      userPrincipalName: upn,
      mail,
      mailNickname: upn.split("@")[0]?.replace(/#EXT#$/, "") ?? local,
      otherMails,
      jobTitle: title,
      department,
      officeLocation: isGuest ? null : prng.pick(officeLocations),
      businessPhones: isGuest ? [] : [phone],
      mobilePhone: prng.chance(0.4) ? `+1 206 555 ${String(prng.int(10000)).padStart(4, "0")}` : null,
      preferredLanguage: isExternal ? null : prng.pick(["en-US", "en-GB", "de-DE", "pl-PL", "da-DK", "pt-BR", "ja-JP", "fr-FR"]),
      accountEnabled: category.kind !== "disabled",
      userType: isGuest ? "Guest" : "Member",
      externalUserState: isExternal ? (pending ? "PendingAcceptance" : "Accepted") : null,
      externalUserStateChangeDateTime: isExternal ? created : null,
      creationType: isExternal ? "Invitation" : null,
      createdDateTime: created,
      usageLocation: prng.pick(usageLocations),
      companyName: isExternal ? null : "Contoso",
      employeeId: isGuest ? null : String(100000 + users.length),
      managerId,
      employeeHireDate: isGuest ? null : seedHireDate(users.length, options.now),
      identities: isExternal
        ? [{ signInType: "federated", issuer: pending ? "mail" : "ExternalAzureAD", issuerAssignedId: null }]
        : [{ signInType: "userPrincipalName", issuer: domain, issuerAssignedId: upn }],
    };
    users.push(user);
    if (category.kind === "role") roleAssignments.set(id, [...category.roles]);
    if (category.kind === "pass") passes.push(seedPass(user.id, category.state, options.now, prng));
    return user;
  };

  const personas = {} as Record<PersonaKey, string>;
  const addPersona = (key: keyof typeof personaSpecs) => {
    const spec = personaSpecs[key];
    const user = addUser(spec.given, spec.surname, spec.roles.length > 0 ? { kind: "role", roles: spec.roles } : { kind: "member" }, {
      title: spec.title,
      department: spec.department,
    });
    personas[key] = user.id;
  };
  for (const key of ["paa", "aa", "user"] as const) addPersona(key);
  // The last plain member makes room for the reader-paa persona, added last, so the user count and
  // every other seeded user stay as they were before this persona existed.
  let lastMember = -1;
  categories.forEach((category, index) => {
    if (category.kind === "member") lastMember = index;
  });
  categories.forEach((category, index) => {
    if (index !== lastMember) addUser(prng.pick(givenNames), prng.pick(surnames), category);
  });
  addPersona("reader-paa");

  const roles: DirectoryRoleRecord[] = (Object.keys(roleDefinitions) as RoleKey[]).map((key) => ({
    id: prng.guid(),
    key,
    displayName: roleDefinitions[key].displayName,
    roleTemplateId: roleDefinitions[key].roleTemplateId,
    description: `Members of this role can perform ${roleDefinitions[key].displayName} tasks (emulated).`,
  }));

  const groups: GroupRecord[] = groupNames.map((name) => ({
    id: prng.guid(),
    displayName: name,
    mail: `${mailSafe(name.replace(/&/g, "and"))}@${domain}`,
    description: `${name} (emulated group)`,
  }));
  const tapGroup: GroupRecord = {
    id: prng.guid(),
    displayName: "TAP Rollout",
    mail: `tap-rollout@${domain}`,
    description: "Users allowed to receive a Temporary Access Pass",
  };
  const tapExcludedGroup: GroupRecord = {
    id: prng.guid(),
    displayName: "TAP Excluded",
    mail: `tap-excluded@${domain}`,
    description: "Users excluded from Temporary Access Pass",
  };
  const tapGroupMembers = new Set<string>();
  for (const user of users) if (prng.chance(0.7)) tapGroupMembers.add(user.id);

  // Added last so that every user, role and group seeded above stays exactly as before.
  const salesUnit: AdministrativeUnitRecord = {
    id: prng.guid(),
    displayName: "Sales",
    description: "Sales department (emulated administrative unit)",
    memberIds: new Set(),
  };
  const customRole: CustomRoleRecord = {
    id: prng.guid(),
    displayName: "TAP Helpdesk (custom)",
    description: "Custom role: create, read and delete Temporary Access Passes for users without admin roles (emulated).",
    tapRights: "non-admins",
  };
  const scopedRoleAssignments = new Map<string, ScopedRoleAssignment[]>();
  const customRoleAssignments = new Map<string, string[]>();
  for (const key of ["aa-sales", "custom"] as const) {
    const spec = extraPersonaSpecs[key];
    const user = addUser(spec.given, spec.surname, { kind: "member" }, { title: spec.title, department: spec.department });
    personas[key] = user.id;
  }
  scopedRoleAssignments.set(personas["aa-sales"], [{ role: "authAdmin", administrativeUnitId: salesUnit.id }]);
  customRoleAssignments.set(personas.custom, [customRole.id]);
  for (const user of users) if (user.department === "Sales" && user.userType === "Member") salesUnit.memberIds.add(user.id);
  applyManagerGaps(users, new Set(Object.values(personas)));

  return {
    seed: options.seed,
    domain,
    users,
    roles,
    roleAssignments,
    groups,
    tapGroup,
    tapGroupMembers,
    tapExcludedGroup,
    personas,
    passes,
    administrativeUnits: [salesUnit],
    scopedRoleAssignments,
    customRoles: [customRole],
    customRoleAssignments,
  };
}

function seedPass(userId: string, state: "usable" | "expired" | "future", now: number, prng: Prng): PassRecord {
  const minute = 60_000;
  const value = generatePassValue(8, (max) => prng.int(max));
  const id = prng.guid();
  if (state === "usable") {
    const createdAt = now - (10 + prng.int(60)) * minute;
    return { id, userId, value, createdAt, startAt: createdAt, lifetimeInMinutes: 480, isUsableOnce: prng.chance(0.5) };
  }
  if (state === "expired") {
    const createdAt = now - (2 + prng.int(20)) * 24 * 60 * minute;
    return { id, userId, value, createdAt, startAt: createdAt, lifetimeInMinutes: 60, isUsableOnce: false };
  }
  const createdAt = now - (5 + prng.int(60)) * minute;
  return { id, userId, value, createdAt, startAt: now + (1 + prng.int(5)) * 24 * 60 * minute, lifetimeInMinutes: 120, isUsableOnce: true };
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * A deterministic spread of hire dates over members, by their place n in the directory: 3 in 10 have
 * none (null), 3 in 10 started in the past, 4 in 10 start 1–40 days after the tenant was created. HR
 * tools write the person's local midnight, so the instants vary: UTC midnight, Berlin's (23:00 the day
 * before) and New York's (05:00).
 */
export function seedHireDate(n: number, now: number): string | null {
  const kind = n % 10;
  if (kind < 3) return null;
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const day = kind < 6 ? today - (30 + (n % 700)) * DAY_MS : today + (1 + (n % 40)) * DAY_MS;
  const localMidnight = [0, -1, 5][n % 3] ?? 0;
  return new Date(day + localMidnight * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
