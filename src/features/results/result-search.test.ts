import { describe, expect, it } from "vitest";
import type { ResultRow } from "../../lib/tap/run-types";
import { matchCountText, searchRows } from "./result-search";

const row = (
  line: number | null,
  identifier: string,
  displayName: string | null,
  upn: string | null,
  kind: "issued" | "skipped" = "issued",
): ResultRow => ({
  rowId: `r-${identifier}`,
  line,
  identifier,
  displayName,
  userPrincipalName: upn,
  outcome: kind === "issued" ? { kind } : { kind, reason: "Already holds a usable pass" },
});

const rows: ResultRow[] = [
  row(2, "adele@contoso.example", "Adèle Vance", "adele@contoso.example"),
  row(12, "alex@contoso.example", "Alex Wilber", "AlexW@contoso.example"),
  row(112, "1f3c-object-id", "Megan Bowen", "megan@contoso.example", "skipped"),
  row(null, "lee@contoso.example", "Lee Gu", "lee@contoso.example"),
  row(20, "unknown@contoso.example", null, null),
];

const lines = (found: readonly ResultRow[]) => found.map((r) => r.line);

describe("searchRows", () => {
  it("keeps every row for an empty or blank query", () => {
    expect(searchRows(rows, "")).toBe(rows);
    expect(searchRows(rows, "   ")).toBe(rows);
  });

  it("finds by part of the display name, ignoring case and accents", () => {
    expect(lines(searchRows(rows, "adele"))).toEqual([2]);
    expect(lines(searchRows(rows, "VANCE"))).toEqual([2]);
    expect(lines(searchRows(rows, "Adèle"))).toEqual([2]);
  });

  it("finds by part of the UPN and by what the CSV row typed when the user was never resolved", () => {
    expect(lines(searchRows(rows, "alexw@"))).toEqual([12]);
    expect(lines(searchRows(rows, "unknown@"))).toEqual([20]);
    expect(lines(searchRows(rows, "1f3c"))).toEqual([112]);
    expect(lines(searchRows(rows, " lee@contoso "))).toEqual([null]);
  });

  it("finds a line by its exact number, as '12', '#12' or 'line 12', not every line containing the digits", () => {
    expect(lines(searchRows(rows, "12"))).toEqual([12]);
    expect(lines(searchRows(rows, "#12"))).toEqual([12]);
    expect(lines(searchRows(rows, "Line 12"))).toEqual([12]);
    expect(lines(searchRows(rows, "7"))).toEqual([]);
  });

  it("matches nothing when nothing fits", () => {
    expect(searchRows(rows, "zzz")).toEqual([]);
  });
});

describe("matchCountText", () => {
  it("reads naturally for one, many and the outcome shown", () => {
    expect(matchCountText(12, 2000)).toBe("12 of 2,000 rows match");
    expect(matchCountText(1, 2000)).toBe("1 of 2,000 rows matches");
    expect(matchCountText(0, 40, "failed")).toBe("0 of 40 failed rows match");
    expect(matchCountText(1, 1, "issued")).toBe("1 of 1 issued row matches");
  });
});
