import type { IssuanceRun } from "../features/issuance/issuance-types";
import type { PassRecord, ReceiptSettings } from "../features/receipts/receipt";
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
  /** Fixed when Issue is pressed; retries keep them (they are the same run on the receipt). */
  receipt: RunReceiptStart;
  /** Metadata (never values) of the passes earlier rounds issued, for the receipt. */
  records: ReadonlyMap<string, PassRecord>;
}

/** What the receipt needs from the moment Issue was pressed. */
export interface RunReceiptStart {
  runId: string;
  startedAt: string;
  ticket: string | null;
  settings: ReceiptSettings;
}

/** A run (round) that ended: its rows, and what the receipt records of it. */
export interface Finished {
  rows: ResultRow[];
  records: ReadonlyMap<string, PassRecord>;
  endedAt: string;
}
