import type { ResultRow } from "../../lib/tap/run-types";
import type { ImportResult } from "./import-types";

/** Rows refused at import still end in a visible outcome: skipped, with the reason. */
export function importSkippedRows(result: ImportResult): ResultRow[] {
  return result.rows
    .filter((row) => row.status !== "valid")
    .map((row) => ({
      rowId: `csv-${row.line}`,
      line: row.line,
      identifier: row.identifier,
      displayName: null,
      userPrincipalName: null,
      outcome: {
        kind: "skipped",
        reason:
          row.status === "duplicate" && row.duplicateOf !== undefined
            ? `Duplicate of line ${row.duplicateOf}`
            : sentence(row.reason ?? "Not a valid user"),
      },
    }));
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
