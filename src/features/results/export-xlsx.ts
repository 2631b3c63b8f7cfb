import type { ResultRow } from "../../lib/tap/run-types";
import { accountColumn } from "../../domain/disabled-account";
import { fileTimestamp, formatLocalWithOffset, formatUtcIso } from "../../domain/format-time";
import {
  isRemoved,
  OUTCOME_LABEL,
  outcomeGraphAnswer,
  outcomeReason,
  outcomeRequestId,
  rowDisplayName,
  rowOutcomeLabel,
  rowReason,
  rowUpn,
  type PassLookup,
} from "./result-rows";
import { writeXlsx, type Sheet } from "./xlsx-writer";

export const PASSES_SHEET_HEADER = [
  "Line",
  "User",
  "Display name",
  "Temporary Access Pass",
  "Valid from (UTC)",
  "Valid until (UTC)",
  "Valid from (local)",
  "Valid until (local)",
  "One-time use",
  "Ticket",
  "Account",
] as const;

export const NOT_ISSUED_SHEET_HEADER = [
  "Line",
  "User",
  "Display name",
  "Outcome",
  "Reason",
  "Graph status",
  "Graph error code",
  "Graph inner error code",
  "Graph message",
  "Request ID",
  "Ticket",
] as const;

/**
 * The workbook's two sheets: every issued row with its pass, then every skipped or failed row with why.
 * All values are text, exactly as the CSV export writes them but never formula-neutralised: the
 * workbook holds no formulas, so "=7kP-9qR" stays "=7kP-9qR".
 */
export function buildWorkbookSheets(
  rows: readonly ResultRow[],
  lookup: PassLookup,
  options: { timeZone?: string; ticket?: string | null } = {},
): Sheet[] {
  const ticket = options.ticket ?? "";
  const line = (row: ResultRow) => (row.line === null ? "" : String(row.line));
  const passes: string[][] = [];
  const notIssued: string[][] = [];
  for (const row of rows) {
    if (row.outcome.kind === "issued" && isRemoved(row)) {
      // A removed pass no longer works: listed with the rows that hold no pass, marked "Removed".
      notIssued.push([line(row), rowUpn(row), rowDisplayName(row), rowOutcomeLabel(row), rowReason(row), "", "", "", "", ""]);
    } else if (row.outcome.kind === "issued") {
      const pass = lookup(row.rowId);
      passes.push([
        line(row),
        rowUpn(row, pass),
        rowDisplayName(row, pass),
        // An issued row whose value is no longer in memory stays listed, so no row silently disappears.
        pass?.value ?? "",
        pass ? formatUtcIso(pass.startDateTime) : "",
        pass ? formatUtcIso(pass.endDateTime) : "",
        pass ? formatLocalWithOffset(pass.startDateTime, options.timeZone) : "",
        pass ? formatLocalWithOffset(pass.endDateTime, options.timeZone) : "",
        pass ? (pass.isUsableOnce ? "Yes" : "No") : "",
        ticket,
        accountColumn(row),
      ]);
    } else {
      const { outcome } = row;
      const graph = outcomeGraphAnswer(outcome);
      notIssued.push([
        line(row),
        rowUpn(row),
        rowDisplayName(row),
        OUTCOME_LABEL[outcome.kind],
        outcomeReason(outcome),
        graph.status,
        graph.code,
        graph.innerCode,
        graph.message,
        outcomeRequestId(outcome),
        ticket,
      ]);
    }
  }
  return [
    { name: "Passes", rows: [[...PASSES_SHEET_HEADER], ...passes], widths: [8, 36, 28, 24, 22, 22, 26, 26, 12, 20, 40] },
    { name: "Skipped and failed", rows: [[...NOT_ISSUED_SHEET_HEADER], ...notIssued], widths: [8, 36, 28, 10, 60, 12, 30, 24, 60, 38, 20] },
  ];
}

export function workbookFileName(now: Date): string {
  return `tap-desk-passes-${fileTimestamp(now)}.xlsx`;
}

/** The workbook's bytes: both sheets, every cell text. */
export function buildWorkbook(rows: readonly ResultRow[], lookup: PassLookup, ticket: string | null = null): Uint8Array {
  return writeXlsx(buildWorkbookSheets(rows, lookup, { ticket }));
}
