/**
 * How TAP Desk writes a CSV file the admin opens in a spreadsheet: every field quoted (RFC 4180),
 * cells that a spreadsheet would run as a formula made text, UTF-8 with a BOM and CRLF line ends.
 * Every CSV the app offers (results, scripts, an interrupted run's journal) is written by this.
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

/** Plain strings are cells to neutralise; use `{ text, verbatim: true }` for a pass value. */
export function toCsv(records: readonly (readonly (CsvCell | string)[])[]): string {
  const lines = records.map((cells) =>
    cells
      .map((cell) => (typeof cell === "string" ? { text: cell } : cell))
      .map((cell) => quoteField(cell.verbatim ? cell.text : neutraliseFormula(cell.text)))
      .join(","),
  );
  // UTF-8 with a BOM so Excel reads accents in names correctly; CRLF as RFC 4180 and Export-Csv do.
  return BOM + lines.map((line) => line + CRLF).join("");
}
