import { randomUUID } from "node:crypto";
import { seedDirectory } from "./directory-seed.ts";
import { personaKeys } from "./directory-seed.ts";
import type { DirectoryUserRecord, PassRecord, ScopedRoleAssignment, SeededDirectory } from "./directory-seed.ts";
import { defaultKnobs, KnobError, mergeKnobs, TokenBucket } from "./knobs.ts";
import type { Knobs } from "./knobs.ts";
import { defaultPolicy, mergePolicy } from "./policy.ts";
import type { TapPolicy } from "./policy.ts";
import { createPrng } from "./prng.ts";
import type { Prng } from "./prng.ts";
import type { RoleKey } from "./roles.ts";
import type { AuditRecord } from "./graph/audit.ts";
import type { MailFailure, SentMailRecord } from "./graph/mail.ts";

export const defaultTenantId = "4c1e0a52-7d0e-4f37-9d3a-5a1b2c3d4e5f";
export const defaultClientId = "8e3f2a7b-6c1d-4e5f-9a0b-1c2d3e4f5a6b";
export const defaultSeed = 20240601;
export const defaultUserCount = 10_000;
/** The origin of `npm run dev`'s app, registered on tenants created without another. */
export const defaultAppOrigin = "http://localhost:5173";

/** What an admin following the README registers: the MSAL redirect bridge and the signed-out page. */
export function registeredUrisFor(appOrigin: string): string[] {
  const origin = new URL(appOrigin).origin;
  return [`${origin}/redirect.html`, `${origin}/?signed-out`];
}

export interface TenantOptions {
  tenantId?: string;
  clientId?: string;
  name?: string;
  userCount?: number;
  seed?: number;
  persona?: string;
  policy?: unknown;
  knobs?: unknown;
  /**
   * The app's origin on its registration: the SPA redirect URIs registered are `{appOrigin}/redirect.html` and
   * the post-logout `{appOrigin}/?signed-out`. Default: the server's app origin (http://localhost:5173, `npm run dev`).
   */
  appOrigin?: string | null;
  /** The registration's SPA redirect URIs, exact; replaces the two derived from appOrigin. */
  redirectUris?: string[];
  /** Delegated Graph permissions the registration has admin consent for; default `consentedScopes` in authority.ts. */
  consentedScopes?: string[];
  /** Test-only: give a few ordinary members markup in their directory strings (see `markupNames`). */
  markupNames?: boolean;
}

/**
 * Directory strings an attacker with a directory write could plant (a guest's self-chosen name, a
 * synced attribute). A test-only tenant option puts them on ordinary members so end-to-end tests can
 * prove the app renders them as text.
 */
export const markupNames = [
  { displayName: "<img src=x onerror=alert(1)>", jobTitle: "<script>alert(2)</script>", department: '"><svg onload=alert(3)>' },
  { displayName: "Zed <b>Bold</b> O'Hara", jobTitle: "javascript:alert(4)", department: "{{constructor.constructor('alert(5)')()}}" },
] as const;

/** What `GET /_emulator/tenants/{id}/sample` answers: UPNs per category, for tests to build CSVs. */
export interface Sample {
  ready: string[];
  outsidePolicy: string[];
  disabled: string[];
  externalGuests: string[];
  internalGuests: string[];
  privilegedAdmins: string[];
  limitedAdmins: string[];
  holdingUsablePass: string[];
  holdingExpiredPass: string[];
  holdingFuturePass: string[];
  personas: { paa: string; aa: string; user: string; "reader-paa": string; aaSales: string; custom: string };
  /** Members of the "Sales" administrative unit that are `ready` (the aa-sales persona may issue to them). */
  readyInSalesUnit: string[];
  /** `ready` users outside the "Sales" administrative unit (the aa-sales persona is refused for them). */
  readyOutsideSalesUnit: string[];
}

export interface LogEntry {
  seq: number;
  time: string;
  method: string;
  url: string;
  /** 0 when the connection was dropped instead of answered. */
  status: number;
  inBatch: boolean;
  userAgentIsBrowser?: boolean;
  fault?: string;
  tenantId?: string;
}

export interface AuthCodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | null;
  scopes: string[];
  userId: string;
  expiresAt: number;
}

