import type { ResultRow } from "../../lib/tap/run-types";
import type { PassVault } from "../../lib/tap/pass-vault";
import { downloadTextFile } from "../../lib/download-text-file";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Export the run as an Excel workbook and count the values as saved. The workbook code (and its zip
 * library) is fetched only now, so admins who never export a workbook never download it.
 */
export async function exportWorkbook(
  rows: readonly ResultRow[],
  vault: PassVault,
  now = new Date(),
  ticket: string | null = null,
): Promise<void> {
  const { buildWorkbook, workbookFileName } = await import("./export-xlsx");
  const bytes = buildWorkbook(rows, (rowId) => vault.get(rowId), ticket);
  // slice(): a copy typed as backed by a plain ArrayBuffer, which is what Blob accepts.
  downloadTextFile(bytes.slice(), workbookFileName(now), XLSX_TYPE);
  vault.markSaved();
}
