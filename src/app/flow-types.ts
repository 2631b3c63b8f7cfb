import type { IssuanceRun } from "../features/issuance/issuance-types";
import type { ResultRow, Candidate } from "../lib/tap/run-types";
import type { RowLabel } from "./run-plan";

/** Where a run's users came from. */
export type Source = { kind: "csv"; fileName: string } | { kind: "search" };

/** The users the admin picked, before the check. */
export interface Review {
  source: Source;
  candidates: Candidate[];
  /** Rows refused before preflight (invalid or duplicate CSV rows). */
  earlySkipped: ResultRow[];
}

/** A run in progress (or a retry of its failed rows). */
export interface Running {
  review: Review;
  run: IssuanceRun;
  /** Outcomes decided before the run (import, preflight, per-row policy checks). */
  decided: ResultRow[];
  labels: Map<string, RowLabel>;
  /** Outcomes from earlier rounds when retrying failures. */
  previous: ResultRow[] | null;
}
