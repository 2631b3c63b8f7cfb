import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import type { RevokeTarget } from "./revoke-types";

/** The rows of a run that can still be removed: issued, and their pass (ids) still in memory. */
export function removableRowIds(rows: readonly ResultRow[], lookup: (rowId: string) => IssuedPass | undefined): string[] {
  return rows.filter((row) => row.outcome.kind === "issued" && lookup(row.rowId) !== undefined).map((row) => row.rowId);
}

/**
 * Which passes to remove for the selected rows: exactly the pass this run issued to each (its
 * method id), once per row. A selected row that can't be removed (not issued, or its pass no
 * longer in memory) is named in `notRemovable`, never silently dropped.
 */
export function planRevoke(
  rows: readonly ResultRow[],
  selected: ReadonlySet<string>,
  lookup: (rowId: string) => IssuedPass | undefined,
): { targets: RevokeTarget[]; notRemovable: string[] } {
  const targets: RevokeTarget[] = [];
  const notRemovable: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (!selected.has(row.rowId) || seen.has(row.rowId)) continue;
    seen.add(row.rowId);
    const pass = row.outcome.kind === "issued" ? lookup(row.rowId) : undefined;
    if (!pass || !pass.userId || !pass.methodId) {
      notRemovable.push(row.rowId);
      continue;
    }
    targets.push({ key: row.rowId, userId: pass.userId, methodId: pass.methodId, label: pass.userPrincipalName || row.identifier });
  }
  for (const rowId of selected) if (!seen.has(rowId)) notRemovable.push(rowId);
  return { targets, notRemovable };
}
