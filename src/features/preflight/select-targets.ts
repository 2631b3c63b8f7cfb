import type { PassSettings } from "../../lib/tap/run-types";
import type { PreflightResult, PreflightRow } from "./preflight-types";
import { ISSUABLE_VERDICTS, REPLACEABLE_VERDICTS } from "./verdicts";

export interface SkippedRow {
  row: PreflightRow;
  /** Why no pass is issued, in words for the results table. */
  reason: string;
}

export interface TargetSelection {
  /** Rows to issue, in input order; each has a resolved `user`. */
  targets: PreflightRow[];
  /** Every other row, in input order. */
  skipped: SkippedRow[];
  /** How many targets replace a pass that still works or starts later. */
  replacing: number;
}

/**
 * Splits preflight rows into those to issue and those to skip: every candidate lands in exactly one.
 * Users holding a usable or not-yet-valid pass are issued only when the admin chose to replace.
 */
export function selectTargets(result: PreflightResult, settings: Pick<PassSettings, "replaceUsablePasses">): TargetSelection {
  const targets: PreflightRow[] = [];
  const skipped: SkippedRow[] = [];
  let replacing = 0;
  for (const row of result.rows) {
    const replaceable = REPLACEABLE_VERDICTS.has(row.verdict);
    const issue = (ISSUABLE_VERDICTS.has(row.verdict) || (replaceable && settings.replaceUsablePasses)) && row.user !== undefined;
    if (issue) {
      targets.push(row);
      if (replaceable) replacing += 1;
    } else if (replaceable) {
      skipped.push({
        row,
        reason:
          row.verdict === "holds-usable-pass"
            ? "Already holds a working pass; you chose to skip these users."
            : "Already holds a pass that starts later; you chose to skip these users.",
      });
    } else {
      skipped.push({ row, reason: row.detail });
    }
  }
  return { targets, skipped, replacing };
}
