import { zipSync, type Zippable } from "fflate";
import type { ResultRow } from "../../lib/tap/run-types";
import { managerWorkbookNames } from "./file-names";
import type { ManagerGroup } from "./group-by-manager";

/** Builds one manager's workbook (the app passes the results' Excel export for those rows). */
export type WorkbookOf = (rows: readonly ResultRow[]) => Promise<Uint8Array>;

/**
 * One zip holding one `.xlsx` per manager, named after them (safe and unique). Loaded on demand with
 * fflate. Workbooks are already deflated inside, so they are stored as they are.
 */
export async function buildManagersZip(groups: readonly ManagerGroup[], workbookOf: WorkbookOf): Promise<Uint8Array> {
  const names = managerWorkbookNames(groups.map((group) => group.manager));
  const files: Zippable = {};
  for (const [index, group] of groups.entries()) {
    const name = names[index];
    if (name !== undefined) files[name] = [await workbookOf(group.rows), { level: 0 }];
  }
  return zipSync(files);
}
