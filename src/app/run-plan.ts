import type { IssueTarget, RowView } from "../features/issuance/issuance-types";
import type { EffectivePolicy } from "../features/pass-settings/pass-policy";
import { planFirstDay } from "../features/pass-settings/first-day";
import { passRequestBody, validateOverrides } from "../features/pass-settings/pass-settings-logic";
import type { PreflightResult } from "../features/preflight/preflight-types";
import { selectTargets } from "../features/preflight/select-targets";
import { REPLACEABLE_VERDICTS } from "../features/preflight/verdicts";
import type { PreflightRow } from "../features/preflight/preflight-types";
import type { Candidate, PassSettings, ResultRow } from "../lib/tap/run-types";

/** What a run knows about each row, to label outcomes in the results without the engine's help. */
export interface RowLabel {
  line: number | null;
  identifier: string;
  displayName: string | null;
  userPrincipalName: string | null;
  /** The person's manager as the check read it (for the hand-off to managers); see ResultRow. */
  manager?: ResultRow["manager"];
  managerLookupFailure?: ResultRow["managerLookupFailure"];
  /** The zone this person's pass times are shown in (first-day starts only). */
  timeZone?: string;
  /** Sent although the account is disabled (the admin opted in); the results mark it. */
  accountDisabled?: boolean;
}

/** One row's start under "on each person's start date", as the check shows it. */
export interface RowStart {
  text: string;
  notes: string[];
  warnings: string[];
}

/** What "on each person's start date" decided across the run, for the check's headline. */
export interface FirstDayCounts {
  /** Not issued: no date in the file nor in Entra. */
  noDate: number;
  /** Not issued: the start date has passed (and the admin didn't choose to start those now). */
  past: number;
  /** Issued, starting now: the start date had passed and the admin chose so. */
  startingNow: number;
  /** Issued, with a warning: more than 60 days ahead. */
  farAhead: number;
  /** Issued, with a warning: the pass ends before an 8-hour working day does. */
  shortLifetime: number;
  /** Issued with the tenant's unreadable default lifetime, which ends the working day early if it is Microsoft's 1 hour. */
  shortDefaultLifetime: number;
  /** Issued at a moved time: the wall time doesn't exist or happens twice that day. */
  clockChange: number;
}

/** Copies what the check read of the person's manager onto their label. */
function labelManager(label: RowLabel | undefined, row: PreflightRow): void {
  // A row with no user found (404) has no manager to speak of, though Graph's manager read said 404 too.
  if (!label || !row.user) return;
  if (row.manager !== undefined) label.manager = row.manager;
  if (row.managerFailure) label.managerLookupFailure = row.managerFailure;
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
  /** Each issued row's start, when passes start on each person's start date. */
  starts: Map<string, RowStart>;
  /** Rows not issued because of their start date (also in `skipped`). */
  startRefused: Map<string, string>;
  /** Null unless passes start on each person's start date. */
  firstDay: FirstDayCounts | null;
  /** Rows whose file gives a start date that this run's start (Now or Later) doesn't use. */
  unusedStartDates: number;
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
    labelManager(label, row);
    skip(row.candidate.rowId, reason);
  }

  const starts = new Map<string, RowStart>();
  const startRefused = new Map<string, string>();
  const firstDay: FirstDayCounts | null = settings.firstDay
    ? { noDate: 0, past: 0, startingNow: 0, farAhead: 0, shortLifetime: 0, shortDefaultLifetime: 0, clockChange: 0 }
    : null;
  // Under first-day starts each row carries its own start; the run-level start is not sent.
  const runSettings: PassSettings = settings.firstDay ? { ...settings, startDateTime: null } : settings;

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
    labelManager(label, row);
    let overrides = row.candidate.overrides;
    if (settings.firstDay && firstDay) {
      const lifetime = overrides.lifetimeInMinutes ?? settings.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
      const start = planFirstDay(
        settings.firstDay,
        {
          overrides,
          employeeHireDate: user.employeeHireDate,
          lifetimeInMinutes: lifetime,
          lifetimeIsEstimate:
            overrides.lifetimeInMinutes === undefined && settings.lifetimeInMinutes === null && policy.source === "unknown",
        },
        nowMs,
      );
      if (label) label.timeZone = start.timeZone;
      if (start.kind === "refused") {
        if (start.code === "no-date") firstDay.noDate += 1;
        else firstDay.past += 1;
        startRefused.set(row.candidate.rowId, start.reason);
        skip(row.candidate.rowId, start.reason);
        continue;
      }
      if (start.kind === "own-start") starts.set(row.candidate.rowId, { text: start.note, notes: [], warnings: [] });
      else {
        if (start.startIso === null) firstDay.startingNow += 1;
        if (start.flags.farAhead) firstDay.farAhead += 1;
        if (start.flags.endsEarly === "known") firstDay.shortLifetime += 1;
        if (start.flags.endsEarly === "estimate") firstDay.shortDefaultLifetime += 1;
        if (start.notes.length > 0) firstDay.clockChange += 1;
        starts.set(row.candidate.rowId, { text: start.text, notes: start.notes, warnings: start.warnings });
        overrides = { ...overrides, startDateTime: start.startIso ?? undefined };
      }
    }
    const rowReason = validateOverrides(policy, overrides, { nowMs, lifetimeInMinutes: settings.lifetimeInMinutes });
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
    const plan = passRequestBody(policy, runSettings, overrides, nowMs);
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
  const unusedStartDates = settings.firstDay ? 0 : input.candidates.filter((c) => c.overrides.startDate !== undefined).length;
  return { targets, skipped, settingsRefused, disabledSent, labels, blocked, counts, starts, startRefused, firstDay, unusedStartDates };
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * The check's headline about first-day starts: what will not be issued and why, what to look at.
 * Empty when nothing needs the admin's eye.
 */
