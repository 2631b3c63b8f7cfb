import { type CsvCell, toCsv } from "../../domain/csv-file";
import type { ResultRow } from "../../lib/tap/run-types";
import { accountColumn } from "../../domain/disabled-account";
import { fileTimestamp, formatLocalWithOffset, formatUtcIso } from "../../domain/format-time";
import {
  issuedWithValues,
  outcomeGraphAnswer,
  rowOutcomeLabel,
  rowReason,
  outcomeRequestId,
  rowDisplayName,
  rowUpn,
  type PassLookup,
} from "./result-rows";

export type ExportKind = "results" | "scripts";

export const RESULTS_CSV_HEADER = [
  "Line",
  "User",
  "Display name",
  "Outcome",
  "Temporary Access Pass",
  "Valid from (UTC)",
  "Valid until (UTC)",
  "Valid from (local)",
  "Valid until (local)",
  "One-time use",
  "Reason",
  "Request ID",
  // Graph's own answer for failed rows, for support; appended so existing columns keep their place.
  "Graph status",
  "Graph error code",
  "Graph inner error code",
  "Graph message",
  // The run's ticket / reference (same on every row), appended last for the same reason.
  "Ticket",
  // Marks a disabled (pre-staged) account the admin chose to issue for; appended for the same reason.
  "Account",
] as const;

/** The seed's PowerShell-style header, kept exactly so existing scripts keep working. */
export const SCRIPTS_CSV_HEADER = ["User Name", "Temporary Access Pass"] as const;

const header = (names: readonly string[]): CsvCell[] => names.map((text) => ({ text }));

/** Our format: every row of the run with its outcome; values for issued rows still in memory. */
export function buildResultsCsv(
  rows: readonly ResultRow[],
  lookup: PassLookup,
  options: { timeZone?: string; ticket?: string | null } = {},
): string {
  const records = rows.map((row): CsvCell[] => {
    const pass = row.outcome.kind === "issued" ? lookup(row.rowId) : undefined;
    const graph = outcomeGraphAnswer(row.outcome);
    return [
      { text: row.line === null ? "" : String(row.line) },
      { text: rowUpn(row, pass) },
      { text: rowDisplayName(row, pass) },
      { text: rowOutcomeLabel(row) },
      { text: pass?.value ?? "", verbatim: true },
      { text: pass ? formatUtcIso(pass.startDateTime) : "" },
      { text: pass ? formatUtcIso(pass.endDateTime) : "" },
      { text: pass ? formatLocalWithOffset(pass.startDateTime, options.timeZone) : "" },
      { text: pass ? formatLocalWithOffset(pass.endDateTime, options.timeZone) : "" },
      { text: pass ? (pass.isUsableOnce ? "Yes" : "No") : "" },
      { text: rowReason(row) },
      { text: outcomeRequestId(row.outcome) },
      { text: graph.status },
      { text: graph.code },
      { text: graph.innerCode },
      { text: graph.message },
      { text: options.ticket ?? "" },
      { text: accountColumn(row) },
    ];
  });
  return toCsv([header(RESULTS_CSV_HEADER), ...records]);
}

/** The two-column format scripts written for the old PowerShell tool expect: issued rows only. */
export function buildScriptsCsv(rows: readonly ResultRow[], lookup: PassLookup): string {
  const records = issuedWithValues(rows, lookup).map(({ row, pass }): CsvCell[] => [
    { text: pass.userPrincipalName || rowUpn(row) },
    { text: pass.value, verbatim: true },
  ]);
  return toCsv([header(SCRIPTS_CSV_HEADER), ...records]);
}

export function exportFileName(kind: ExportKind, now: Date): string {
  const stamp = fileTimestamp(now);
  return kind === "scripts" ? `tap-desk-passes-for-scripts-${stamp}.csv` : `tap-desk-passes-${stamp}.csv`;
}

export function buildExport(kind: ExportKind, rows: readonly ResultRow[], lookup: PassLookup, ticket: string | null = null): string {
  // The scripts format stays exactly two columns: existing scripts read it by position.
  return kind === "scripts" ? buildScriptsCsv(rows, lookup) : buildResultsCsv(rows, lookup, { ticket });
}
