import { describe, expect, it } from "vitest";
import { importCsv } from "./import-csv";
import { importSkippedRows, toCandidates } from "./import-outcomes";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("importSkippedRows", () => {
  it("gives every refused row a skipped outcome, so valid and skipped rows cover the file", () => {
    const outcome = importCsv(bytes("UserName\nada@contoso.example\n../../me\nADA@contoso.example\n\nbob@contoso.example\n"));
    if (!outcome.ok) throw new Error(outcome.error.message);
    const skipped = importSkippedRows(outcome.result);
    const candidates = toCandidates(outcome.result);
    expect(candidates.map((c) => c.line)).toEqual([2, 6]);
    expect(skipped.map((row) => row.line)).toEqual([3, 4, 5]);
    expect(skipped.find((row) => row.line === 4)?.outcome).toEqual({ kind: "skipped", reason: "Duplicate of line 2" });
    expect(new Set([...candidates.map((c) => c.rowId), ...skipped.map((r) => r.rowId)]).size).toBe(outcome.result.counts.total);
  });
});
