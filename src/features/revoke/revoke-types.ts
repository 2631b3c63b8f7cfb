import type { RemovalOutcome } from "../../lib/tap/run-types";

/**
 * One pass to remove. Anything that knows which pass it issued can feed a revoke run: the results
 * of this run (from the vault), or later a receipt file (it holds user and method ids, no values).
 */
export interface RevokeTarget {
  /** The caller's key for the row (a results row id, a receipt line); outcomes come back under it. */
  key: string;
  /** The user's object id. */
  userId: string;
  /** The pass's authentication method id, as Graph answered the create. */
  methodId: string;
  /** Who, in words (UPN or name), for progress and outcomes. */
  label: string;
}

/** Graph's own answer for a removal that failed, kept beside the plain reason. */
export type GraphAnswerDetails = Omit<Extract<RemovalOutcome, { kind: "failed" }>, "kind" | "reason">;

/**
 * Every target ends in exactly one of these:
 * - `removed`: this run deleted the pass (or its first answer was lost and the pass is gone).
 * - `replaced`: the user no longer holds this pass (replaced or removed elsewhere): nothing deleted.
 * - `failed`: the pass may still work (refused, gave up, cancelled before it was sent).
 */
export type RevokeOutcome = RemovalOutcome;

export type RevokePhase = "queued" | "checking" | "removing" | "retrying" | "done";

export interface RevokeRowView {
  key: string;
  label: string;
  phase: RevokePhase;
  lastProblem: string | null;
  outcome: RevokeOutcome | null;
}

export type RevokeStatus = "running" | "cancelling" | "cancelled" | "stopped" | "completed";

export interface RevokeSnapshot {
  status: RevokeStatus;
  rows: RevokeRowView[];
  counts: { total: number; done: number; removed: number; replaced: number; failed: number };
  /** Why the run stopped early (e.g. the sign-in was lost), in plain words. */
  stopReason: string | null;
  /** Epoch ms until which nothing is sent because Graph asked to wait, else null. */
  waitingUntil: number | null;
}

export interface RevokeRun {
  getSnapshot: () => RevokeSnapshot;
  subscribe: (listener: () => void) => () => void;
  /** Nothing more is sent; removals already in flight finish and report. */
  cancel: () => void;
  finished: Promise<RevokeSnapshot>;
}
