import type { IssueTarget, RowView } from "../features/issuance/issuance-types";
import type { EffectivePolicy } from "../features/pass-settings/pass-policy";
import { passRequestBody, validateOverrides } from "../features/pass-settings/pass-settings-logic";
import type { PreflightResult } from "../features/preflight/preflight-types";
import { selectTargets } from "../features/preflight/select-targets";
import { REPLACEABLE_VERDICTS } from "../features/preflight/verdicts";
import type { Candidate, PassSettings, ResultRow } from "../lib/tap/run-types";

/** What a run knows about each row, to label outcomes in the results without the engine's help. */
export interface RowLabel {
  line: number | null;
  identifier: string;
  displayName: string | null;
  userPrincipalName: string | null;
  /** Sent although the account is disabled (the admin opted in); the results mark it. */
  accountDisabled?: boolean;
}

/** The numbers the check, the Issue button and the results all show; `total` = the other three. */
export interface PlanCounts {
  /** Every input row: those refused while reading the file and every checked one. */
  total: number;
  willIssue: number;
  /** Checked and skipped: by the check's verdict or because the row's own settings can't be used. */
  skipped: number;
  refusedInFile: number;
  /** Of `willIssue`, how many replace a pass that still works or starts later. */
  replacing: number;
  /** Of `willIssue`, how many are disabled accounts (the admin chose to issue for them). */
  disabledAccounts: number;
}

export interface RunPlan {
  targets: IssueTarget[];
  /** Checked rows that will not be sent, each with its reason (rows refused in the file are not here). */
  skipped: ResultRow[];
  /** Rows the check found ready whose own CSV settings can't be used, with the reason (also in `skipped`). */
  settingsRefused: Map<string, string>;
  /** Rows that get a pass although the account is disabled, marked as such in the check and the results. */
  disabledSent: Set<string>;
  labels: Map<string, RowLabel>;
  /**
   * Why the run's own settings can't be sent (Later with no date, for example), or null. While set,
   * the rows that would get a pass are counted in `willIssue` but have no target: nothing may start.
   */
  blocked: string | null;
  counts: PlanCounts;
}

export interface PlanInput {
  candidates: readonly Candidate[];
  /** Rows refused while reading the file (invalid or duplicate CSV rows). */
  earlySkipped: readonly ResultRow[];
}

/**
 * The one place that decides who gets a pass: the check's verdicts, the admin's replace choice, and
 * each row's own CSV settings judged against the policy. The review's counts, the Issue button and
 * the run all come from this, so they cannot disagree.
 */
export function planRun(
  input: PlanInput,
  result: PreflightResult,
  policy: EffectivePolicy,
  settings: PassSettings,
  nowMs: number,
): RunPlan {
  const labels = new Map<string, RowLabel>();
  for (const candidate of input.candidates) {
    labels.set(candidate.rowId, {
      line: candidate.line,
      identifier: candidate.identifier,
      displayName: candidate.user?.displayName ?? null,
      userPrincipalName: candidate.user?.userPrincipalName ?? null,
    });
  }
  const selection = selectTargets(result, settings);
  const skipped: ResultRow[] = [];
  const settingsRefused = new Map<string, string>();
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
  let blocked: string | null = null;
  let held = 0;
  let replacing = 0;
  const disabledSent = new Set<string>();
  for (const row of selection.targets) {
    const user = row.user;
    if (!user) continue;
    const label = labels.get(row.candidate.rowId);
    if (label) {
      label.displayName = user.displayName;
      label.userPrincipalName = user.userPrincipalName;
    }
    const rowReason = validateOverrides(policy, row.candidate.overrides, { nowMs, lifetimeInMinutes: settings.lifetimeInMinutes });
    if (rowReason !== null) {
      settingsRefused.set(row.candidate.rowId, rowReason);
      skip(row.candidate.rowId, rowReason);
      continue;
    }
    if (REPLACEABLE_VERDICTS.has(row.verdict) || (row.ifEnabled !== undefined && REPLACEABLE_VERDICTS.has(row.ifEnabled))) replacing += 1;
    if (row.verdict === "disabled") {
      disabledSent.add(row.candidate.rowId);
      if (label) label.accountDisabled = true;
    }
    const plan = passRequestBody(policy, settings, row.candidate.overrides, nowMs);
    if (!plan.ok) {
      // The row's own settings are fine, so the run's are not: hold every such row, start nothing.
      blocked ??= plan.reason;
      held += 1;
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
  if (blocked !== null) {
    held += targets.length;
    targets.length = 0;
  }
  const counts: PlanCounts = {
    total: input.earlySkipped.length + input.candidates.length,
    willIssue: targets.length + held,
    skipped: skipped.length,
    refusedInFile: input.earlySkipped.length,
    replacing,
    disabledAccounts: disabledSent.size,
  };
  return { targets, skipped, settingsRefused, disabledSent, labels, blocked, counts };
}

/** True when two plans would send passes to exactly the same rows. */
export function sameTargets(a: RunPlan, b: RunPlan): boolean {
  return a.targets.length === b.targets.length && a.targets.every((target, index) => target.rowId === b.targets[index]?.rowId);
}

/** Every row of the run, in file order (search picks last, in the order picked). */
export function sortResultRows(rows: ResultRow[]): ResultRow[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.line ?? Number.MAX_SAFE_INTEGER) - (b.row.line ?? Number.MAX_SAFE_INTEGER) || a.index - b.index)
    .map(({ row }) => row);
}

/**
 * The results table after a run: every row the run handled, labelled as the check showed it, plus the
 * rows decided earlier (refused in the file, skipped by the check, or from an earlier round when
 * retrying, where a rerun row replaces its earlier outcome). Every input row ends in one outcome.
 */
export function resultRowsOf(
  labels: ReadonlyMap<string, RowLabel>,
  earlier: readonly ResultRow[],
  runRows: readonly RowView[],
): ResultRow[] {
  const fromRun: ResultRow[] = runRows.map((row) => {
    const label = labels.get(row.rowId);
    return {
      rowId: row.rowId,
      line: label?.line ?? null,
      identifier: label?.identifier ?? row.displayLabel,
      displayName: label?.displayName ?? row.displayLabel,
      userPrincipalName: label?.userPrincipalName ?? null,
      outcome: row.outcome ?? { kind: "failed", reason: "The run ended before this row was sent." },
      ...(label?.accountDisabled ? { accountDisabled: true } : {}),
    };
  });
  const rerun = new Set(fromRun.map((row) => row.rowId));
  return sortResultRows([...earlier.filter((row) => !rerun.has(row.rowId)), ...fromRun]);
}
