import type { ManagerRef } from "../../lib/graph/types";
import type { ResultRow } from "../../lib/tap/run-types";

/** One manager and the people of this run who report to them, in the run's order. */
export interface ManagerGroup {
  manager: ManagerRef;
  rows: ResultRow[];
}

export interface ManagerGrouping {
  /** By manager name (then UPN, then id), so the list reads like a directory. */
  groups: ManagerGroup[];
  /** Entra says these people have no manager: the admin hands their passes over another way. */
  withoutManager: ResultRow[];
  /** The check could not read these people's manager (Graph's words on each row). */
  unknownManager: ResultRow[];
}

/** A person the check found: rows refused in the file or not found in Entra name nobody with a manager. */
function isPerson(row: ResultRow): boolean {
  return row.userPrincipalName !== null;
}

function managerSortKey(manager: ManagerRef): string {
  return `${manager.displayName ?? ""}\u0000${manager.userPrincipalName ?? ""}\u0000${manager.id}`;
}

/** Groups the run's people by the manager the check read; every person lands in exactly one list. */
export function groupByManager(rows: readonly ResultRow[]): ManagerGrouping {
  const byManager = new Map<string, ManagerGroup>();
  const withoutManager: ResultRow[] = [];
  const unknownManager: ResultRow[] = [];
  for (const row of rows) {
    if (!isPerson(row)) continue;
    if (row.manager === null) withoutManager.push(row);
    else if (row.manager === undefined) unknownManager.push(row);
    else {
      const group = byManager.get(row.manager.id);
      if (group) group.rows.push(row);
      else byManager.set(row.manager.id, { manager: row.manager, rows: [row] });
    }
  }
  const groups = [...byManager.values()].sort((a, b) =>
    managerSortKey(a.manager).localeCompare(managerSortKey(b.manager), undefined, { sensitivity: "base" }),
  );
  return { groups, withoutManager, unknownManager };
}

/** The manager's name as people know it. */
export function managerName(manager: ManagerRef): string {
  return manager.displayName ?? manager.userPrincipalName ?? manager.id;
}
