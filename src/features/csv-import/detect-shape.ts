import type {
  ColumnRole,
  ImportColumn,
  ImportConfidence,
  ImportDelimiter,
  ImportShape,
  OverrideColumn,
  PreambleLine,
} from "./import-types";
import type { CsvRecord } from "./csv-tokenizer";
import { isControlCode } from "./decode-bytes";
import { isUserIdentifier } from "./user-identifier";

const DELIMITERS: readonly ImportDelimiter[] = [",", ";", "\t", "|"];

export const DELIMITER_LABELS: Record<ImportDelimiter, string> = {
  ",": "comma",
  ";": "semicolon",
  "\t": "tab",
  "|": "vertical bar",
};

export const SHAPE_LABELS: Record<ImportShape, string> = {
  "entra-bulk-create": "Entra “Bulk create users” template",
  "entra-bulk-template": "Entra bulk operations template",
  "entra-user-export": "Entra admin center “Download users” export",
  "powershell-export-csv": "PowerShell Export-Csv output",
  "header-csv": "CSV with a header row",
  "headerless-csv": "CSV without a header row",
  "bare-list": "List of users, one per line",
};

const MAX_PREAMBLE_LINES = 10;
const SAMPLE_LINES = 20;
const SAMPLE_RECORDS = 200;
/** A column whose sampled values are at least this share of UPNs/GUIDs is "obviously" the user column. */
const OBVIOUS_SHARE = 0.8;

/** Trim, and drop BOMs wherever they are (e.g. a second BOM inside the first cell after a re-save). */
export function cleanCell(value: string | undefined): string {
  if (value === undefined) return "";
  return (value.includes("\uFEFF") ? value.replaceAll("\uFEFF", "") : value).trim();
}

/** Control characters made visible and length capped, so any cell or line can be shown in the UI. */
export function displaySafe(value: string, max = 256): string {
  const cut = value.length > max ? value.slice(0, max) : value;
  let out = "";
  let from = 0;
  for (let i = 0; i < cut.length; i++) {
    if (isControlCode(cut.charCodeAt(i))) {
      out += cut.slice(from, i) + "\uFFFD";
      from = i + 1;
    }
  }
  out += cut.slice(from);
  return value.length > max ? `${out}…` : out;
}

/** `User name [userPrincipalName] Required` → `userprincipalname`; `E-mail` → `email`; `Object ID` → `objectid`. */
export function normalizeHeader(header: string): string {
  const open = header.indexOf("[");
  const close = open === -1 ? -1 : header.indexOf("]", open + 1);
  const core = open !== -1 && close !== -1 ? header.slice(open + 1, close) : header;
  return core.toLowerCase().replace(/[\s_.-]+/g, "");
}

const ROLE_BY_NAME: ReadonlyMap<string, ColumnRole> = new Map<string, ColumnRole>([
  ["userprincipalname", "upn"],
  ["upn", "upn"],
  ["username", "upn"],
  ["email", "mail"],
  ["mail", "mail"],
  ["emailaddress", "mail"],
  ["id", "id"],
  ["objectid", "id"],
  ["lifetimeinminutes", "lifetimeInMinutes"],
  ["isusableonce", "isUsableOnce"],
  ["startdatetime", "startDateTime"],
  // A person's first day: HR exports, Entra's property name, and plain words.
  ["startdate", "startDate"],
  ["hiredate", "startDate"],
  ["employeehiredate", "startDate"],
  ["firstday", "startDate"],
  ["firstdayofwork", "startDate"],
  ["dateofhire", "startDate"],
  ["startingdate", "startDate"],
  ["timezone", "timeZone"],
  ["tz", "timeZone"],
  ["ianatimezone", "timeZone"],
]);

const OVERRIDE_ROLES: ReadonlySet<ColumnRole> = new Set<OverrideColumn>([
  "lifetimeInMinutes",
  "isUsableOnce",
  "startDateTime",
  "startDate",
  "timeZone",
]);

function isOverrideRole(role: ColumnRole | null): role is OverrideColumn {
  return role !== null && OVERRIDE_ROLES.has(role);
}

export function columnRole(header: string): ColumnRole | null {
  return ROLE_BY_NAME.get(normalizeHeader(cleanCell(header))) ?? null;
}

function isIdentityRole(role: ColumnRole | null): role is "upn" | "mail" | "id" {
  return role === "upn" || role === "mail" || role === "id";
}

function stripTrailing(value: string, chars: string): string {
  let end = value.length;
  while (end > 0 && chars.includes(value.charAt(end - 1))) end--;
  return value.slice(0, end);
}

export interface PreambleScan {
  preamble: PreambleLine[];
  /** Offset of the first line after the preamble. */
  offset: number;
  /** Line number at `offset`. */
  line: number;
  /** From Excel's `sep=;` hint line. */
  declaredDelimiter: ImportDelimiter | null;
}

