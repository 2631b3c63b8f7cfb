import { describe, expect, it } from "vitest";
import type { Candidate } from "../../lib/tap/run-types";
import type { PreflightResult, PreflightRow, PreflightVerdict } from "./preflight-types";
import { selectTargets } from "./select-targets";
import { VERDICT_ORDER, emptyCounts } from "./verdicts";

const UNRESOLVED: ReadonlySet<PreflightVerdict> = new Set(["not-found", "lookup-failed"]);

function resultWithEveryVerdict(): PreflightResult {
  const counts = emptyCounts();
  const rows = VERDICT_ORDER.map((verdict, index): PreflightRow => {
    counts[verdict] += 1;
    const candidate: Candidate = { rowId: `r${index}`, line: index + 2, identifier: `${verdict}@contoso.example`, overrides: {} };
    const row: PreflightRow = { candidate, verdict, detail: `detail of ${verdict}` };
    if (!UNRESOLVED.has(verdict)) row.user = { id: `u${index}`, displayName: null, userPrincipalName: candidate.identifier };
    return row;
  });
  return { rows, counts };
}

describe("selectTargets", () => {
  it("issues ready and expired-pass rows and skips the rest by default", () => {
    const { targets, skipped, replacing } = selectTargets(resultWithEveryVerdict(), { replaceUsablePasses: false });
    expect(targets.map((row) => row.verdict)).toEqual(["ready", "holds-expired-pass"]);
    expect(skipped.map((entry) => entry.row.verdict)).toContain("holds-usable-pass");
    expect(replacing).toBe(0);
  });

  it("also issues to users holding a usable or future pass when the admin chose to replace", () => {
    const { targets, replacing } = selectTargets(resultWithEveryVerdict(), { replaceUsablePasses: true });
    expect(targets.map((row) => row.verdict)).toEqual(["ready", "holds-expired-pass", "holds-usable-pass", "holds-future-pass"]);
    expect(replacing).toBe(2);
  });

  it.each([false, true])("puts every candidate in exactly one of targets or skipped (replace=%s)", (replaceUsablePasses) => {
    const result = resultWithEveryVerdict();
    const { targets, skipped } = selectTargets(result, { replaceUsablePasses });
    const ids = [...targets.map((row) => row.candidate.rowId), ...skipped.map((entry) => entry.row.candidate.rowId)];
    expect(ids.sort()).toEqual(result.rows.map((row) => row.candidate.rowId).sort());
    expect(new Set(ids).size).toBe(result.rows.length);
  });

  it("gives every skipped row a reason, naming the admin's choice for existing passes", () => {
    const { skipped } = selectTargets(resultWithEveryVerdict(), { replaceUsablePasses: false });
    for (const entry of skipped) expect(entry.reason).not.toBe("");
    expect(skipped.find((entry) => entry.row.verdict === "holds-usable-pass")?.reason).toMatch(/you chose to skip/);
    expect(skipped.find((entry) => entry.row.verdict === "disabled")?.reason).toBe("detail of disabled");
  });

  it("never targets a row without a resolved user", () => {
    const result = resultWithEveryVerdict();
    result.rows[0] = { ...result.rows[0]!, user: undefined };
    const { targets, skipped } = selectTargets(result, { replaceUsablePasses: false });
    expect(targets.map((row) => row.verdict)).toEqual(["holds-expired-pass"]);
    expect(skipped.some((entry) => entry.row.verdict === "ready")).toBe(true);
  });

  it("sends disabled accounts only when the admin chose to, judged as if they were enabled", () => {
    const disabled = (index: number, ifEnabled: PreflightVerdict): PreflightRow => ({
      candidate: { rowId: `d${index}`, line: index, identifier: `d${index}@contoso.example`, overrides: {} },
      verdict: "disabled",
      ifEnabled,
      detail: "disabled",
      user: { id: `d${index}`, displayName: null, userPrincipalName: `d${index}@contoso.example`, accountEnabled: false },
    });
    const counts = emptyCounts();
    counts.disabled = 4;
    const result: PreflightResult = {
      rows: [disabled(1, "ready"), disabled(2, "holds-usable-pass"), disabled(3, "external-guest"), disabled(4, "holds-expired-pass")],
      counts,
    };
    const ids = (rows: PreflightRow[]) => rows.map((row) => row.candidate.rowId);
    expect(ids(selectTargets(result, { replaceUsablePasses: true }).targets)).toEqual([]);
    expect(ids(selectTargets(result, { replaceUsablePasses: true, issueForDisabledAccounts: false }).targets)).toEqual([]);
    const optedIn = selectTargets(result, { replaceUsablePasses: false, issueForDisabledAccounts: true });
    expect(ids(optedIn.targets)).toEqual(["d1", "d4"]);
    expect(optedIn.skipped.map((entry) => [entry.row.candidate.rowId, entry.reason])).toEqual([
      ["d2", "Account disabled, and already holds a working pass; you chose to skip these users."],
      ["d3", "disabled"],
    ]);
    const replacing = selectTargets(result, { replaceUsablePasses: true, issueForDisabledAccounts: true });
    expect(ids(replacing.targets)).toEqual(["d1", "d2", "d4"]);
    expect(replacing.replacing).toBe(1);
  });
});
