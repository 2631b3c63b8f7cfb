import type { LearnedPolicy, ResultRow } from "../../lib/tap/run-types";

export interface RefusalSummary {
  /** Rows Entra refused, or that were not sent, for a lifetime outside the learned range. */
  lifetimeRows: number;
  /** Rows refused, or not sent, as multi-use where one-time looks forced. */
  multiUseRows: number;
}

export function summarizeRefusals(rows: readonly ResultRow[]): RefusalSummary {
  let lifetimeRows = 0;
  let multiUseRows = 0;
  for (const row of rows) {
    if (row.outcome.kind !== "failed" || !row.outcome.policyRefusal) continue;
    if (row.outcome.policyRefusal.kind === "lifetime") lifetimeRows += 1;
    else multiUseRows += 1;
  }
  return { lifetimeRows, multiUseRows };
}

/** Lifetimes to offer for a re-issue: the range's ends and the usual presets inside it, shortest first. */
export function lifetimeChoices(range: { min: number; max: number }): number[] {
  const candidates = [range.min, 60, 480, 1440, range.max];
  return [...new Set(candidates.filter((minutes) => minutes >= range.min && minutes <= range.max))].sort((a, b) => a - b);
}

/** Whether there is anything to say: something learned, or rows to offer again. */
export function hasRefusalNews(learned: LearnedPolicy, summary: RefusalSummary): boolean {
  return learned.lifetimeRange !== null || learned.forcesOneTime || summary.lifetimeRows + summary.multiUseRows > 0;
}
