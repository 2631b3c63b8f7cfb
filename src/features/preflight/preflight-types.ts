import type { Candidate } from "../../lib/tap/run-types";
import type { DirectoryRole, DirectoryUser, ManagerRef } from "../../lib/graph/types";

/** What preflight concluded about one candidate, before any pass is created. */
export type PreflightVerdict =
  | "ready"
  | "holds-expired-pass"
  | "holds-usable-pass"
  | "holds-future-pass"
  | "not-found"
  | "disabled"
  | "external-guest"
  | "needs-privileged-admin"
  | "self"
  | "duplicate-user"
  | "lookup-failed";

/** A failed read, as much of it as the admin needs to see (GraphError fits this shape). */
export interface LookupFailure {
  /** HTTP status; 0 when no answer arrived (network, or the key was refused before sending). */
  status: number;
  code: string;
  message: string;
  requestId: string | null;
}

export type Lookup<T> = { ok: true; value: T } | { ok: false; failure: LookupFailure };

/** Everything preflight read about one candidate. `roles` is absent when roles were not checked. */
export interface CandidateLookup {
  user: Lookup<DirectoryUser>;
  passes?: Lookup<PassSummarySource[]>;
  roles?: Lookup<DirectoryRole[]>;
  /** The person's manager; `value` null = none set (Graph's 404). Absent when not read. */
  manager?: Lookup<ManagerRef | null>;
}

/** The fields of a listed pass that preflight reads (the pass value is never part of a listing). */
export interface PassSummarySource {
  id: string;
  createdDateTime?: string;
  startDateTime?: string | null;
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
  isUsable?: boolean;
  methodUsabilityReason?: string;
}

/** A user's existing pass, without its value. */
export interface ExistingPassSummary {
  id: string;
  createdDateTime: string | null;
  startDateTime: string | null;
  /** start + lifetime, ISO 8601 UTC, when both are known. */
  endDateTime: string | null;
  lifetimeInMinutes: number | null;
  isUsableOnce: boolean | null;
  isUsable: boolean;
  methodUsabilityReason: string | null;
}

export interface PreflightRow {
  candidate: Candidate;
  verdict: PreflightVerdict;
  user?: DirectoryUser;
  existingPass?: ExistingPassSummary;
  /** Admin roles that put the user out of reach (needs-privileged-admin only). */
  blockingRoles?: DirectoryRole[];
  /** For duplicate-user: the candidate this one repeats. */
  duplicateOf?: Candidate;
  /** For disabled: the verdict the row would have if the account were enabled (decides whether it can be sent). */
  ifEnabled?: PreflightVerdict;
  /** What TAP Desk suspects but leaves to Entra (e.g. "likely refused"); the row is still sent. Also in `detail`. */
  caution?: string;
  /** One plain sentence saying what happens to this row and why. */
  detail: string;
  /** The person's manager as read (null = none set); absent when not read or the read failed. */
  manager?: ManagerRef | null;
  /** Why the manager could not be read (Graph's words); the row is decided without it. */
  managerFailure?: LookupFailure;
}

export type VerdictCounts = Record<PreflightVerdict, number>;

export interface PreflightResult {
  /** In the candidates' order, one row per candidate. */
  rows: PreflightRow[];
  counts: VerdictCounts;
}

export interface PreflightProgress {
  resolved: number;
  total: number;
}
