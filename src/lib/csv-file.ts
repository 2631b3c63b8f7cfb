/**
 * Writing CSV files that are safe to double-click: shared by the results export and the run receipt,
 * so there is one escaping rule for every file TAP Desk writes.
 */

/** A cell as it goes into the file; `verbatim` cells skip formula neutralisation (only pass values). */
export interface CsvCell {
  text: string;
  verbatim?: boolean;
}

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

/** The file's text: every cell quoted and (unless verbatim) neutralised, UTF-8 BOM, CRLF line ends. */
export function toCsv(records: readonly (readonly CsvCell[])[]): string {
  const lines = records.map((cells) =>
    cells.map((cell) => quoteField(cell.verbatim ? cell.text : neutraliseFormula(cell.text))).join(","),
  );
  // UTF-8 with a BOM so Excel reads accents in names correctly; CRLF as RFC 4180 and Export-Csv do.
  return BOM + lines.map((line) => line + CRLF).join("");
}
