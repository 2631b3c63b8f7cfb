/*
 * CSV records with their starting lines, read by papaparse.
 *
 * papaparse alone reads an unclosed quote as one field running to the end of the file, so one bad row would
 * hide every row after it. On top of it this module keeps the guarantee that only the line where a broken
 * quoted field began is given up: when papaparse reports a quote error for a record (error code
 * MissingQuotes or InvalidQuotes), or a quoted field runs over more lines or characters than a real one
 * would, that line becomes a record with a problem and papaparse starts again on the next line.
 *
 * Each restart reparses the rest of the text, so after MAX_QUOTE_RECOVERIES of them the rest is read one
 * line at a time (a quote must close on its own line): the total work stays linear on hostile files.
 */
import Papa from "papaparse";

export type RecordProblem = "quotes" | "line-too-long";

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  /** Character offsets of the record's text (without its line break). */
  start: number;
  end: number;
  /** Raw cell values (quotes removed, `""` unescaped, not trimmed). Empty when `problem` is set. */
  fields: string[];
  problem?: RecordProblem;
}

/** Longest record we split into fields; longer ones are reported, not parsed (protects memory and the UI). */
export const MAX_RECORD_CHARS = 64 * 1024;
/** A quoted value may span a few lines (addresses in exports); more means a quote was never closed. */
export const MAX_QUOTED_LINE_BREAKS = 20;
/** Full reparses after a broken quote before the rest is read line by line; bounds the work to a few passes. */
export const MAX_QUOTE_RECOVERIES = 4;

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = 0xfeff;
const PROGRESS_EVERY = 5000;

export interface TokenizeOptions {
  delimiter: string;
  /** Offset in `text` to start at (after preamble lines). */
  start?: number;
  /** Line number of the line at `start`. */
  startLine?: number;
  /** Called now and then with the fraction of text read. */
  onProgress?: (fraction: number) => void;
}

/** papaparse's own error codes for a quoted field it could not close properly. */
function isQuoteError(error: Papa.ParseError): boolean {
  return error.code === "MissingQuotes" || error.code === "InvalidQuotes";
}

/** Offset just past the line break that ends the physical line containing `from` (or text.length). */
function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR) return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  }
  return text.length;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return text.length;
}

const isSpace = (c: number, tabIsSpace: boolean) => c === SPACE || c === BOM || (tabIsSpace && c === TAB);

/** Offset of the opening quote when `field` is spaces (or a BOM) and then a quote; -1 otherwise. */
function looseOpeningQuote(field: string, tabIsSpace: boolean): number {
  if (!isSpace(field.charCodeAt(0), tabIsSpace)) return -1;
  let i = 1;
  while (i < field.length && isSpace(field.charCodeAt(i), tabIsSpace)) i++;
  return field.charCodeAt(i) === QUOTE ? i : -1;
}

/** Offset of a quote that ends `field` (trailing spaces aside) at or after `from`; -1 if none. */
function closingQuote(field: string, from: number, tabIsSpace: boolean): number {
  let i = field.length - 1;
  while (i >= from && isSpace(field.charCodeAt(i), tabIsSpace)) i--;
  return i >= from && field.charCodeAt(i) === QUOTE ? i : -1;
}

/** A quoted value's inside with `""` unescaped, or null when a quote in it is not doubled. */
function unescapeQuoted(inner: string): string | null {
  for (let i = 0; i < inner.length; i++) {
    if (inner.charCodeAt(i) === QUOTE) {
      if (inner.charCodeAt(i + 1) !== QUOTE) return null;
      i++;
    }
  }
  return inner.replaceAll('""', '"');
}

/**
 * papaparse reads a quote only as a cell's first character; the old reader also allowed spaces or a BOM before
 * it (`a, "Vance, Adele"`). Such a cell arrives unquoted and, if it held the delimiter, split: join the pieces
 * back until one ends with a quote and unquote the whole. A value that never closes, or has a stray quote
 * inside, makes the record broken (null) rather than guessed at.
 */
function looseFields(fields: string[], delimiter: string, tabIsSpace: boolean): string[] | null {
  let out: string[] | null = null;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    const open = looseOpeningQuote(field, tabIsSpace);
    if (open === -1) {
      out?.push(field);
      continue;
    }
    out ??= fields.slice(0, i);
    let value = field;
    let close = closingQuote(field, open + 1, tabIsSpace);
    while (close === -1 && i + 1 < fields.length) {
      i++;
      const piece = fields[i] as string;
      const at = closingQuote(piece, 0, tabIsSpace);
      if (at !== -1) close = value.length + delimiter.length + at;
      value += delimiter + piece;
    }
    const inner = close === -1 ? null : unescapeQuoted(value.slice(open + 1, close));
    if (inner === null) return null;
    out.push(inner);
  }
  return out ?? fields;
}

/** A CRLF line read with LF as the break leaves its CR on an unquoted last cell; the old reader dropped it. */
function dropCr(fields: string[], endsWithCrLf: boolean): void {
  const last = fields.length - 1;
  if (endsWithCrLf && last >= 0 && (fields[last] as string).endsWith("\r")) fields[last] = (fields[last] as string).slice(0, -1);
}

