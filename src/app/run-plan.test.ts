import { describe, expect, it } from "vitest";
import { DOCUMENTED_DEFAULT_POLICY, UNKNOWN_POLICY, type EffectivePolicy } from "../features/pass-settings/pass-policy";
import type { PreflightResult, PreflightRow, PreflightVerdict } from "../features/preflight/preflight-types";
import { emptyCounts } from "../features/preflight/verdicts";
import type { Candidate, PassOverrides, PassSettings, ResultRow } from "../lib/tap/run-types";
import { firstDaySummary, planRun, resultRowsOf, sameTargets, type RowLabel } from "./run-plan";
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

describe("the manager the check read", () => {
  it("reaches every result row: issued (through the run), skipped by the check, none set, or unreadable with Graph's words", () => {
    const boss = { id: "m1", displayName: "Boss", userPrincipalName: "boss@contoso.example", mail: null };
    const failure = { status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges", requestId: "rid" };
    const rows = [
      { ...row(0), manager: boss },
      { ...row(1), manager: null },
      { ...row(2), managerFailure: failure },
      { ...row(3, "disabled"), manager: boss },
    ];
    const input = { candidates: rows.map((each) => each.candidate), earlySkipped: [] };
    const plan = planRun(input, checked(rows), POLICY, SETTINGS, NOW);
    const views: RowView[] = plan.targets.map((target) => ({
      rowId: target.rowId,
      displayLabel: target.displayLabel,
      phase: "done",
      attempts: 1,
      lastProblem: null,
      outcome: { kind: "issued" },
    }));
    const results = resultRowsOf(plan.labels, plan.skipped, views);
    expect(results.map((each) => [each.rowId, each.outcome.kind, each.manager, each.managerLookupFailure])).toEqual([
      ["r0", "issued", boss, undefined],
      ["r1", "issued", null, undefined],
      ["r2", "issued", undefined, failure],
      ["r3", "skipped", boss, undefined],
    ]);
    expect("manager" in (results[2] ?? {})).toBe(false);
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

describe("planRun with starts on each person's start date", () => {
  const firstDay = { time: "07:30", timeZone: "Europe/Berlin", pastStartsNow: false };
  const settings: PassSettings = { ...SETTINGS, lifetimeInMinutes: 480, firstDay };
  function hired(index: number, overrides: PassOverrides, employeeHireDate?: string | null): PreflightRow {
    const base = row(index, "ready", overrides);
    return { ...base, user: base.user ? { ...base.user, employeeHireDate } : undefined };
  }
  function plan(rows: PreflightRow[], chosen: PassSettings = settings) {
    return planRun({ candidates: rows.map((each) => each.candidate), earlySkipped: [] }, checked(rows), POLICY, chosen, NOW);
  }

  it("sends each row's own UTC start: the file's date in the row's zone, else the run's zone, else Entra's hire date", () => {
    const rows = [
      hired(0, { startDate: "2026-06-08", timeZone: "Asia/Tokyo" }),
      hired(1, { startDate: "2026-06-08", timeZone: "America/New_York" }),
      hired(2, { startDate: "2026-06-08" }),
      hired(3, {}, "2026-06-07T22:00:00Z"), // midnight in Berlin on 8 June
    ];
    const result = plan(rows);
    expect(result.targets.map((target) => [target.rowId, target.body.startDateTime])).toEqual([
      ["r0", "2026-06-07T22:30:00.000Z"],
      ["r1", "2026-06-08T11:30:00.000Z"],
      ["r2", "2026-06-08T05:30:00.000Z"],
      ["r3", "2026-06-08T05:30:00.000Z"],
    ]);
    expect(result.starts.get("r0")?.text).toBe(
      "Starts 2026-06-08 07:30 (UTC+09:00) in Asia/Tokyo · 2026-06-07 22:30 UTC · date from the file",
    );
    expect(result.starts.get("r3")?.text).toMatch(/date from Entra's hire date \(2026-06-07T22:00:00Z\)$/);
    expect(result.labels.get("r1")?.timeZone).toBe("America/New_York");
    expect(result.counts.willIssue).toBe(4);
  });

  it("issues nothing for a row without a date or with a passed date, and says why; counts agree", () => {
    const rows = [hired(0, {}, null), hired(1, { startDate: "2026-05-20" }), hired(2, { startDate: "2026-06-08" })];
    const result = plan(rows);
    expect(result.targets.map((target) => target.rowId)).toEqual(["r2"]);
    expect(result.startRefused.get("r0")).toMatch(/^No start date/);
    expect(result.startRefused.get("r1")).toMatch(/2026-05-20 .* has passed\. Not issued/);
    expect(result.counts).toMatchObject({ willIssue: 1, skipped: 2 });
    expect(result.firstDay).toMatchObject({ noDate: 1, past: 1 });
  });

  it("starts passed dates now only when the admin chose so, and says so on the row", () => {
    const result = plan([hired(1, { startDate: "2026-05-20" })], { ...settings, firstDay: { ...firstDay, pastStartsNow: true } });
    expect(result.targets).toHaveLength(1);
    expect(result.targets[0]?.body.startDateTime).toBeUndefined();
    expect(result.starts.get("r1")?.text).toMatch(/^Starts now: start date 2026-05-20 has passed/);
    expect(result.firstDay?.startingNow).toBe(1);
  });

  it("warns about dates more than 60 days ahead and lifetimes shorter than the working day, and still issues", () => {
    const result = plan([hired(0, { startDate: "2026-09-01" }), hired(1, { startDate: "2026-06-08", lifetimeInMinutes: 60 })]);
    expect(result.targets).toHaveLength(2);
    expect(result.starts.get("r0")?.warnings).toEqual(["Starts in 91 days (more than 60 ahead): check the date."]);
    expect(result.starts.get("r1")?.warnings).toEqual(["Lasts 1 hour, so it ends at 08:30, before an 8-hour working day does."]);
    expect(result.firstDay).toMatchObject({ farAhead: 1, shortLifetime: 1 });
  });

  it("says the working-day warning once, in the headline, when the tenant's unreadable default lifetime applies", () => {
    const rows = [hired(0, { startDate: "2026-06-08" })];
    const result = planRun(
      { candidates: rows.map((each) => each.candidate), earlySkipped: [] },
      checked(rows),
      UNKNOWN_POLICY,
      { ...settings, lifetimeInMinutes: null },
      NOW,
    );
    // The same guess for every row: not repeated on each of them.
    expect(result.starts.get("r0")?.warnings).toEqual([]);
    expect(result.firstDay).toMatchObject({ shortLifetime: 0, shortDefaultLifetime: 1 });
    expect(firstDaySummary(result.firstDay)).toEqual([
      "1 pass lasts your tenant's default lifetime, which TAP Desk can't read; if it is Microsoft's 1 hour, it ends before an 8-hour working day does: consider choosing a longer lifetime.",
    ]);
  });

  it("moves a start the clocks skip and says so", () => {
    const result = plan([hired(0, { startDate: "2027-03-14", timeZone: "America/New_York" })], {
      ...settings,
      firstDay: { ...firstDay, time: "02:30" },
    });
    expect(result.targets[0]?.body.startDateTime).toBe("2027-03-14T07:30:00.000Z");
    expect(result.starts.get("r0")?.notes[0]).toMatch(/02:30 doesn't exist on 2027-03-14 in America\/New_York.*starts at 03:30/);
  });

  it("counts the file's start dates a Now or Later run doesn't use, so the check can say so", () => {
    const rows = [hired(0, { startDate: "2026-06-08" }), hired(1, {})];
    expect(plan(rows, SETTINGS).unusedStartDates).toBe(1);
    expect(plan(rows).unusedStartDates).toBe(0);
  });

  it("lets a row's own startDateTime win, and says so", () => {
    const result = plan([hired(0, { startDate: "2026-06-08", startDateTime: "2026-06-09T10:00:00Z" })]);
    expect(result.targets[0]?.body.startDateTime).toBe("2026-06-09T10:00:00.000Z");
    expect(result.starts.get("r0")?.text).toMatch(/own startDateTime \(2026-06-09T10:00:00Z\) is used instead/);
  });

  it("shows results in the row's zone", () => {
    const result = plan([hired(0, { startDate: "2026-06-08", timeZone: "Asia/Tokyo" })]);
    const rows = resultRowsOf(
      result.labels,
      [],
      [{ rowId: "r0", displayLabel: "User 0", phase: "done", attempts: 1, lastProblem: null, outcome: { kind: "issued" } }],
    );
    expect(rows[0]?.timeZone).toBe("Asia/Tokyo");
  });
});

describe("firstDaySummary", () => {
  it("says what isn't issued and what to check, and nothing when all is well or first-day starts are off", () => {
    expect(firstDaySummary(null)).toEqual([]);
    expect(firstDaySummary(null, 3)).toEqual([
      "The file gives start dates for 3 people; they're not used unless you choose “On each person's start date” under When passes start.",
    ]);
    expect(
      firstDaySummary({ noDate: 0, past: 0, startingNow: 0, farAhead: 0, shortLifetime: 0, shortDefaultLifetime: 0, clockChange: 0 }),
    ).toEqual([]);
    const lines = firstDaySummary({
      noDate: 2,
      past: 1,
      startingNow: 0,
      farAhead: 1,
      shortLifetime: 3,
      shortDefaultLifetime: 0,
      clockChange: 0,
    });
    expect(lines).toEqual([
      "2 people have no start date (not in the file, none in Entra): no pass. Add the dates to the file, or choose another start.",
      "1 start date has passed: no pass, unless you choose “Start now for people whose start date has passed”.",
      "1 start is more than 60 days ahead: check those dates.",
      "3 passes end before an 8-hour working day does: consider a longer lifetime.",
    ]);
  });
});
