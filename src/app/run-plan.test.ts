import { describe, expect, it } from "vitest";
import { DOCUMENTED_DEFAULT_POLICY, type EffectivePolicy } from "../features/pass-settings/pass-policy";
import type { PreflightResult, PreflightRow, PreflightVerdict } from "../features/preflight/preflight-types";
import { emptyCounts } from "../features/preflight/verdicts";
import type { Candidate, PassOverrides, PassSettings, ResultRow } from "../lib/tap/run-types";
import { planRun, resultRowsOf, sameTargets, type RowLabel } from "./run-plan";
import type { RowView } from "../features/issuance/issuance-types";

const NOW = Date.parse("2026-06-01T12:00:00Z");
/** A policy the admin can read: passes of 1 to 8 hours. */
const POLICY: EffectivePolicy = { ...DOCUMENTED_DEFAULT_POLICY, source: "tenant" };
const SETTINGS: PassSettings = { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null, replaceUsablePasses: false };

function row(index: number, verdict: PreflightVerdict = "ready", overrides: PassOverrides = {}): PreflightRow {
  const candidate: Candidate = { rowId: `r${index}`, line: index + 2, identifier: `user${index}@contoso.example`, overrides };
  return {
    candidate,
    verdict,
    detail: `detail of ${verdict}`,
    user: { id: `u${index}`, displayName: `User ${index}`, userPrincipalName: candidate.identifier },
  };
}

function checked(rows: PreflightRow[]): PreflightResult {
  const counts = emptyCounts();
  for (const each of rows) counts[each.verdict] += 1;
  return { rows, counts };
}

function refusedInFile(line: number): ResultRow {
  return {
    rowId: `file-${line}`,
    line,
    identifier: "not a user name",
    displayName: null,
    userPrincipalName: null,
    outcome: { kind: "skipped", reason: "Contains a space" },
  };
}

/** Nine checked rows (six plain, 30 minutes, 10 hours, a past start) and two refused in the file. */
function nineAndTwo() {
  const rows = [
    ...[0, 1, 2, 3, 4, 5].map((index) => row(index)),
    row(6, "ready", { lifetimeInMinutes: 30 }),
    row(7, "ready", { lifetimeInMinutes: 600 }),
    row(8, "holds-expired-pass", { startDateTime: "2026-05-29T09:00:00Z" }),
  ];
  return {
    input: { candidates: rows.map((each) => each.candidate), earlySkipped: [refusedInFile(12), refusedInFile(13)] },
    result: checked(rows),
  };
}

describe("planRun", () => {
  it("judges each row's own settings in the check: 6 of 11 get a pass, the other rows say why", () => {
    const { input, result } = nineAndTwo();
    const plan = planRun(input, result, POLICY, SETTINGS, NOW);
    expect(plan.counts).toEqual({ total: 11, willIssue: 6, skipped: 3, refusedInFile: 2, replacing: 0, disabledAccounts: 0 });
    expect(plan.targets.map((target) => target.rowId)).toEqual(["r0", "r1", "r2", "r3", "r4", "r5"]);
    expect(plan.settingsRefused.get("r6")).toMatch(/30 minutes.*1 hour to 8 hours/);
    expect(plan.settingsRefused.get("r7")).toMatch(/10 hours/);
    expect(plan.settingsRefused.get("r8")).toMatch(/already have ended/);
    expect(plan.skipped.map((each) => [each.rowId, each.outcome.kind === "skipped" && each.outcome.reason])).toEqual([
      ["r6", plan.settingsRefused.get("r6")],
      ["r7", plan.settingsRefused.get("r7")],
      ["r8", plan.settingsRefused.get("r8")],
    ]);
    expect(plan.blocked).toBeNull();
  });

  it("puts every input row in exactly one count, whatever the check said", () => {
    const rows = [
      row(0),
      row(1, "holds-usable-pass"),
      row(2, "not-found"),
      row(3, "ready", { lifetimeInMinutes: 20 }),
      row(4, "holds-future-pass"),
    ];
    for (const replaceUsablePasses of [false, true]) {
      const plan = planRun(
        { candidates: rows.map((each) => each.candidate), earlySkipped: [refusedInFile(9)] },
        checked(rows),
        POLICY,
        { ...SETTINGS, replaceUsablePasses },
        NOW,
      );
      const { total, willIssue, skipped, refusedInFile: inFile, replacing } = plan.counts;
      expect(willIssue + skipped + inFile).toBe(total);
      expect(total).toBe(6);
      expect(plan.targets).toHaveLength(willIssue);
      expect(replacing).toBe(replaceUsablePasses ? 2 : 0);
    }
  });

  it("holds every row and starts nothing while the run's own start is Later with no date", () => {
    const { input, result } = nineAndTwo();
    const plan = planRun(input, result, POLICY, { ...SETTINGS, startDateTime: "" }, NOW);
    expect(plan.blocked).not.toBeNull();
    expect(plan.targets).toEqual([]);
    expect(plan.counts.willIssue).toBe(6);
  });

  it("notices when a row's start passes between two plans, so Issue can't send what the screen didn't promise", () => {
    const rows = [row(0), row(1, "ready", { startDateTime: "2026-06-01T12:30:00Z", lifetimeInMinutes: 60 })];
    const input = { candidates: rows.map((each) => each.candidate), earlySkipped: [] };
    const shown = planRun(input, checked(rows), POLICY, SETTINGS, NOW);
    expect(shown.counts.willIssue).toBe(2);
    const later = planRun(input, checked(rows), POLICY, SETTINGS, Date.parse("2026-06-01T13:31:00Z"));
    expect(later.counts.willIssue).toBe(1);
    expect(sameTargets(shown, later)).toBe(false);
    expect(sameTargets(shown, planRun(input, checked(rows), POLICY, SETTINGS, NOW + 1_000))).toBe(true);
  });
});