export interface RefreshGrant {
  clientId: string;
  userId: string;
  expiresAt: number;
}

const maxLogEntries = 500_000;

export class RequestLog {
  private entries: LogEntry[] = [];
  private seq = 0;

  add(entry: Omit<LogEntry, "seq" | "time">): LogEntry {
    const full: LogEntry = { seq: ++this.seq, time: new Date().toISOString(), ...entry };
    this.entries.push(full);
    if (this.entries.length > maxLogEntries) this.entries.splice(0, this.entries.length - maxLogEntries);
    return full;
  }

  since(seq: number): LogEntry[] {
    return this.entries.filter((e) => e.seq > seq);
  }

  get lastSeq(): number {
    return this.seq;
  }
}

export class TenantState {
  readonly tenantId: string;
  readonly clientId: string;
  readonly name: string;
  readonly seed: number;
  readonly userCount: number;
  readonly appOrigin: string;
  /** The app registration's SPA redirect URIs (authorize and post-logout redirects must match one exactly). */
  readonly redirectUris: string[];
  /** null = the default consented set. */
  readonly consentedScopes: string[] | null;
  readonly markupNames: boolean;
  directory!: SeededDirectory;
  usersById = new Map<string, DirectoryUserRecord>();
  usersByUpn = new Map<string, DirectoryUserRecord>();
  passes = new Map<string, PassRecord>();
  creations = new Map<string, number>();
  /** Directory audit entries written by TAP creates and deletes (oldest first). */
  audits: AuditRecord[] = [];
  /** Messages `POST /me/sendMail` accepted (oldest first), for the control API. */
  sentMail: SentMailRecord[] = [];
  /** Recipients (lower-case address) whose sendMail the control API makes fail. */
  mailFailures = new Map<string, MailFailure>();
  personaUserId!: string;
  policy: TapPolicy;
  knobs: Knobs;
  readonly sessions = new Map<string, { userId: string }>();
  readonly codes = new Map<string, AuthCodeGrant>();
  readonly redeemedCodes = new Set<string>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly spentRefreshTokens = new Set<string>();
  readonly log = new RequestLog();
  private buckets = new Map<string, TokenBucket>();
  /** Drives latency, faults and batch order; seeded so runs are repeatable enough. */
  prng: Prng;
  /** The persona as last set (key, UPN or id), re-resolved after a reseed. */
  private personaSpec: string;

  constructor(options: TenantOptions) {
    this.tenantId = options.tenantId ?? randomUUID();
    this.clientId = options.clientId ?? randomUUID();
    this.name = options.name ?? "Contoso (emulated)";
    this.seed = options.seed ?? defaultSeed;
    this.userCount = options.userCount ?? defaultUserCount;
    this.appOrigin = options.appOrigin ?? defaultAppOrigin;
    this.redirectUris = options.redirectUris ?? registeredUrisFor(this.appOrigin);
    this.consentedScopes = options.consentedScopes ?? null;
    this.markupNames = options.markupNames ?? false;
    this.policy = options.policy === undefined ? defaultPolicy() : mergePolicy(defaultPolicy(), options.policy);
    this.knobs = options.knobs === undefined ? defaultKnobs() : mergeKnobs(defaultKnobs(), options.knobs);
    this.prng = createPrng(this.seed ^ 0x5eed);
    this.personaSpec = options.persona ?? "paa";
    this.reseed();
  }

  /** Rebuild the directory and passes from the seed; keeps policy, knobs and the log. */
  reseed(): void {
    this.directory = seedDirectory({ seed: this.seed, userCount: this.userCount, now: Date.now() });
    if (this.markupNames) this.plantMarkupNames();
    this.usersById = new Map(this.directory.users.map((u) => [u.id, u]));
    this.usersByUpn = new Map(this.directory.users.map((u) => [u.userPrincipalName.toLowerCase(), u]));
    this.passes = new Map(this.directory.passes.map((p) => [p.userId, { ...p }]));
    this.creations = new Map();
    this.audits = [];
    this.sentMail = [];
    this.buckets = new Map();
    this.prng = createPrng(this.seed ^ 0x5eed);
    this.sessions.clear();
    this.codes.clear();
    this.refreshTokens.clear();
    this.setPersona(this.personaSpec);
  }

