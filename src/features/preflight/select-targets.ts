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
 * Users holding a usable or not-yet-valid pass are issued only when the admin chose to replace;
 * disabled accounts only when the admin chose to issue for them, and then as if they were enabled.
 */
export function selectTargets(
  result: PreflightResult,
  settings: Pick<PassSettings, "replaceUsablePasses" | "issueForDisabledAccounts">,
): TargetSelection {
  const targets: PreflightRow[] = [];
  const skipped: SkippedRow[] = [];
  let replacing = 0;
  for (const row of result.rows) {
    const disabled = row.verdict === "disabled";
    // A disabled account the admin opted in is judged by what it would be once enabled.
    const verdict = disabled && settings.issueForDisabledAccounts === true ? row.ifEnabled : row.verdict;
    const replaceable = verdict !== undefined && REPLACEABLE_VERDICTS.has(verdict);
    const issuable = verdict !== undefined && ISSUABLE_VERDICTS.has(verdict);
    const issue = (issuable || (replaceable && settings.replaceUsablePasses)) && row.user !== undefined;
    if (issue) {
      targets.push(row);
      if (replaceable) replacing += 1;
    } else if (replaceable) {
      const prefix = disabled ? "Account disabled, and already holds" : "Already holds";
      skipped.push({
        row,
        reason:
          verdict === "holds-usable-pass"
            ? `${prefix} a working pass; you chose to skip these users.`
            : `${prefix} a pass that starts later; you chose to skip these users.`,
      });
    } else {
      skipped.push({ row, reason: row.detail });
    }
  }
  return { targets, skipped, replacing };
}
