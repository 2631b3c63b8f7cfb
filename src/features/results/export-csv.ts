import type { ResultRow } from "../../lib/tap/run-types";
import { fileTimestamp, formatLocalWithOffset, formatUtcIso } from "./format-time";
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

/** A cell as it goes into the file; `verbatim` cells skip formula neutralisation (only pass values). */
interface CsvCell {
  text: string;
  verbatim?: boolean;
}

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
] as const;

/** The seed's PowerShell-style header, kept exactly so existing scripts keep working. */
export const SCRIPTS_CSV_HEADER = ["User Name", "Temporary Access Pass"] as const;

const BOM = "\uFEFF";
const CRLF = "\r\n";

/**
 * Spreadsheets run a cell starting with one of these as a formula (CSV injection). A leading
 * apostrophe makes Excel and Sheets show the text as text.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: every field quoted, quotes doubled. */
export function quoteField(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function toCsv(records: readonly (readonly CsvCell[])[]): string {
  const lines = records.map((cells) =>
    cells.map((cell) => quoteField(cell.verbatim ? cell.text : neutraliseFormula(cell.text))).join(","),
  );
  // UTF-8 with a BOM so Excel reads accents in names correctly; CRLF as RFC 4180 and Export-Csv do.
  return BOM + lines.map((line) => line + CRLF).join("");
}

const header = (names: readonly string[]): CsvCell[] => names.map((text) => ({ text }));

/** Our format: every row of the run with its outcome; values for issued rows still in memory. */
export function buildResultsCsv(rows: readonly ResultRow[], lookup: PassLookup, options: { timeZone?: string } = {}): string {
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

export function buildExport(kind: ExportKind, rows: readonly ResultRow[], lookup: PassLookup): string {
  return kind === "scripts" ? buildScriptsCsv(rows, lookup) : buildResultsCsv(rows, lookup);
}
