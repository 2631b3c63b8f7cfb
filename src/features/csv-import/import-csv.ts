import {
  importFileError,
  isImportFileError,
  type DateOrderDetection,
  type ImportCounts,
  type ImportDelimiter,
  type ImportDetection,
  type ImportEncoding,
  type ImportFileError,
  type ImportOutcome,
  type ImportResult,
  type ImportRow,
  type PreambleLine,
  type ProgressCallback,
  type RowOverrides,
} from "./import-types";
import { decodeImportBytes, ENCODING_LABELS } from "./decode-bytes";
import { tokenizeCsv, type CsvRecord } from "./csv-tokenizer";
import {
  cleanCell,
  DELIMITER_LABELS,
  detectColumns,
  detectDelimiter,
  detectShape,
  displaySafe,
  scanPreamble,
  SHAPE_LABELS,
  type ColumnDetection,
} from "./detect-shape";
import { checkUserIdentifier, identifierKey } from "./user-identifier";
import { parseIsUsableOnce, parseLifetimeInMinutes, parseStartDateTime } from "./row-overrides";
import { describeDateOrder, findDateOrder, parseStartDate, parseTimeZone, slashParts, type DateOrder } from "./start-dates";

/** NUL never survives decoding (files with NUL are refused), so it works as "no delimiter". */
const NO_DELIMITER = "\u0000";

/** Everything read from a file before rows are extracted; `extractRows` turns it into an `ImportResult`. */
export interface ImportTable {
  text: string;
  encoding: ImportEncoding;
  preamble: PreambleLine[];
  delimiter: ImportDelimiter | null;
  /** Records after the preamble, header included, trailing blank lines dropped. */
  records: CsvRecord[];
  columns: ColumnDetection;
}

function isBlankRecord(record: CsvRecord): boolean {
  return record.problem === undefined && record.fields.every((f) => cleanCell(f) === "");
}

/** Decode, find preamble/delimiter/header/user column, and split into records. Pure. */
export function readImportTable(bytes: Uint8Array, onProgress?: ProgressCallback): ImportTable | ImportFileError {
  onProgress?.({ phase: "decoding", fraction: 0 });
  const decoded = decodeImportBytes(bytes);
  if (isImportFileError(decoded)) return decoded;
  onProgress?.({ phase: "decoding", fraction: 1 });
  return readImportText(decoded.text, decoded.encoding, onProgress);
}

export function readImportText(text: string, encoding: ImportEncoding, onProgress?: ProgressCallback): ImportTable | ImportFileError {
  const pre = scanPreamble(text);
  const delimiter = pre.declaredDelimiter ?? detectDelimiter(text, pre.offset);
  const records = tokenizeCsv(text, {
    delimiter: delimiter ?? NO_DELIMITER,
    start: pre.offset,
    startLine: pre.line,
    onProgress: onProgress === undefined ? undefined : (fraction) => onProgress({ phase: "parsing", fraction }),
  });
  while (records.length > 0 && isBlankRecord(records[records.length - 1] as CsvRecord)) records.pop();

  if (records.length === 0) {
    return importFileError("no-rows", "The file has no users in it — only heading lines. Add one user per line and try again.");
  }
  const columns = detectColumns(records);
  if (columns.hasHeader && records.length === 1) {
    return importFileError(
      "no-rows",
      "The file has a header row but no users under it. Add one user per line below the header and try again.",
    );
  }
  return { text, encoding, preamble: pre.preamble, delimiter, records, columns };
}

const QUOTES_REASON = 'unbalanced or misplaced quote (") on this line — fix the quotes in the file and import again';

function rowReasonForProblem(record: CsvRecord): Pick<ImportRow, "reason" | "reasonCode"> {
  return record.problem === "quotes"
    ? { reason: QUOTES_REASON, reasonCode: "quotes" }
    : { reason: `line too long (${(record.end - record.start).toLocaleString("en-US")} characters)`, reasonCode: "line-too-long" };
}

export interface ExtractOptions {
  /** The admin's pick from the column picker; overrides detection. */
  columnIndex?: number;
  /** The admin's answer to "how does this file write dates?"; overrides what the file shows. */
  dateOrder?: DateOrder;
  onProgress?: ProgressCallback;
}

