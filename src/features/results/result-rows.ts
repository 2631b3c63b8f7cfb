import type { IssuedPass, RemovalOutcome, ResultRow, RowOutcome } from "../../lib/tap/run-types";

/** Reads a pass value at the moment it is needed; the vault's `get`, so nothing else holds values. */
export type PassLookup = (rowId: string) => IssuedPass | undefined;

export type OutcomeKind = RowOutcome["kind"];
export type OutcomeFilter = OutcomeKind | "all";

export type OutcomeCounts = Record<OutcomeKind, number> & { all: number };

export const OUTCOME_LABEL: Record<OutcomeKind, string> = {
  issued: "Issued",
  skipped: "Skipped",
  failed: "Failed",
};

export function countOutcomes(rows: readonly ResultRow[]): OutcomeCounts {
  const counts: OutcomeCounts = { all: rows.length, issued: 0, skipped: 0, failed: 0 };
  for (const row of rows) counts[row.outcome.kind] += 1;
  return counts;
}

export function filterRows(rows: readonly ResultRow[], filter: OutcomeFilter): readonly ResultRow[] {
  return filter === "all" ? rows : rows.filter((row) => row.outcome.kind === filter);
}

export const REMOVAL_LABEL: Record<RemovalOutcome["kind"], string> = {
  removed: "Removed",
  replaced: "Already replaced",
  failed: "Not removed",
};

/** The outcome word for a row in exports: a removed or replaced pass says so; a failed removal leaves "Issued". */
export function rowOutcomeLabel(row: ResultRow): string {
  if (row.removal && row.removal.kind !== "failed") return REMOVAL_LABEL[row.removal.kind];
  return OUTCOME_LABEL[row.outcome.kind];
}

/** The row's reason, with what removing its pass ended in. */
export function rowReason(row: ResultRow): string {
  const { removal } = row;
  if (!removal) return outcomeReason(row.outcome);
  if (removal.kind === "removed") return removal.note ? `Removed by TAP Desk. ${removal.note}` : "Removed by TAP Desk.";
  return removal.reason;
}

/** The pass's row no longer holds a working pass from this run. */
export function isRemoved(row: ResultRow): boolean {
  return row.removal !== undefined && row.removal.kind !== "failed";
}

/** The name a person is known by in this run: the UPN when known, else what the admin typed. */
export function rowUpn(row: ResultRow, pass?: IssuedPass): string {
  return row.userPrincipalName ?? pass?.userPrincipalName ?? row.identifier;
}

export function rowDisplayName(row: ResultRow, pass?: IssuedPass): string {
  return row.displayName ?? pass?.displayName ?? "";
}

/** Why a row was skipped or failed, in plain words (Graph's own answer is in outcomeGraphAnswer). */
export function outcomeReason(outcome: RowOutcome): string {
  return outcome.kind === "issued" ? "" : outcome.reason;
}

/** Graph's own answer for a failed row, as support needs it: status, code, inner code, message. */
export interface GraphAnswer {
  status: string;
  code: string;
  innerCode: string;
  message: string;
}

export function outcomeGraphAnswer(outcome: RowOutcome): GraphAnswer {
  if (outcome.kind !== "failed") return { status: "", code: "", innerCode: "", message: "" };
  return {
    status: outcome.status === undefined || outcome.status === 0 ? "" : String(outcome.status),
    code: outcome.code ?? "",
    innerCode: outcome.innerCode ?? "",
    message: outcome.graphMessage ?? "",
  };
}

/** "Graph 403 Authorization_RequestDenied (inner …): “Insufficient privileges…”", or "" when Graph said nothing. */
export function graphAnswerText(outcome: RowOutcome): string {
  const answer = outcomeGraphAnswer(outcome);
  if (!answer.status && !answer.code && !answer.message) return "";
  const head = ["Graph", answer.status, answer.code, answer.innerCode ? `(inner ${answer.innerCode})` : ""].filter(Boolean).join(" ");
  return answer.message ? `${head}: “${answer.message}”` : head;
}

export function outcomeRequestId(outcome: RowOutcome): string {
  return outcome.kind === "failed" ? (outcome.requestId ?? "") : "";
}

/** Rows issued a pass whose value is still in memory, in the order of the run. */
export function issuedWithValues(rows: readonly ResultRow[], lookup: PassLookup): { row: ResultRow; pass: IssuedPass }[] {
  const found: { row: ResultRow; pass: IssuedPass }[] = [];
  for (const row of rows) {
    if (row.outcome.kind !== "issued") continue;
    const pass = lookup(row.rowId);
    if (pass) found.push({ row, pass });
  }
  return found;
}

/** "Copy all": one `UPN<TAB>pass` line per issued row, ready to paste into a spreadsheet or ticket. */
export function copyAllText(rows: readonly ResultRow[], lookup: PassLookup): string {
  return issuedWithValues(rows, lookup)
    .map(({ row, pass }) => `${pass.userPrincipalName || rowUpn(row)}\t${pass.value}`)
    .join("\r\n");
}
