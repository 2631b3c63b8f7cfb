/**
 * The domain shared by every step of a run (import/search → preflight → settings → issue → results).
 * Features exchange these through the app layer, so they live here rather than in any one feature.
 */
import type { DirectoryUser, ManagerRef } from "../graph/types";

/** Per-row settings that override the run's settings (from CSV columns). */
export interface PassOverrides {
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
  startDateTime?: string;
  /** The person's first day (`2026-12-07`, a calendar day), used when the run starts passes on each start date. */
  startDate?: string;
  /** IANA zone for this person's start (`Europe/Berlin`), overriding the run's zone. */
  timeZone?: string;
}

/** One person the admin asked a pass for, before anything is known about them. */
export interface Candidate {
  /** Stable across the run; keys outcomes and the pass vault. */
  rowId: string;
  /** 1-based line in the CSV, or null when picked from search. */
  line: number | null;
  /** UPN or object id as given. */
  identifier: string;
  overrides: PassOverrides;
  /** When picked from search the user is already known. */
  user?: DirectoryUser;
}

/** The run's settings, chosen within the tenant policy. `null` lets the service apply the policy default. */
export interface PassSettings {
  lifetimeInMinutes: number | null;
  isUsableOnce: boolean | null;
  /** ISO 8601 UTC; null for "now"; "" for Later with no valid date and time yet, which blocks Issue. */
  startDateTime: string | null;
  /** Users holding a usable pass: skip them (default) or replace their pass. */
  replaceUsablePasses: boolean;
  /** Pre-staged (disabled) accounts: skip them (absent or false, the default) or issue them a pass for when they are enabled. */
  issueForDisabledAccounts?: boolean;
  /**
   * "On each person's start date at 07:30 in a zone": when set, each row's start comes from its own date
   * (CSV column, else Entra's employeeHireDate) and `startDateTime` is null. Absent or null = off.
   */
  firstDay?: FirstDayStart | null;
}

/** Start passes on each person's first day, at a wall-clock time in a zone. */
export interface FirstDayStart {
  /** `07:30`, 24-hour wall-clock time in the person's zone. */
  time: string;
  /** IANA zone used for rows without their own `TimeZone`. */
  timeZone: string;
  /** People whose start date has passed get a pass starting now (the admin's explicit choice) instead of none. */
  pastStartsNow: boolean;
}

/** A pass as issued: the only type that holds a pass value; instances live only in the PassVault. */
export interface IssuedPass {
  rowId: string;
  userId: string;
  userPrincipalName: string;
  displayName: string;
  value: string;
  methodId: string;
  createdDateTime: string;
  startDateTime: string;
  /** start + lifetime, ISO 8601 UTC. */
  endDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

/**
 * Why a row was refused by (or not sent because of) the tenant's TAP policy as learned from Entra,
 * so the results can offer to re-issue it within what Entra allows.
 */
export type PolicyRefusal = { kind: "lifetime"; requestedMinutes: number } | { kind: "multiUse" };

/** What a run learned about the tenant's policy from Entra's refusals (the policy itself is usually unreadable). */
export interface LearnedPolicy {
  /** From Graph's "valid range between {min} and {max}" answer; null until such an answer arrived. */
  lifetimeRange: { min: number; max: number } | null;
  /** A multi-use create was refused and none succeeded: the tenant likely forces one-time (not certain). */
  forcesOneTime: boolean;
}

export type RowOutcome =
  | {
      kind: "issued";
      /** The create's Graph request id, for the run's receipt; absent while the engine does not pass it on. */
      requestId?: string | null;
    }
  | { kind: "skipped"; reason: string }
  | {
      kind: "failed";
      /** Plain words, keyed on status and codes. */
      reason: string;
      /** Graph's own answer, kept beside the reason for admins and support. */
      code?: string;
      status?: number;
      requestId?: string | null;
      innerCode?: string | null;
      graphMessage?: string;
      policyRefusal?: PolicyRefusal;
    };

/**
 * What removing a row's pass ended in (after the run; the row's outcome stays "issued"):
 * `removed` — deleted; `replaced` — the user no longer held it, nothing deleted; `failed` — it may still work.
 */
export type RemovalOutcome =
  | { kind: "removed"; note?: string }
  | { kind: "replaced"; reason: string }
  | {
      kind: "failed";
      reason: string;
      status?: number;
      code?: string;
      innerCode?: string | null;
      requestId?: string | null;
      graphMessage?: string;
    };

/** One input row as the results view shows it: every row ends in exactly one outcome. */
export interface ResultRow {
  rowId: string;
  line: number | null;
  identifier: string;
  displayName: string | null;
  userPrincipalName: string | null;
  outcome: RowOutcome;
  /** Set once the admin asked to remove this row's pass. */
  removal?: RemovalOutcome;
  /**
   * IANA time zone this person's pass times are shown in (slips, e-mails, the check): their own
   * start-date zone when the run starts passes on each person's first day; absent = the browser's zone.
   */
  timeZone?: string;
  /** The person's manager as the check read it; null = Entra says none; absent = not looked up. */
  manager?: ManagerRef | null;
  /** Why the check could not read the manager (Graph's own words); `manager` is then absent. */
  managerLookupFailure?: { status: number; code: string; message: string; requestId: string | null };
  /** Sent although the account is disabled (the admin chose to): the pass works once it is enabled. */
  accountDisabled?: boolean;
}