export function firstDaySummary(counts: FirstDayCounts | null, unusedStartDates = 0): string[] {
  if (counts === null) {
    return unusedStartDates > 0
      ? [
          `The file gives start dates for ${plural(unusedStartDates, "person", "people")}; they're not used unless you choose “On each person's start date” under When passes start.`,
        ]
      : [];
  }
  const out: string[] = [];
  if (counts.noDate > 0) {
    out.push(
      `${plural(counts.noDate, "person has", "people have")} no start date (not in the file, none in Entra): no pass. Add the dates to the file, or choose another start.`,
    );
  }
  if (counts.past > 0) {
    out.push(
      `${plural(counts.past, "start date has", "start dates have")} passed: no pass, unless you choose “Start now for people whose start date has passed”.`,
    );
  }
  if (counts.startingNow > 0)
    out.push(`${plural(counts.startingNow, "pass starts", "passes start")} now because the start date has passed, as you chose.`);
  if (counts.farAhead > 0) out.push(`${plural(counts.farAhead, "start is", "starts are")} more than 60 days ahead: check those dates.`);
  if (counts.shortLifetime > 0) {
    out.push(`${plural(counts.shortLifetime, "pass ends", "passes end")} before an 8-hour working day does: consider a longer lifetime.`);
  }
  if (counts.shortDefaultLifetime > 0) {
    out.push(
      `${plural(counts.shortDefaultLifetime, "pass lasts", "passes last")} your tenant's default lifetime, which TAP Desk can't read; if it is Microsoft's 1 hour, ${counts.shortDefaultLifetime === 1 ? "it ends" : "they end"} before an 8-hour working day does: consider choosing a longer lifetime.`,
    );
  }
  if (counts.clockChange > 0)
    out.push(`${plural(counts.clockChange, "start falls", "starts fall")} on a clock change; the row says when it starts.`);
  return out;
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
      ...(label?.manager !== undefined ? { manager: label.manager } : {}),
      ...(label?.managerLookupFailure ? { managerLookupFailure: label.managerLookupFailure } : {}),
      ...(label?.timeZone === undefined ? {} : { timeZone: label.timeZone }),
      ...(label?.accountDisabled ? { accountDisabled: true } : {}),
    };
  });
  const rerun = new Set(fromRun.map((row) => row.rowId));
  return sortResultRows([...earlier.filter((row) => !rerun.has(row.rowId)), ...fromRun]);
}
