/*
 * A small RFC 4180 reader that knows each record's starting line.
 *
 * Why not papaparse here: an unterminated quote makes papaparse swallow the rest of the file into one
 * field, so one bad row would hide every good row after it, and recovering by re-parsing the remainder is
 * quadratic on hostile files. This reader bounds a quoted field (lines and characters), marks that one
 * line as broken and carries on with the next, in a single linear pass.
 */

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

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = 0xfeff;

export interface TokenizeOptions {
  delimiter: string;
  /** Offset in `text` to start at (after preamble lines). */
  start?: number;
  /** Line number of the line at `start`. */
  startLine?: number;
  /** Called now and then with the fraction of text read. */
  onProgress?: (fraction: number) => void;
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

export function tokenizeCsv(text: string, options: TokenizeOptions): CsvRecord[] {
  const delim = options.delimiter.charCodeAt(0);
  const n = text.length;
  const records: CsvRecord[] = [];
  let pos = options.start ?? 0;
  let line = options.startLine ?? 1;
  let nextReport = 0;

  while (pos < n) {
    const recStart = pos;
    const recLine = line;
    const fields: string[] = [];
    let broken: RecordProblem | null = null;

    for (;;) {
      let p = pos;
      while (p < n) {
        const c = text.charCodeAt(p);
        if (c === SPACE || c === BOM || (c === TAB && delim !== TAB)) p++;
        else break;
      }

      if (p < n && text.charCodeAt(p) === QUOTE) {
        let value = "";
        let segStart = p + 1;
        let q = p + 1;
        let breaks = 0;
        let closed = false;
        while (q < n && q - recStart <= MAX_RECORD_CHARS) {
          const c = text.charCodeAt(q);
          if (c === QUOTE) {
            if (text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(segStart, q + 1);
              q += 2;
              segStart = q;
              continue;
            }
            value += text.slice(segStart, q);
            q++;
            closed = true;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(q + 1) !== LF)) {
            breaks++;
            if (breaks > MAX_QUOTED_LINE_BREAKS) break;
          }
          q++;
        }
        if (closed) {
          while (q < n && (text.charCodeAt(q) === SPACE || (text.charCodeAt(q) === TAB && delim !== TAB))) q++;
          const after = q < n ? text.charCodeAt(q) : -1;
          if (after !== -1 && after !== delim && after !== LF && after !== CR) closed = false;
        }
        if (!closed) {
          broken = breaks === 0 && q - recStart > MAX_RECORD_CHARS ? "line-too-long" : "quotes";
          break;
        }
        line += breaks;
        fields.push(value);
        pos = q;
      } else {
        let q = pos;
        while (q < n) {
          const c = text.charCodeAt(q);
          if (c === delim || c === LF || c === CR) break;
          q++;
        }
        fields.push(text.slice(pos, q));
        pos = q;
      }

      if (pos >= n) break;
      const c = text.charCodeAt(pos);
      if (c === delim) {
        pos++;
        continue;
      }
      // Line break ends the record.
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      break;
    }

    if (broken !== null) {
      // Only the line where the record started is given up; reading resumes on the next line.
      const end = lineEnd(text, recStart);
      records.push({ line: recLine, start: recStart, end, fields: [], problem: broken });
      pos = nextLineStart(text, recStart);
      line = recLine + 1;
    } else {
      let end = pos;
      if (end > recStart && text.charCodeAt(end - 1) === LF) end--;
      if (end > recStart && text.charCodeAt(end - 1) === CR) end--;
      if (end - recStart > MAX_RECORD_CHARS) {
        records.push({ line: recLine, start: recStart, end, fields: [], problem: "line-too-long" });
      } else {
        records.push({ line: recLine, start: recStart, end, fields });
      }
    }

    if (options.onProgress !== undefined && records.length >= nextReport) {
      options.onProgress(pos / n);
      nextReport = records.length + 5000;
    }
  }
  options.onProgress?.(1);
  return records;
}
