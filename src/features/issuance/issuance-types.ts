import type { CreateTemporaryAccessPassBody } from "../../lib/graph/types";
import type { LearnedPolicy, RowOutcome } from "../../lib/tap/run-types";

/** One user to issue a pass to, as preflight hands it to the engine. */
export interface IssueTarget {
  rowId: string;
  /** The user's object id (preferred, resolved in preflight) or raw, not yet encoded, UPN. */
  userKey: string;
  displayLabel: string;
  /** Copied into the IssuedPass; default to userKey / "" when unknown. */
  userId?: string;
  userPrincipalName?: string;
  body: CreateTemporaryAccessPassBody;
}

export interface ReissueChange {
  lifetimeInMinutes?: number;
  isUsableOnce?: true;
}

/** `stopped`: the run ended early because no further request could succeed (e.g. sign-in lost). */
export type RunStatus = "running" | "paused" | "cancelling" | "cancelled" | "stopped" | "completed";

/**
 * Where a row is: waiting its turn (`queued`), inside a request (`sending`), waiting to resend after
 * a failure (`retrying`), removing a pass nobody saw (`cleaning`), or finished (`done`).
 */
export type RowPhase = "queued" | "sending" | "retrying" | "cleaning" | "done";

/** What the UI shows for one row. Never holds a pass value (those live in the PassVault). */
export interface RowView {
  rowId: string;
  displayLabel: string;
  phase: RowPhase;
  /** Requests sent for this row so far. */
  attempts: number;
  /** Plain-language reason of the latest failed attempt, while the row is being retried. */
  lastProblem: string | null;
  outcome: RowOutcome | null;
}

export interface RunCounts {
  total: number;
  /** Waiting to be sent, including rows waiting to be resent. */
  queued: number;
  /** Inside a request right now (sending or cleaning up). */
  inFlight: number;
  issued: number;
  failed: number;
  skipped: number;
}

export interface ThrottleState {
  /** Epoch ms until which no new writes start because the service asked us to wait, else null. */
  waitingUntil: number | null;
  /** The pace the engine currently allows itself. */
  writesPerSecond: number;
  /** How many writes may be in flight at once right now. */
  inFlight: number;
  /** 429 answers seen so far in this run. */
  throttledResponses: number;
}

/** Immutable; replaced (not mutated) whenever something changed, at most ~10 times a second. */
export interface IssuanceSnapshot {
  status: RunStatus;
  counts: RunCounts;
  /** In input order. A row's object is replaced only when that row changed. */
  rows: readonly RowView[];
  /** Passes issued per second over the recent window. */
  passesPerSecond: number;
  /** Seconds until every row is done at the current pace, or null when unknown. */
  etaSeconds: number | null;
  throttle: ThrottleState;
  /** Why the run stopped early (status "stopped"), in plain words. */
  stopReason: string | null;
  /** What Entra's refusals taught this run about the tenant's policy. */
  learned: LearnedPolicy;
  startedAt: number;
  finishedAt: number | null;
}

export interface IssuanceRun {
  subscribe(listener: () => void): () => void;
  getSnapshot(): IssuanceSnapshot;
  /** No new request starts; in-flight ones finish. */
  pause(): void;
  resume(): void;
  /**
   * No new create starts; in-flight ones finish and count. Queued rows end "skipped". Rows whose
   * earlier attempt may have created an unseen pass are cleaned up (the only requests after cancel).
   */
  cancel(): void;
  /** A new run over only the rows that failed; only once this run has finished. */
  retryFailed(): IssuanceRun;
  /**
   * A new run over the rows Entra's policy refused (or that were not sent because it would have),
   * changed as the admin chose: rows refused for their lifetime get `lifetimeInMinutes`, multi-use
   * rows become one-time when `isUsableOnce` is true. Only once this run has finished.
   */
  reissueRefused(change: ReissueChange): IssuanceRun;
  /** Resolves with the final snapshot once every row has its outcome. */
  readonly finished: Promise<IssuanceSnapshot>;
}