describe("planRun and disabled accounts", () => {
  const disabled = (index: number, ifEnabled: PreflightVerdict = "ready"): PreflightRow => ({
    ...row(index, "disabled"),
    ifEnabled,
  });
  const rows = [row(0), disabled(1), disabled(2, "holds-future-pass"), disabled(3, "needs-privileged-admin")];
  const input = { candidates: rows.map((each) => each.candidate), earlySkipped: [] };

  it("skips disabled accounts by default, saying why", () => {
    const plan = planRun(input, checked(rows), POLICY, SETTINGS, NOW);
    expect(plan.targets.map((target) => target.rowId)).toEqual(["r0"]);
    expect(plan.counts).toMatchObject({ total: 4, willIssue: 1, skipped: 3, disabledAccounts: 0 });
    expect(plan.disabledSent.size).toBe(0);
    expect(plan.labels.get("r1")?.accountDisabled).toBeUndefined();
  });

  it("sends them when the admin opts in, counts and marks each, and still honours the replace choice", () => {
    const plan = planRun(input, checked(rows), POLICY, { ...SETTINGS, issueForDisabledAccounts: true }, NOW);
    expect(plan.targets.map((target) => target.rowId)).toEqual(["r0", "r1"]);
    expect(plan.counts).toMatchObject({ total: 4, willIssue: 2, skipped: 2, disabledAccounts: 1, replacing: 0 });
    expect([...plan.disabledSent]).toEqual(["r1"]);
    expect(plan.labels.get("r1")?.accountDisabled).toBe(true);
    expect(plan.labels.get("r0")?.accountDisabled).toBeUndefined();

    const replacing = planRun(
      input,
      checked(rows),
      POLICY,
      { ...SETTINGS, issueForDisabledAccounts: true, replaceUsablePasses: true },
      NOW,
    );
    expect(replacing.targets.map((target) => target.rowId)).toEqual(["r0", "r1", "r2"]);
    expect(replacing.counts).toMatchObject({ willIssue: 3, disabledAccounts: 2, replacing: 1 });
  });

  it("carries the mark into the results rows", () => {
    const plan = planRun(input, checked(rows), POLICY, { ...SETTINGS, issueForDisabledAccounts: true }, NOW);
    const done = (rowId: string): RowView => ({
      rowId,
      displayLabel: rowId,
      phase: "done",
      attempts: 1,
      lastProblem: null,
      outcome: { kind: "issued" },
    });
    const results = resultRowsOf(plan.labels, plan.skipped, [done("r0"), done("r1")]);
    expect(results.map((each) => [each.rowId, each.outcome.kind, each.accountDisabled ?? false])).toEqual([
      ["r0", "issued", false],
      ["r1", "issued", true],
      ["r2", "skipped", false],
      ["r3", "skipped", false],
    ]);
  });
});

describe("resultRowsOf", () => {
  const view = (rowId: string, outcome: RowView["outcome"]): RowView => ({
    rowId,
    displayLabel: `label ${rowId}`,
    phase: "done",
    attempts: 1,
    lastProblem: null,
    outcome,
  });
  const labels = new Map<string, RowLabel>([
    ["a", { line: 3, identifier: "a@contoso.example", displayName: "A", userPrincipalName: "a@contoso.example" }],
    ["b", { line: 2, identifier: "b@contoso.example", displayName: "B", userPrincipalName: "b@contoso.example" }],
  ]);
  const refused: ResultRow = {
    rowId: "x",
    line: 4,
    identifier: "bad",
    displayName: null,
    userPrincipalName: null,
    outcome: { kind: "skipped", reason: "invalid" },
  };

  it("labels run rows as the check showed them, keeps earlier rows, and orders by file line", () => {
    const rows = resultRowsOf(
      labels,
      [refused],
      [view("a", { kind: "failed", reason: "boom" }), view("b", { kind: "skipped", reason: "cancelled" })],
    );
    expect(rows.map((row) => [row.rowId, row.line, row.displayName])).toEqual([
      ["b", 2, "B"],
      ["a", 3, "A"],
      ["x", 4, null],
    ]);
  });

  it("gives a row the run never sent a failed outcome, so no row is left without one", () => {
    const [row] = resultRowsOf(labels, [], [view("a", null)]);
    expect(row?.outcome).toEqual({ kind: "failed", reason: "The run ended before this row was sent." });
  });

  it("replaces an earlier round's outcome with the retry's, never showing a row twice", () => {
    const earlier: ResultRow = {
      rowId: "a",
      line: 3,
      identifier: "a@contoso.example",
      displayName: "A",
      userPrincipalName: null,
      outcome: { kind: "failed", reason: "first try" },
    };
    const rows = resultRowsOf(labels, [earlier, refused], [view("a", { kind: "skipped", reason: "second try" })]);
    expect(rows.map((row) => [row.rowId, row.outcome.kind])).toEqual([
      ["a", "skipped"],
      ["x", "skipped"],
    ]);
  });
});
