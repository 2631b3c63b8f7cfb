import { describe, expect, it } from "vitest";
import type { RowView } from "../features/issuance/issuance-types";
import type { ResultRow } from "../lib/tap/run-types";
import { journalEntries } from "./run-journal-recorder";
import type { RowLabel } from "./run-plan";

const label = (upn: string): RowLabel => ({ line: 2, identifier: upn.toUpperCase(), displayName: null, userPrincipalName: upn });
const view = (rowId: string, phase: RowView["phase"], attempts: number, outcome: RowView["outcome"]): RowView => ({
  rowId,
  displayLabel: rowId,
  phase,
  attempts,
  lastProblem: null,
  outcome,
});

describe("journalEntries", () => {
  it("records issued, not reached and in-flight rows by UPN, and keeps earlier decisions", () => {
    const skipped: ResultRow = {
      rowId: "s",
      line: 9,
      identifier: "../../me",
      displayName: null,
      userPrincipalName: null,
      outcome: { kind: "skipped", reason: "not a UPN" },
    };
    const labels = new Map([
      ["a", label("a@contoso.example")],
      ["b", label("b@contoso.example")],
      ["c", label("c@contoso.example")],
      ["d", label("d@contoso.example")],
    ]);
    const rows = [
      view("a", "done", 1, { kind: "issued" }),
      view("b", "sending", 1, null),
      view("c", "queued", 0, null),
      view("d", "retrying", 2, null),
    ];
    expect(journalEntries([skipped], rows, labels)).toEqual([
      { rowId: "s", user: "../../me", status: "skipped" },
      { rowId: "a", user: "a@contoso.example", status: "issued" },
      { rowId: "b", user: "b@contoso.example", status: "uncertain" },
      { rowId: "c", user: "c@contoso.example", status: "not-reached" },
      { rowId: "d", user: "d@contoso.example", status: "uncertain" },
    ]);
  });

  it("lets a retry round's rows replace the same rows from the earlier round", () => {
    const earlier: ResultRow = {
      rowId: "a",
      line: 2,
      identifier: "a@contoso.example",
      displayName: null,
      userPrincipalName: "a@contoso.example",
      outcome: { kind: "failed", reason: "503" },
    };
    const entries = journalEntries([earlier], [view("a", "done", 1, { kind: "issued" })], new Map([["a", label("a@contoso.example")]]));
    expect(entries).toEqual([{ rowId: "a", user: "a@contoso.example", status: "issued" }]);
  });
});
