import { useEffect } from "react";
import type { IssuanceRun, RowView } from "../features/issuance/issuance-types";
import { clearRunJournal, writeRunJournal, type JournalEntry, type JournalStatus } from "../features/run-journal/run-journal";
import type { ResultRow } from "../lib/tap/run-types";
import type { RowLabel } from "./run-plan";

const WRITE_EVERY_MS = 1000;

function runRowStatus(row: RowView): JournalStatus {
  if (row.outcome) return row.outcome.kind;
  return row.phase === "queued" && row.attempts === 0 ? "not-reached" : "uncertain";
}

/**
 * The journal for a run: rows decided before it (or in earlier rounds) plus the engine's rows as
 * they stand now. Only user names and outcome kinds are copied — RowView and ResultRow hold no values.
 */
export function journalEntries(
  base: readonly ResultRow[],
  runRows: readonly RowView[],
  labels: ReadonlyMap<string, RowLabel>,
): JournalEntry[] {
  const inRun = new Set(runRows.map((row) => row.rowId));
  const earlier = base
    .filter((row) => !inRun.has(row.rowId))
    .map((row) => ({ rowId: row.rowId, user: row.userPrincipalName ?? row.identifier, status: row.outcome.kind }));
  const current = runRows.map((row) => {
    const label = labels.get(row.rowId);
    return { rowId: row.rowId, user: label?.userPrincipalName ?? label?.identifier ?? row.displayLabel, status: runRowStatus(row) };
  });
  return [...earlier, ...current];
}

/**
 * Keeps the run's journal in sessionStorage while the run goes: at most once a second, when the page
 * is hidden or unloaded, and when the run ends, so a reload can say what was and wasn't issued.
 */
export function useRunJournalRecorder(run: IssuanceRun, base: readonly ResultRow[], labels: ReadonlyMap<string, RowLabel>): void {
  useEffect(() => {
    const storage = window.sessionStorage;
    let dirty = true;
    let live = true;
    const write = () => {
      if (!dirty) return;
      dirty = false;
      const snapshot = run.getSnapshot();
      writeRunJournal(storage, {
        version: 1,
        startedAt: new Date(snapshot.startedAt).toISOString(),
        entries: journalEntries(base, snapshot.rows, labels),
      });
    };
    write();
    const unsubscribe = run.subscribe(() => {
      dirty = true;
    });
    const timer = window.setInterval(write, WRITE_EVERY_MS);
    window.addEventListener("pagehide", write);
    void run.finished.then(() => {
      if (!live) return;
      dirty = true;
      write();
    });
    return () => {
      write();
      live = false;
      unsubscribe();
      window.clearInterval(timer);
      window.removeEventListener("pagehide", write);
    };
  }, [run, base, labels]);
}

/** The results are Done: nothing is left to tell after a reload. */
export function forgetRunJournal(): void {
  clearRunJournal(window.sessionStorage);
}
