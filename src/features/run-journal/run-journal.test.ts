import { describe, expect, it } from "vitest";
import {
  clearRunJournal,
  countJournal,
  interruptedRunMessage,
  journalCsv,
  parseJournal,
  readRunJournal,
  RUN_JOURNAL_KEY,
  writeRunJournal,
  type RunJournal,
} from "./run-journal";

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const journal: RunJournal = {
  version: 1,
  startedAt: "2026-05-01T09:00:00.000Z",
  entries: [
    { rowId: "r1", user: "adele.vance@contoso.example", status: "issued" },
    { rowId: "r2", user: "alex.wilber@contoso.example", status: "issued" },
    { rowId: "r3", user: "=cmd|' /C calc'!A0", status: "skipped" },
    { rowId: "r4", user: "lee.gu@contoso.example", status: "not-reached" },
    { rowId: "r5", user: "megan.bowen@contoso.example", status: "uncertain" },
  ],
};

describe("run journal", () => {
  it("tells the admin how many passes were issued and how many users were not reached", () => {
    const counts = countJournal(journal);
    expect(counts).toEqual({ issued: 2, failed: 0, skipped: 1, uncertain: 1, notReached: 1 });
    expect(interruptedRunMessage(counts)).toMatch(
      /^A run was interrupted when the page was reloaded: 2 passes were issued but their values can't be shown again \(re-issue to replace them\), 1 user was not reached\. 1 request was still out/,
    );
  });

  it("lists user and status per row with formula-looking names neutralised", () => {
    const csv = journalCsv(journal);
    expect(csv.startsWith('\uFEFF"User","Status"\r\n')).toBe(true);
    expect(csv).toContain(`"'=cmd|' /C calc'!A0","Skipped"`);
    expect(csv).toContain('"lee.gu@contoso.example","Not reached"');
    expect(csv.trimEnd().split("\r\n")).toHaveLength(6);
  });

  it("round-trips through storage and is gone after clearing", () => {
    const storage = new MemoryStorage();
    writeRunJournal(storage, journal);
    expect(readRunJournal(storage)).toEqual(journal);
    clearRunJournal(storage);
    expect(storage.getItem(RUN_JOURNAL_KEY)).toBeNull();
  });

  it("treats anything malformed as no journal", () => {
    expect(parseJournal("{")).toBeNull();
    expect(parseJournal(JSON.stringify({ ...journal, version: 2 }))).toBeNull();
    expect(parseJournal(JSON.stringify({ ...journal, entries: [{ rowId: "r1", user: "x", status: "value" }] }))).toBeNull();
  });

  it("keeps only row ids, users and statuses, even when handed more", () => {
    const withExtra = JSON.stringify({ ...journal, entries: [{ rowId: "r1", user: "a@b.c", status: "issued", value: "Secret+123" }] });
    expect(JSON.stringify(parseJournal(withExtra))).not.toContain("Secret");
  });

  it("drops an older journal rather than keep it when a newer one doesn't fit", () => {
    const storage = new MemoryStorage();
    writeRunJournal(storage, journal);
    const full = Object.assign(storage, {
      setItem() {
        throw new DOMException("quota", "QuotaExceededError");
      },
    });
    writeRunJournal(full, { ...journal, startedAt: "2026-05-01T10:00:00.000Z" });
    expect(readRunJournal(storage)).toBeNull();
  });
});
