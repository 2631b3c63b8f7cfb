import type { IssuedPass, ResultRow, RowOutcome } from "../../lib/tap/run-types";

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

/** The name a person is known by in this run: the UPN when known, else what the admin typed. */
export function rowUpn(row: ResultRow, pass?: IssuedPass): string {
  return row.userPrincipalName ?? pass?.userPrincipalName ?? row.identifier;
}

export function rowDisplayName(row: ResultRow, pass?: IssuedPass): string {
  return row.displayName ?? pass?.displayName ?? "";
}

/** Why a row was skipped or failed, with the Graph code and status when there is one. */
export function outcomeReason(outcome: RowOutcome): string {
  if (outcome.kind === "issued") return "";
  if (outcome.kind === "skipped") return outcome.reason;
  const details = [outcome.code, outcome.status === undefined ? undefined : `HTTP ${outcome.status}`].filter(Boolean);
  return details.length > 0 ? `${outcome.reason} (${details.join(", ")})` : outcome.reason;
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
