import type { PassOverrides } from "../../lib/tap/run-types";
import type { DateOrder, DateOrderFinding } from "./start-dates";

/**
 * Per-row settings that override the run's settings (columns `lifetimeInMinutes`, `isUsableOnce`,
 * `startDateTime`, a start date and `TimeZone`); `startDateTime` always carries an offset or `Z`, as the admin
 * wrote it; the start date is a calendar day (`2026-12-07`) and the zone an IANA name.
 */
export type RowOverrides = PassOverrides;

export type RowStatus = "valid" | "invalid" | "duplicate";

/** Machine-readable twin of `ImportRow.reason`, for filtering and tests. */
export type RowReasonCode =
  | "empty"
  | "quotes"
  | "line-too-long"
  | "too-long"
  | "local-part-too-long"
  | "control-character"
  | "whitespace"
  | "mailto"
  | "formula"
  | "leading-dollar"
  | "forbidden-character"
  | "dot-dot"
  | "hash"
  | "not-upn-or-guid"
  | "duplicate"
  | "bad-override";

export interface ImportRow {
  /** 1-based line in the file as the admin opened it (preamble and header lines count). */
  line: number;
  /** The row's text from the file, display-safe: control characters replaced, cut to 256 characters. */
  raw: string;
  /** The trimmed user cell (display-safe and cut like `raw` when invalid). */
  identifier: string;
  status: RowStatus;
  reason?: string;
  reasonCode?: RowReasonCode;
  overrides: RowOverrides;
  /** For duplicates: the line of the first valid occurrence. */
  duplicateOf?: number;
}

export type ImportEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1252";
export type ImportDelimiter = "," | ";" | "\t" | "|";

export type ImportShape =
  | "entra-bulk-create"
  | "entra-bulk-template"
  | "entra-user-export"
  | "powershell-export-csv"
  | "header-csv"
  | "headerless-csv"
  | "bare-list";

/** What a header names, after normalisation (case, spaces, Entra `[property]` brackets). */
export type ColumnRole = "upn" | "mail" | "id" | OverrideColumn;

/** Columns that carry a row's own settings. */
export type OverrideColumn = "lifetimeInMinutes" | "isUsableOnce" | "startDateTime" | "startDate" | "timeZone";

export interface ImportColumn {
  index: number;
  /** Header text as written (cleaned of BOM and outer spaces); `Column N` when the file has no header. */
  header: string;
  role: ColumnRole | null;
  /** Up to three non-empty values from the first rows, display-safe. */
  samples: string[];
  /** Share (0–1) of sampled non-empty values that are valid UPNs or GUIDs. */
  identifierShare: number;
}

export type PreambleKind = "entra-version" | "powershell-type" | "excel-sep" | "blank";

export interface PreambleLine {
  line: number;
  kind: PreambleKind;
  text: string;
}

export type ImportConfidence = "high" | "medium" | "low";

export interface ImportDetection {
  shape: ImportShape;
  /** e.g. `Entra "Bulk create users" template`. */
  shapeLabel: string;
  encoding: ImportEncoding;
  encodingLabel: string;
  /** Null when no delimiter appears (one column per line). */
  delimiter: ImportDelimiter | null;
  /** e.g. `comma`, `semicolon`, `tab`; `none (one column)` when no delimiter appears. */
  delimiterLabel: string;
  hasHeader: boolean;
  /** 1-based line of the header row, or null. */
  headerLine: number | null;
  preamble: PreambleLine[];
  columns: ImportColumn[];
  /** Column the user identifiers are read from; null when nothing fits and the admin must pick. */
  userColumn: number | null;
  userColumnHeader: string | null;
  confidence: ImportConfidence;
  /** True when the UI must ask the admin to pick the user column before going on. */
  needsColumnChoice: boolean;
  /** Column indexes worth offering in the picker, best first. */
  candidateColumns: number[];
  overrideColumns: Partial<Record<OverrideColumn, number>>;
  /** How the start-date column's slash dates are read; null when the file has no start-date column. */
  dateOrder: DateOrderDetection | null;
  /** Plain sentences for the admin (e.g. an id column that exists but is not used). */
  notes: string[];
  /** One line for the UI: shape · column · delimiter · encoding · header line · skipped lines. */
  summary: string;
}

export interface DateOrderDetection {
  finding: DateOrderFinding;
  /** The order rows were read with: the admin's choice, else what the file shows; null = not known yet. */
  order: DateOrder | null;
  chosenByAdmin: boolean;
  /** True while slash dates can be read two ways and the admin hasn't chosen: nothing may be checked yet. */
  needsChoice: boolean;
  /** "Start dates are read as day/month/year because of 25/12/2026 on line 14." */
  note: string | null;
}

export interface ImportCounts {
  /** Data rows (header, preamble and trailing blank lines excluded). */
  total: number;
  valid: number;
  invalid: number;
  duplicate: number;
  /** Valid rows carrying at least one override. */
  withOverrides: number;
}

export interface ImportResult {
  rows: ImportRow[];
  detection: ImportDetection;
  counts: ImportCounts;
}

export type ImportFileErrorCode = "empty" | "no-rows" | "not-text" | "workbook" | "too-large" | "unreadable" | "internal";

/** A file-level problem. A plain object (not an Error) so it survives postMessage. */
export interface ImportFileError {
  kind: "import-file-error";
  code: ImportFileErrorCode;
  /** Says what happened and what to do next, in words for the admin. */
  message: string;
}

export type ImportOutcome = { ok: true; result: ImportResult } | { ok: false; error: ImportFileError };

export type ImportPhase = "reading" | "decoding" | "parsing" | "validating";

export interface ImportProgress {
  phase: ImportPhase;
  /** 0–1 within the phase. */
  fraction: number;
}

export type ProgressCallback = (progress: ImportProgress) => void;

export function importFileError(code: ImportFileErrorCode, message: string): ImportFileError {
  return { kind: "import-file-error", code, message };
}

export function isImportFileError(value: unknown): value is ImportFileError {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "import-file-error";
}