/** How the start-date column's slash dates are read: the admin's choice, else what the file shows. */
function decideDateOrder(table: ImportTable, column: number | undefined, chosen: DateOrder | undefined): DateOrderDetection | null {
  if (column === undefined) return null;
  const dataStart = table.columns.hasHeader ? 1 : 0;
  function* cells() {
    for (let i = dataStart; i < table.records.length; i++) {
      const record = table.records[i] as CsvRecord;
      if (record.problem === undefined) yield { line: record.line, value: cleanCell(record.fields[column as number]) };
    }
  }
  const finding = findDateOrder(cells());
  const order = chosen ?? (finding.kind === "decided" ? finding.order : null);
  const needsChoice = order === null && (finding.kind === "ambiguous" || finding.kind === "mixed");
  return { finding, order, chosenByAdmin: chosen !== undefined, needsChoice, note: describeDateOrder(finding, chosen) };
}

/** Rows from a read table, validated. Pure: call again with `columnIndex` after the admin picks a column. */
export function extractRows(table: ImportTable, options: ExtractOptions = {}): ImportResult {
  const detected = table.columns;
  const chosen =
    options.columnIndex !== undefined &&
    Number.isInteger(options.columnIndex) &&
    options.columnIndex >= 0 &&
    options.columnIndex < detected.columns.length
      ? options.columnIndex
      : undefined;
  const userColumn = chosen ?? detected.userColumn;
  const { overrideColumns } = detected;
  const chosenOrder = options.dateOrder === "day-first" || options.dateOrder === "month-first" ? options.dateOrder : undefined;
  const dateOrder = decideDateOrder(table, overrideColumns.startDate, chosenOrder);

  const rows: ImportRow[] = [];
  const firstValidLine = new Map<string, number>();
  const counts: ImportCounts = { total: 0, valid: 0, invalid: 0, duplicate: 0, withOverrides: 0 };
  const dataStart = detected.hasHeader ? 1 : 0;
  const total = table.records.length - dataStart;

  if (userColumn !== null) {
    for (let i = dataStart; i < table.records.length; i++) {
      const record = table.records[i] as CsvRecord;
      const raw = displaySafe(table.text.slice(record.start, Math.min(record.end, record.start + 1024)));
      if (record.problem !== undefined) {
        rows.push({ line: record.line, raw, identifier: "", status: "invalid", overrides: {}, ...rowReasonForProblem(record) });
      } else {
        rows.push(validateRecord(record, raw, userColumn, overrideColumns, dateOrder?.order ?? null, firstValidLine));
      }
      if (options.onProgress !== undefined && (i - dataStart) % 5000 === 0) {
        options.onProgress({ phase: "validating", fraction: (i - dataStart) / Math.max(1, total) });
      }
    }
  }
  for (const row of rows) {
    counts.total++;
    if (row.status === "valid") {
      counts.valid++;
      if (Object.keys(row.overrides).length > 0) counts.withOverrides++;
    } else if (row.status === "duplicate") counts.duplicate++;
    else counts.invalid++;
  }
  options.onProgress?.({ phase: "validating", fraction: 1 });

  return { rows, counts, detection: buildDetection(table, userColumn, chosen !== undefined, dateOrder) };
}

function validateRecord(
  record: CsvRecord,
  raw: string,
  userColumn: number,
  overrideColumns: ColumnDetection["overrideColumns"],
  dateOrder: DateOrder | null,
  firstValidLine: Map<string, number>,
): ImportRow {
  const cell = cleanCell(record.fields[userColumn]);
  const check = checkUserIdentifier(cell);
  if (!check.ok) {
    return {
      line: record.line,
      raw,
      identifier: displaySafe(cell),
      status: "invalid",
      reason: check.reason,
      reasonCode: check.code,
      overrides: {},
    };
  }

  const overrides: RowOverrides = {};
  const problems: string[] = [];
  if (overrideColumns.lifetimeInMinutes !== undefined) {
    const r = parseLifetimeInMinutes(cleanCell(record.fields[overrideColumns.lifetimeInMinutes]));
    if (!r.ok) problems.push(r.reason);
    else if (r.value !== undefined) overrides.lifetimeInMinutes = r.value;
  }
  if (overrideColumns.isUsableOnce !== undefined) {
    const r = parseIsUsableOnce(cleanCell(record.fields[overrideColumns.isUsableOnce]));
    if (!r.ok) problems.push(r.reason);
    else if (r.value !== undefined) overrides.isUsableOnce = r.value;
  }
  if (overrideColumns.startDateTime !== undefined) {
    const r = parseStartDateTime(cleanCell(record.fields[overrideColumns.startDateTime]));
    if (!r.ok) problems.push(r.reason);
    else if (r.value !== undefined) overrides.startDateTime = r.value;
  }
  if (overrideColumns.startDate !== undefined) {
    const cell = cleanCell(record.fields[overrideColumns.startDate]);
    // Until the admin says how the file writes dates, a slash date is neither read nor refused (nothing can be checked meanwhile).
    if (dateOrder !== null || slashParts(cell) === null) {
      const r = parseStartDate(cell, dateOrder);
      if (!r.ok) problems.push(r.reason);
      else if (r.value !== undefined) overrides.startDate = r.value;
    }
  }
  if (overrideColumns.timeZone !== undefined) {
    const r = parseTimeZone(cleanCell(record.fields[overrideColumns.timeZone]));
    if (!r.ok) problems.push(r.reason);
    else if (r.value !== undefined) overrides.timeZone = r.value;
  }

  const key = identifierKey(check.value);
  const earlier = firstValidLine.get(key);
  if (earlier !== undefined) {
    return {
      line: record.line,
      raw,
      identifier: check.value,
      status: "duplicate",
      reason: `duplicate of line ${earlier}`,
      reasonCode: "duplicate",
      duplicateOf: earlier,
      overrides,
    };
  }
  if (problems.length > 0) {
    return {
      line: record.line,
      raw,
      identifier: check.value,
      status: "invalid",
      reason: problems.join("; "),
      reasonCode: "bad-override",
      overrides,
    };
  }
  // Only a valid row claims the identifier, so a later good copy of a broken row still gets through.
  firstValidLine.set(key, record.line);
  return { line: record.line, raw, identifier: check.value, status: "valid", overrides };
}