/** Lines before the header that tools add: Entra's `version:v1.0`, PowerShell's `#TYPE …`, Excel's `sep=;`, blanks. */
export function scanPreamble(text: string): PreambleScan {
  const preamble: PreambleLine[] = [];
  let offset = 0;
  let declaredDelimiter: ImportDelimiter | null = null;
  while (preamble.length < MAX_PREAMBLE_LINES && offset < text.length) {
    let end = offset;
    while (end < text.length && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
    const next = text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1;
    if (end - offset > 1000) break;
    const lineText = cleanCell(text.slice(offset, end));
    const bare = stripTrailing(lineText, ",;\t| ").replaceAll('"', "").trim();
    const lineNo = preamble.length + 1;
    let kind: PreambleLine["kind"] | null = null;
    if (bare === "") kind = "blank";
    else if (/^#TYPE(\s|$)/i.test(bare)) kind = "powershell-type";
    else if (/^version:\s*v\d/i.test(bare)) kind = "entra-version";
    else if (/^sep=.$/i.test(lineText)) {
      const declared = lineText.charAt(4) as ImportDelimiter;
      if (DELIMITERS.includes(declared)) {
        kind = "excel-sep";
        declaredDelimiter = declared;
      }
    }
    if (kind === null) break;
    preamble.push({ line: lineNo, kind, text: displaySafe(lineText, 120) });
    offset = Math.min(next, text.length);
  }
  return { preamble, offset, line: preamble.length + 1, declaredDelimiter };
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === delimiter) count++;
  }
  return count;
}

