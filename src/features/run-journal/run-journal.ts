/**
 * A run's journal: which rows were issued and which were not, kept in sessionStorage while the run
 * and its results are open so a reload can tell the admin what happened. It holds row ids, user
 * names and outcome kinds only — never a pass value — and is cleared when the results are Done.
 */
import { toCsv } from "../../domain/csv-file";
import { isRecord } from "../../lib/is-record";

/** `uncertain`: a request was out when the page went away, so the pass may or may not exist. */
export type JournalStatus = "issued" | "failed" | "skipped" | "uncertain" | "not-reached";

export interface JournalEntry {
  rowId: string;
  /** The user's UPN, or the identifier as given when the user was never resolved. */
  user: string;
  status: JournalStatus;
}

export interface RunJournal {
  version: 1;
  /** ISO 8601 UTC. */
  startedAt: string;
  entries: JournalEntry[];
}

export interface JournalCounts {
  issued: number;
  failed: number;
  skipped: number;
  uncertain: number;
  notReached: number;
}

export const RUN_JOURNAL_KEY = "tapdesk.run-journal";

const STATUSES: ReadonlySet<string> = new Set<JournalStatus>(["issued", "failed", "skipped", "uncertain", "not-reached"]);

const STATUS_LABEL: Record<JournalStatus, string> = {
  issued: "Issued (value lost on reload: re-issue to replace)",
  failed: "Failed",
  skipped: "Skipped",
  uncertain: "Unknown (request in flight at reload: check in Entra)",
  "not-reached": "Not reached",
};

export function countJournal(journal: RunJournal): JournalCounts {
  const counts: JournalCounts = { issued: 0, failed: 0, skipped: 0, uncertain: 0, notReached: 0 };
  for (const entry of journal.entries) {
    if (entry.status === "not-reached") counts.notReached += 1;
    else counts[entry.status] += 1;
  }
  return counts;
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

/** The sentence the admin reads after a reload. */
export function interruptedRunMessage(counts: JournalCounts): string {
  const issued = `${plural(counts.issued, "pass was", "passes were")} issued but their values can't be shown again (re-issue to replace them)`;
  const notReached = `${plural(counts.notReached, "user was", "users were")} not reached`;
  let message = `A run was interrupted when the page was reloaded: ${issued}, ${notReached}.`;
  if (counts.uncertain > 0) {
    message += ` ${plural(counts.uncertain, "request was", "requests were")} still out, so ${counts.uncertain === 1 ? "that user" : "those users"} may or may not have a new pass: check in Entra before re-issuing.`;
  }
  if (counts.failed > 0) message += ` ${plural(counts.failed, "row", "rows")} failed.`;
  return message;
}

/** Reads a stored journal; anything malformed counts as no journal (it is only a courtesy). */
export function parseJournal(text: string | null): RunJournal | null {
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(json) || json.version !== 1 || typeof json.startedAt !== "string" || !Array.isArray(json.entries)) return null;
  const entries: JournalEntry[] = [];
  for (const item of json.entries) {
    if (!isRecord(item) || typeof item.rowId !== "string" || typeof item.user !== "string") return null;
    if (typeof item.status !== "string" || !STATUSES.has(item.status)) return null;
    entries.push({ rowId: item.rowId, user: item.user, status: item.status as JournalStatus });
  }
  return { version: 1, startedAt: json.startedAt, entries };
}

/** User and status per row, for the admin to re-issue from. No pass values exist to include. */
export function journalCsv(journal: RunJournal): string {
  const lines = [["User", "Status"], ...journal.entries.map((entry) => [entry.user, STATUS_LABEL[entry.status]])];
  return toCsv(lines);
}

export function readRunJournal(storage: Storage): RunJournal | null {
  try {
    return parseJournal(storage.getItem(RUN_JOURNAL_KEY));
  } catch {
    return null;
  }
}

export function writeRunJournal(storage: Storage, journal: RunJournal): void {
  try {
    storage.setItem(RUN_JOURNAL_KEY, JSON.stringify(journal));
  } catch {
    // Storage full (a very large run) or blocked: the run must not stop for a courtesy, but an older
    // journal must not stay behind to tell a wrong story after a reload.
    clearRunJournal(storage);
  }
}

export function clearRunJournal(storage: Storage): void {
  try {
    storage.removeItem(RUN_JOURNAL_KEY);
  } catch {
    // Blocked storage holds no journal either.
  }
}
