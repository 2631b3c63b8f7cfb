import type { ResultRow } from "../../lib/tap/run-types";

/** Case- and accent-insensitive form for matching: "Adèle" is found by "adele". */
function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{Mn}/gu, "")
    .toLocaleLowerCase();
}

/**
 * Rows whose display name, UPN or typed identifier contains the query, or whose CSV line is the number
 * typed ("12", "#12" or "line 12"). Searches only what the row itself says, never the pass values.
 * An empty query keeps every row.
 */
export function searchRows(rows: readonly ResultRow[], query: string): readonly ResultRow[] {
  const trimmed = query.trim();
  if (trimmed === "") return rows;
  const needle = fold(trimmed);
  const lineMatch = /^(?:line\s*|#)?(\d+)$/i.exec(trimmed);
  const line = lineMatch ? Number(lineMatch[1]) : null;
  return rows.filter(
    (row) =>
      (line !== null && row.line === line) ||
      [row.displayName, row.userPrincipalName, row.identifier].some((field) => field !== null && fold(field).includes(needle)),
  );
}

/** "12 of 2,000 rows match", "1 of 40 failed rows matches": for the live region beside the search box. */
export function matchCountText(matches: number, total: number, outcome?: string): string {
  const rows = `${outcome ? `${outcome} ` : ""}${total === 1 ? "row" : "rows"}`;
  return `${matches.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ${rows} ${matches === 1 ? "matches" : "match"}`;
}
