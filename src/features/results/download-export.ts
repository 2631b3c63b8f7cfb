import type { ResultRow } from "../../lib/tap/run-types";
import type { PassVault } from "../../lib/tap/pass-vault";
import { downloadTextFile } from "../../lib/download-text-file";
import { buildExport, exportFileName, type ExportKind } from "./export-csv";

/** Export the run and count the values as saved, so Done and leaving stop asking. */
export function exportPasses(
  kind: ExportKind,
  rows: readonly ResultRow[],
  vault: PassVault,
  now = new Date(),
  ticket: string | null = null,
): void {
  const text = buildExport(kind, rows, (rowId) => vault.get(rowId), ticket);
  downloadTextFile(text, exportFileName(kind, now));
  vault.markSaved();
}