export function tokenizeCsv(text: string, options: TokenizeOptions): CsvRecord[] {
  const n = text.length;
  const delimiter = options.delimiter;
  const tabIsSpace = delimiter !== "\t";
  // papaparse splits on one kind of line break. Lone CRs (old Mac files, or mixed in) become LF in a copy of
  // the same length, so offsets still point into `text`; a CR before LF is trimmed off cells by cleanCell.
  const view = text.includes("\r") && /\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, "\n") : text;
  const config = { delimiter, newline: "\n" as const, quoteChar: '"', header: false, dynamicTyping: false, skipEmptyLines: false };

  const records: CsvRecord[] = [];
  let nextReport = 0;
  const push = (record: CsvRecord) => {
    records.push(record);
    if (options.onProgress !== undefined && records.length >= nextReport) {
      options.onProgress(record.end / Math.max(1, n));
      nextReport = records.length + PROGRESS_EVERY;
    }
  };
  /** The line at `start` given up; returns where reading resumes. */
  const refuseLine = (start: number, line: number) => {
    const end = lineEnd(text, start);
    push({ line, start, end, fields: [], problem: end - start > MAX_RECORD_CHARS ? "line-too-long" : "quotes" });
    return nextLineStart(text, start);
  };

  let pos = options.start ?? 0;
  let line = options.startLine ?? 1;
  let recoveries = 0;
  let nextQuote = view.indexOf('"', pos);

  while (pos < n && recoveries < MAX_QUOTE_RECOVERIES) {
    // One papaparse pass over the rest. Rows carry no offsets, so they are laid back onto the text: a row
    // covers one physical line plus one per line break inside its quoted cells.
    const parsed = Papa.parse<string[]>(pos === 0 ? view : view.slice(pos), config);
    let firstBroken = Infinity;
    for (const error of parsed.errors) {
      if (isQuoteError(error) && error.row !== undefined && error.row < firstBroken) firstBroken = error.row;
    }
    const rows = parsed.data;
    let resume = -1;
    for (let r = 0; r < rows.length && pos < n; r++) {
      if (r >= firstBroken) {
        resume = refuseLine(pos, line);
        break;
      }
      const fields = rows[r] as string[];
      let lf = view.indexOf("\n", pos);
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = view.indexOf('"', pos);
      // Only a quoted cell holds a line break, so a line without a quote is a whole record (the common case).
      const quoted = nextQuote !== -1 && (lf === -1 || nextQuote < lf);
      let breaks = 0;
      if (quoted) {
        for (const field of fields) {
          for (let i = field.indexOf("\n"); i !== -1; i = field.indexOf("\n", i + 1)) breaks++;
        }
      }
      for (let b = 0; b < breaks && lf !== -1; b++) lf = view.indexOf("\n", lf + 1);
      const next = lf === -1 ? n : lf + 1;
      let end = lf === -1 ? n : lf;
      // The view keeps a CR only as the first half of CRLF.
      if (lf !== -1 && end > pos && view.charCodeAt(end - 1) === CR) end--;

      if (breaks > MAX_QUOTED_LINE_BREAKS || (breaks > 0 && end - pos > MAX_RECORD_CHARS)) {
        resume = refuseLine(pos, line);
        break;
      }
      if (end - pos > MAX_RECORD_CHARS) {
        push({ line, start: pos, end, fields: [], problem: "line-too-long" });
      } else {
        dropCr(fields, view.charCodeAt(end) === CR);
        const cells = quoted ? looseFields(fields, delimiter, tabIsSpace) : fields;
        push(cells === null ? { line, start: pos, end, fields: [], problem: "quotes" } : { line, start: pos, end, fields: cells });
      }
      pos = next;
      line += breaks + 1;
    }
    if (resume === -1) break;
    pos = resume;
    line++;
    recoveries++;
  }

  // Too many broken quotes to keep reparsing: the rest is read line by line, a quote closing on its own line.
  // Runs of lines without any quote go through papaparse in one call (one row per line); a line with a quote
  // is parsed alone, so a broken one costs only itself.
  while (pos < n) {
    if (nextQuote !== -1 && nextQuote < pos) nextQuote = view.indexOf('"', pos);
    let runEnd = nextQuote === -1 ? n : nextQuote;
    while (runEnd > pos && view.charCodeAt(runEnd - 1) !== LF) runEnd--;
    const lineHasQuote = runEnd === pos;
    if (lineHasQuote) runEnd = view.indexOf("\n", pos) + 1 || n;
    const rows = lineHasQuote ? [] : Papa.parse<string[]>(view.slice(pos, runEnd), config).data;
    for (let r = 0; pos < runEnd; r++) {
      const lf = view.indexOf("\n", pos);
      const next = lf === -1 || lf >= runEnd ? runEnd : lf + 1;
      let end = lf === -1 || lf >= runEnd ? runEnd : lf;
      if (end > pos && view.charCodeAt(end - 1) === CR) end--;
      if (end - pos > MAX_RECORD_CHARS) {
        push({ line, start: pos, end, fields: [], problem: "line-too-long" });
      } else {
        let fields: string[] | null = rows[r] ?? [""];
        if (lineHasQuote) {
          const parsed = Papa.parse<string[]>(view.slice(pos, end), config);
          fields = parsed.errors.some(isQuoteError) ? null : looseFields(parsed.data[0] ?? [""], delimiter, tabIsSpace);
        } else {
          dropCr(fields, view.charCodeAt(end) === CR);
        }
        push(fields === null ? { line, start: pos, end, fields: [], problem: "quotes" } : { line, start: pos, end, fields });
      }
      pos = next;
      line++;
    }
  }

  options.onProgress?.(1);
  return records;
}
