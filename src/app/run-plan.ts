import type { IssueTarget } from "../features/issuance/issuance-types";
import type { EffectivePolicy } from "../features/pass-settings/pass-policy";
import { passRequestBody } from "../features/pass-settings/pass-settings-logic";
import type { TargetSelection } from "../features/preflight/select-targets";
import type { Candidate, PassSettings, ResultRow } from "../lib/tap/run-types";

/** What a run knows about each row, to label outcomes in the results without the engine's help. */
export interface RowLabel {
  line: number | null;
  identifier: string;
  displayName: string | null;
  userPrincipalName: string | null;
}

export interface RunPlan {
  targets: IssueTarget[];
  /** Rows that will not be sent, each with its reason. */
  skipped: ResultRow[];
  labels: Map<string, RowLabel>;
}

/**
 * Turns the admin's review (preflight selection + settings) into engine targets. Rows whose own CSV
 * settings break the policy are skipped here, before any request, with the reason.
 */
export function planRun(
  candidates: readonly Candidate[],
  selection: TargetSelection,
  policy: EffectivePolicy,
  settings: PassSettings,
  nowMs: number,
): RunPlan {
  const labels = new Map<string, RowLabel>();
  for (const candidate of candidates) {
    labels.set(candidate.rowId, {
      line: candidate.line,
      identifier: candidate.identifier,
      displayName: candidate.user?.displayName ?? null,
      userPrincipalName: candidate.user?.userPrincipalName ?? null,
    });
  }
  const skipped: ResultRow[] = [];
  const skip = (rowId: string, reason: string) => {
    const label = labels.get(rowId);
    if (!label) return;
    skipped.push({ rowId, ...label, outcome: { kind: "skipped", reason } });
  };

  for (const { row, reason } of selection.skipped) {
    const label = labels.get(row.candidate.rowId);
    if (label && row.user) {
      label.displayName = row.user.displayName;
      label.userPrincipalName = row.user.userPrincipalName;
    }
    skip(row.candidate.rowId, reason);
  }

  const targets: IssueTarget[] = [];
  for (const row of selection.targets) {
    const user = row.user;
    if (!user) continue;
    const label = labels.get(row.candidate.rowId);
    if (label) {
      label.displayName = user.displayName;
      label.userPrincipalName = user.userPrincipalName;
    }
    const plan = passRequestBody(policy, settings, row.candidate.overrides, nowMs);
    if (!plan.ok) {
      skip(row.candidate.rowId, plan.reason);
      continue;
    }
    targets.push({
      rowId: row.candidate.rowId,
      userKey: user.id,
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      displayLabel: user.displayName ?? user.userPrincipalName,
      body: plan.body,
    });
  }
  return { targets, skipped, labels };
}

/** Every row of the run, in file order (search picks last, in the order picked). */
export function sortResultRows(rows: ResultRow[]): ResultRow[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.line ?? Number.MAX_SAFE_INTEGER) - (b.row.line ?? Number.MAX_SAFE_INTEGER) || a.index - b.index)
    .map(({ row }) => row);
}
