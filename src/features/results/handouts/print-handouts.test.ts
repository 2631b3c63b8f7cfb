import { describe, expect, it } from "vitest";
import { PassVault } from "../../../lib/tap/pass-vault";
import type { IssuedPass, ResultRow } from "../../../lib/tap/run-types";
import { handoutSlips } from "./print-handouts";

const pass = (n: number): IssuedPass => ({
  rowId: `r${n}`,
  userId: `id-${n}`,
  userPrincipalName: `p${n}@contoso.example`,
  displayName: `P ${n}`,
  value: `Value${n}!`,
  methodId: `m${n}`,
  createdDateTime: "2026-11-30T00:00:00Z",
  startDateTime: "2026-11-30T00:00:00Z",
  endDateTime: "2026-11-30T01:00:00Z",
  lifetimeInMinutes: 60,
  isUsableOnce: true,
});

const row = (n: number, outcome: ResultRow["outcome"], timeZone?: string): ResultRow => ({
  rowId: `r${n}`,
  line: n + 1,
  identifier: `p${n}@contoso.example`,
  displayName: `P ${n}`,
  userPrincipalName: `p${n}@contoso.example`,
  outcome,
  timeZone,
});

describe("handoutSlips", () => {
  it("prints issued rows still in memory, in the order given, each in its own row's zone", () => {
    const vault = new PassVault();
    for (const n of [1, 2, 4]) vault.put(pass(n));
    const rows = [
      row(4, { kind: "issued" }, "America/New_York"),
      row(1, { kind: "issued" }, "Asia/Tokyo"),
      row(2, { kind: "issued" }),
      row(3, { kind: "issued" }), // issued, but its value already left memory
      row(5, { kind: "skipped", reason: "holds a pass" }),
    ];
    expect(handoutSlips(rows, vault).map((slip) => [slip.pass.rowId, slip.timeZone])).toEqual([
      ["r4", "America/New_York"],
      ["r1", "Asia/Tokyo"],
      ["r2", undefined],
    ]);
  });

  it("marks the slip of a disabled account the admin chose to issue for", () => {
    const vault = new PassVault();
    for (const n of [1, 2]) vault.put(pass(n));
    const rows = [{ ...row(1, { kind: "issued" }), accountDisabled: true }, row(2, { kind: "issued" })];
    expect(handoutSlips(rows, vault).map((slip) => slip.accountDisabled ?? false)).toEqual([true, false]);
  });
});
