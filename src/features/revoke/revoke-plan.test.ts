import { describe, expect, it } from "vitest";
import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import { planRevoke, removableRowIds } from "./revoke-plan";

const row = (rowId: string, kind: "issued" | "failed" = "issued"): ResultRow => ({
  rowId,
  line: null,
  identifier: `${rowId}@contoso.example`,
  displayName: null,
  userPrincipalName: null,
  outcome: kind === "issued" ? { kind } : { kind, reason: "no" },
});
const pass = (rowId: string): IssuedPass => ({
  rowId,
  userId: `id-${rowId}`,
  userPrincipalName: `${rowId}@contoso.example`,
  displayName: rowId,
  value: "secret",
  methodId: `m-${rowId}`,
  createdDateTime: "",
  startDateTime: "",
  endDateTime: "",
  lifetimeInMinutes: 60,
  isUsableOnce: true,
});

describe("planRevoke", () => {
  const rows = [row("a"), row("b"), row("c", "failed"), row("d")];
  const vault = new Map([
    ["a", pass("a")],
    ["b", pass("b")],
    ["c", pass("c")],
  ]);
  const lookup = (rowId: string) => vault.get(rowId);

  it("removes exactly the selected issued passes, by their user and method ids, never carrying the value", () => {
    const plan = planRevoke(rows, new Set(["b", "a"]), lookup);
    expect(plan.targets).toEqual([
      { key: "a", userId: "id-a", methodId: "m-a", label: "a@contoso.example" },
      { key: "b", userId: "id-b", methodId: "m-b", label: "b@contoso.example" },
    ]);
    expect(JSON.stringify(plan)).not.toContain("secret");
    expect(plan.notRemovable).toEqual([]);
  });

  it("names selected rows it can't remove instead of dropping them", () => {
    const plan = planRevoke(rows, new Set(["c", "d", "zzz"]), lookup);
    expect(plan.targets).toEqual([]);
    expect(plan.notRemovable).toEqual(["c", "d", "zzz"]);
  });

  it("offers only issued rows whose pass is still in memory", () => {
    expect(removableRowIds(rows, lookup)).toEqual(["a", "b"]);
  });
});
