// What an import hands on to the run. Kept apart from import-csv.ts so the main thread never bundles the CSV
// reader (papaparse), which runs only in the import worker.
import type { Candidate, ResultRow } from "../../lib/tap/run-types";
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

/** Valid rows as run candidates (`rowId` = `csv-<line>`, unique because one row has one line). */
export function toCandidates(result: ImportResult): Candidate[] {
  return result.rows
    .filter((row) => row.status === "valid")
    .map((row) => ({ rowId: `csv-${row.line}`, line: row.line, identifier: row.identifier, overrides: { ...row.overrides } }));
}
