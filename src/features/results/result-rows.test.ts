import { describe, expect, it } from "vitest";
import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import {
  copyAllText,
  countOutcomes,
  filterRows,
  graphAnswerText,
  outcomeGraphAnswer,
  outcomeReason,
  outcomeRequestId,
  rowUpn,
} from "./result-rows";

const row = (rowId: string, outcome: ResultRow["outcome"], upn: string | null = `${rowId}@contoso.example`): ResultRow => ({
  rowId,
  line: Number(rowId.replace(/\D/g, "")) || null,
  identifier: upn ?? rowId,
  displayName: rowId.toUpperCase(),
  userPrincipalName: upn,
  outcome,
});

const pass = (rowId: string, value: string): IssuedPass => samplePass({ rowId, displayName: rowId, value });

const rows: ResultRow[] = [
  row("r1", { kind: "issued" }),
  row("r2", { kind: "skipped", reason: "Already holds a usable pass" }),
  row("r3", { kind: "failed", reason: "Not allowed", code: "Authorization_RequestDenied", status: 403, requestId: "req-3" }),
  row("r4", { kind: "issued" }),
  row("r5", { kind: "issued" }),
];

describe("result rows", () => {
  it("counts each outcome and the total", () => {
    expect(countOutcomes(rows)).toEqual({ all: 5, issued: 3, skipped: 1, failed: 1 });
  });

  it("filters by outcome, and 'all' keeps every row", () => {
    expect(filterRows(rows, "issued").map((r) => r.rowId)).toEqual(["r1", "r4", "r5"]);
    expect(filterRows(rows, "failed").map((r) => r.rowId)).toEqual(["r3"]);
    expect(filterRows(rows, "all")).toBe(rows);
  });

  it("copies all issued rows as tab-separated UPN and pass lines, exactly as issued", () => {
    const vault = new Map([
      ["r1", pass("r1", "+Ab3$xYz")],
      ["r4", pass("r4", "=Qw8kLm2")],
    ]);
    expect(copyAllText(rows, (id) => vault.get(id))).toBe("r1@contoso.example\t+Ab3$xYz\r\nr4@contoso.example\t=Qw8kLm2");
  });

  it("copies nothing once the values are gone", () => {
    expect(copyAllText(rows, () => undefined)).toBe("");
  });

  it("keeps the plain reason and Graph's own answer (status, code, inner code, message) and request id apart", () => {
    const failed = rows[2]!.outcome;
    expect(outcomeReason(failed)).toBe("Not allowed");
    expect(graphAnswerText(failed)).toBe("Graph 403 Authorization_RequestDenied");
    const full = {
      kind: "failed",
      reason: "r",
      status: 403,
      code: "accessDenied",
      innerCode: "insufficient_claims",
      graphMessage: "Claims needed.",
    } as const;
    expect(graphAnswerText(full)).toBe("Graph 403 accessDenied (inner insufficient_claims): “Claims needed.”");
    expect(outcomeGraphAnswer(full)).toEqual({
      status: "403",
      code: "accessDenied",
      innerCode: "insufficient_claims",
      message: "Claims needed.",
    });
    expect(graphAnswerText({ kind: "failed", reason: "Timed out" })).toBe("");
    expect(outcomeRequestId(failed)).toBe("req-3");
    expect(outcomeReason({ kind: "failed", reason: "Timed out" })).toBe("Timed out");
    expect(outcomeReason(rows[1]!.outcome)).toBe("Already holds a usable pass");
    expect(outcomeReason(rows[0]!.outcome)).toBe("");
  });

  it("names the user by UPN when known, else by what the admin typed", () => {
    expect(rowUpn(row("r9", { kind: "failed", reason: "Not found" }, null))).toBe("r9");
  });
});