function buildDetection(
  table: ImportTable,
  userColumn: number | null,
  chosenByAdmin: boolean,
  dateOrder: DateOrderDetection | null,
): ImportDetection {
  const c = table.columns;
  const headerRecord = c.hasHeader ? table.records[0] : undefined;
  const headerCells = headerRecord?.fields.map(cleanCell) ?? [];
  const shape = detectShape(table.preamble, c.hasHeader, headerCells, c.columns.length);
  const userColumnHeader = userColumn === null ? null : (c.columns[userColumn]?.header ?? null);
  const detection: ImportDetection = {
    shape,
    shapeLabel: SHAPE_LABELS[shape],
    encoding: table.encoding,
    encodingLabel: ENCODING_LABELS[table.encoding],
    delimiter: table.delimiter,
    delimiterLabel: table.delimiter === null ? "none (one column)" : DELIMITER_LABELS[table.delimiter],
    hasHeader: c.hasHeader,
    headerLine: headerRecord?.line ?? null,
    preamble: table.preamble,
    columns: c.columns,
    userColumn,
    userColumnHeader,
    confidence: chosenByAdmin ? "high" : c.confidence,
    needsColumnChoice: chosenByAdmin ? false : c.needsColumnChoice,
    candidateColumns: c.candidateColumns,
    overrideColumns: c.overrideColumns,
    dateOrder,
    notes: dateOrder?.note ? [...c.notes, dateOrder.note] : c.notes,
    summary: "",
  };
  detection.summary = summarize(detection);
  return detection;
}

export function summarize(d: ImportDetection): string {
  const parts = [d.shapeLabel];
  if (d.userColumnHeader !== null && (d.hasHeader || d.columns.length > 1)) parts.push(`users from column “${d.userColumnHeader}”`);
  else if (d.userColumnHeader === null) parts.push("user column not recognised");
  parts.push(d.delimiter === null ? "one column" : `${d.delimiterLabel}-separated`);
  parts.push(d.encodingLabel);
  if (d.headerLine !== null) parts.push(`header on line ${d.headerLine}`);
  const skipped = d.preamble.filter((p) => p.kind !== "blank");
  if (skipped.length > 0) parts.push(`skipped ${skipped.map((p) => `line ${p.line} (${p.text})`).join(", ")}`);
  const blanks = d.preamble.length - skipped.length;
  if (blanks > 0) parts.push(`skipped ${blanks} blank line${blanks === 1 ? "" : "s"} at the top`);
  const overrides = Object.keys(d.overrideColumns);
  if (overrides.length > 0) parts.push(`per-row settings: ${overrides.join(", ")}`);
  return parts.join(" · ");
}

/** The whole pipeline (bytes → validated rows), never throwing: every surprise becomes a file-level error. */
export function importCsv(bytes: Uint8Array, options: ExtractOptions = {}): ImportOutcome {
  try {
    const table = readImportTable(bytes, options.onProgress);
    if (isImportFileError(table)) return { ok: false, error: table };
    return { ok: true, result: extractRows(table, options) };
  } catch {
    return {
      ok: false,
      error: importFileError(
        "internal",
        "Something went wrong while reading this file. Try again, or save it as “CSV UTF-8” and import that.",
      ),
    };
  }
}