/** The delimiter whose count per line is the same on most sampled lines; null when the file is one column. */
export function detectDelimiter(text: string, offset: number): ImportDelimiter | null {
  const lines: string[] = [];
  let pos = offset;
  while (lines.length < SAMPLE_LINES && pos < text.length) {
    let end = pos;
    while (end < text.length && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
    const lineText = text.slice(pos, Math.min(end, pos + 4096));
    if (lineText.trim() !== "") lines.push(lineText);
    pos = text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1;
  }
  const first = lines[0];
  if (first === undefined) return null;

  let best: { delimiter: ImportDelimiter; consistency: number; perLine: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const perLine = countOutsideQuotes(first, delimiter);
    if (perLine === 0) continue;
    const same = lines.filter((l) => countOutsideQuotes(l, delimiter) === perLine).length;
    const consistency = same / lines.length;
    if (consistency < 0.6) continue;
    if (best === null || consistency > best.consistency || (consistency === best.consistency && perLine > best.perLine)) {
      best = { delimiter, consistency, perLine };
    }
  }
  return best?.delimiter ?? null;
}

/** Unknown header names must look like labels, so a bad first entry (`adele.vance`, `=cmd|…`) stays a data row. */
function looksLikeLabel(cell: string): boolean {
  return cell.length > 0 && cell.length <= 64 && /^[\p{L}\p{N} _\-()[\]/#:]+$/u.test(cell);
}

export interface ColumnDetection {
  hasHeader: boolean;
  columns: ImportColumn[];
  userColumn: number | null;
  confidence: ImportConfidence;
  needsColumnChoice: boolean;
  candidateColumns: number[];
  overrideColumns: Partial<Record<OverrideColumn, number>>;
  notes: string[];
}

function describeColumn(column: ImportColumn): string {
  return `“${column.header}”`;
}

/** Works out whether the first record is a header and which column holds the users. */
export function detectColumns(records: readonly CsvRecord[]): ColumnDetection {
  const usable = records.filter((r) => r.problem === undefined);
  const first = records[0];
  const firstCells = first !== undefined && first.problem === undefined ? first.fields.map(cleanCell) : [];

  const hasIdentifier = firstCells.some(isUserIdentifier);
  const hasRole = firstCells.some((c) => columnRole(c) !== null);
  const body = (header: boolean) => usable.slice(header && first?.problem === undefined ? 1 : 0, SAMPLE_RECORDS + 1);
  const width = Math.max(1, ...usable.slice(0, SAMPLE_RECORDS + 1).map((r) => r.fields.length));

  function shares(rows: readonly CsvRecord[]): { share: number[]; samples: string[][] } {
    const share: number[] = [];
    const samples: string[][] = [];
    for (let i = 0; i < width; i++) {
      let nonEmpty = 0;
      let good = 0;
      const picked: string[] = [];
      for (const r of rows) {
        const cell = cleanCell(r.fields[i]);
        if (cell === "") continue;
        nonEmpty++;
        if (isUserIdentifier(cell)) good++;
        if (picked.length < 3) picked.push(displaySafe(cell, 80));
      }
      share.push(nonEmpty === 0 ? 0 : good / nonEmpty);
      samples.push(picked);
    }
    return { share, samples };
  }

  let hasHeader: boolean;
  if (firstCells.length === 0 || hasIdentifier) hasHeader = false;
  else if (hasRole) hasHeader = true;
  else {
    const rest = shares(body(true));
    hasHeader = rest.share.some((s) => s >= OBVIOUS_SHARE) && firstCells.every((c) => c === "" || looksLikeLabel(c));
  }

  const { share, samples } = shares(body(hasHeader));
  const columns: ImportColumn[] = [];
  for (let i = 0; i < width; i++) {
    const header = hasHeader ? displaySafe(firstCells[i] ?? "", 120) : `Column ${i + 1}`;
    columns.push({
      index: i,
      header: header === "" ? `Column ${i + 1}` : header,
      role: hasHeader ? columnRole(firstCells[i] ?? "") : null,
      samples: samples[i] ?? [],
      identifierShare: share[i] ?? 0,
    });
  }

  const overrideColumns: ColumnDetection["overrideColumns"] = {};
  for (const c of columns) {
    if (isOverrideRole(c.role)) {
      overrideColumns[c.role] ??= c.index;
    }
  }

  const notes: string[] = [];
  const byShare = (a: ImportColumn, b: ImportColumn) => b.identifierShare - a.identifierShare || a.index - b.index;
  const nonOverride = columns.filter((c) => c.role === null || isIdentityRole(c.role));
  const obvious = nonOverride.filter((c) => c.identifierShare >= OBVIOUS_SHARE).sort(byShare);

  const result = (
    userColumn: number | null,
    confidence: ImportConfidence,
    needsColumnChoice: boolean,
    candidateColumns: number[],
  ): ColumnDetection => ({ hasHeader, columns, userColumn, confidence, needsColumnChoice, candidateColumns, overrideColumns, notes });

  if (columns.length === 1) {
    const s = columns[0]?.identifierShare ?? 0;
    const role = columns[0]?.role ?? null;
    if (role === "mail") notes.push(mailNote(columns[0]));
    return result(
      0,
      isIdentityRole(role) && role !== "mail" ? "high" : s >= OBVIOUS_SHARE ? "high" : s >= 0.5 ? "medium" : "low",
      false,
      [0],
    );
  }

  for (const role of ["upn", "id", "mail"] as const) {
    const named = columns.filter((c) => c.role === role);
    const chosen = named[0];
    if (chosen === undefined) continue;
    const others = columns.filter((c) => isIdentityRole(c.role) && c.role !== role);
    for (const o of others) {
      notes.push(`The file also has column ${describeColumn(o)}${o.role === "id" ? " (object IDs)" : ""}; it isn't used.`);
    }
    if (role === "mail") notes.push(mailNote(chosen));
    if (named.length > 1) {
      const candidates = [...named, ...others, ...obvious].map((c) => c.index);
      return result(chosen.index, "low", true, [...new Set(candidates)]);
    }
    const better = obvious.find((c) => c.index !== chosen.index);
    if (chosen.identifierShare < 0.5 && better !== undefined) {
      return result(chosen.index, "low", true, [chosen.index, ...obvious.map((c) => c.index).filter((i) => i !== chosen.index)]);
    }
    return result(chosen.index, role === "mail" ? "medium" : "high", false, [chosen.index]);
  }

  const top = obvious[0];
  if (top !== undefined && obvious.length === 1) return result(top.index, "medium", false, [top.index]);
  if (top !== undefined)
    return result(
      top.index,
      "low",
      true,
      obvious.map((c) => c.index),
    );
  return result(
    null,
    "low",
    true,
    [...nonOverride].sort(byShare).map((c) => c.index),
  );
}

function mailNote(column: ImportColumn | undefined): string {
  return `Column ${column === undefined ? "" : describeColumn(column) + " "}holds e-mail addresses; they're looked up as sign-in names (UPNs). A user whose e-mail differs from their UPN won't be found.`;
}

export function detectShape(
  preamble: readonly PreambleLine[],
  hasHeader: boolean,
  headerCells: readonly string[],
  columnCount: number,
): ImportShape {
  if (preamble.some((p) => p.kind === "powershell-type")) return "powershell-export-csv";
  const bracketed = headerCells.filter((h) => /\[[^\]]*\]/.test(h));
  if (hasHeader && (preamble.some((p) => p.kind === "entra-version") || bracketed.length > 0)) {
    return bracketed.some((h) => normalizeHeader(h) === "passwordprofile") ? "entra-bulk-create" : "entra-bulk-template";
  }
  if (hasHeader) {
    const names = new Set(headerCells.map((h) => h.toLowerCase()));
    if (names.has("id") && names.has("userprincipalname") && names.has("displayname")) return "entra-user-export";
    return "header-csv";
  }
  return columnCount === 1 ? "bare-list" : "headerless-csv";
}