  /** The first ordinary members (enabled, no role, no pass, not a persona) get the markup strings. */
  private plantMarkupNames(): void {
    const personaIds = new Set(Object.values(this.directory.personas));
    const withPass = new Set(this.directory.passes.map((pass) => pass.userId));
    const ordinary = this.directory.users.filter(
      (user) =>
        user.accountEnabled &&
        user.userType === "Member" &&
        !personaIds.has(user.id) &&
        !withPass.has(user.id) &&
        (this.directory.roleAssignments.get(user.id) ?? []).length === 0,
    );
    markupNames.forEach((strings, index) => {
      const user = ordinary[index];
      if (user) Object.assign(user, strings);
    });
  }

  setPersona(persona: string): void {
    const user = this.resolvePersona(persona);
    if (!user) throw new KnobError(`unknown persona ${persona} (use ${personaKeys.join(", ")}, or a UPN/id in the directory)`);
    this.personaUserId = user.id;
    this.personaSpec = persona;
  }

  resolvePersona(persona: string): DirectoryUserRecord | undefined {
    const key = personaKeys.find((k) => k === persona);
    if (key !== undefined) return this.usersById.get(this.directory.personas[key]);
    return this.findUser(persona);
  }

  findUser(idOrUpn: string): DirectoryUserRecord | undefined {
    return this.usersById.get(idOrUpn.toLowerCase()) ?? this.usersById.get(idOrUpn) ?? this.usersByUpn.get(idOrUpn.toLowerCase());
  }

  /** Active, tenant-wide built-in roles: the only ones that show as directoryRole memberships and in wids. */
  rolesOf(userId: string): RoleKey[] {
    return this.directory.roleAssignments.get(userId) ?? [];
  }

  /** Built-in roles held with an administrative-unit scope. */
  scopedRolesOf(userId: string): ScopedRoleAssignment[] {
    return this.directory.scopedRoleAssignments.get(userId) ?? [];
  }

  /** Custom roles held (tenant-wide). */
  customRolesOf(userId: string): SeededDirectory["customRoles"] {
    const ids = this.directory.customRoleAssignments.get(userId) ?? [];
    return this.directory.customRoles.filter((role) => ids.includes(role.id));
  }

  administrativeUnitsOf(userId: string): SeededDirectory["administrativeUnits"] {
    return this.directory.administrativeUnits.filter((unit) => unit.memberIds.has(userId));
  }

  excludedUserIds(): Set<string> {
    const ids = new Set<string>();
    for (const entry of this.policy.excludeUsers) {
      const user = this.findUser(entry);
      if (user) ids.add(user.id);
    }
    return ids;
  }

  /** Whether the policy's include/exclude targets cover this user (state is checked separately). */
  policyTargets(userId: string): boolean {
    if (this.excludedUserIds().has(userId)) return false;
    return this.policy.includeTarget === "all_users" || this.directory.tapGroupMembers.has(userId);
  }

  applyPatch(patch: { persona?: unknown; policy?: unknown; knobs?: unknown }): void {
    const policy = patch.policy === undefined ? this.policy : mergePolicy(this.policy, patch.policy);
    const knobs = patch.knobs === undefined ? this.knobs : mergeKnobs(this.knobs, patch.knobs);
    if (patch.persona !== undefined) {
      if (typeof patch.persona !== "string") throw new KnobError("persona must be a string");
      this.setPersona(patch.persona);
    }
    if (JSON.stringify(knobs.quota) !== JSON.stringify(this.knobs.quota)) this.buckets = new Map();
    this.policy = policy;
    this.knobs = knobs;
  }

  /** Takes one write from the app+tenant bucket. */
  takeWrite(appId: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const quota = this.knobs.quota;
    if (quota === null) return { ok: true };
    let bucket = this.buckets.get(appId);
    if (!bucket) {
      bucket = new TokenBucket(quota, now);
      this.buckets.set(appId, bucket);
    }
    return bucket.take(now);
  }

  recordCreation(userId: string): void {
    this.creations.set(userId, (this.creations.get(userId) ?? 0) + 1);
  }
}
