import { describe, expect, it } from "vitest";
import { receiptPasses, receiptTenantProblem, type ReceiptPassRow } from "./receipt-targets";

const row = (over: Partial<ReceiptPassRow>): ReceiptPassRow => ({
  line: 2,
  userPrincipalName: "ada@contoso.example",
  userId: "u-1",
  outcome: "issued",
  methodId: "m-1",
  validFrom: "2026-11-30T10:00:00Z",
  validUntil: "2026-11-30T11:00:00Z",
  ...over,
});

describe("receiptPasses", () => {
  it("turns each issued row into exactly its pass (user id + method id), keyed by its place in the receipt", () => {
    const { passes, missingIds } = receiptPasses([
      row({}),
      row({ line: 3, userPrincipalName: "bob@contoso.example", userId: "u-2", outcome: "skipped", methodId: null }),
      row({ line: 4, userPrincipalName: "cy@contoso.example", userId: "u-3", methodId: "m-3" }),
      row({ line: 5, userPrincipalName: "di@contoso.example", userId: "u-4", outcome: "failed", methodId: null }),
    ]);
    expect(missingIds).toBe(0);
    expect(passes).toEqual([
      expect.objectContaining({ key: "receipt-row-1", userId: "u-1", methodId: "m-1", label: "ada@contoso.example", line: 2 }),
      expect.objectContaining({ key: "receipt-row-3", userId: "u-3", methodId: "m-3", label: "cy@contoso.example", line: 4 }),
    ]);
  });

  it("gives the same user's two rows two targets (one per pass) and counts issued rows without ids", () => {
    const { passes, missingIds } = receiptPasses([
      row({ line: null }),
      row({ methodId: "m-2" }),
      row({ methodId: null }),
      row({ userId: null }),
    ]);
    expect(passes.map((pass) => [pass.key, pass.methodId])).toEqual([
      ["receipt-row-1", "m-1"],
      ["receipt-row-2", "m-2"],
    ]);
    expect(passes[0]?.line).toBeNull();
    expect(missingIds).toBe(2);
  });
});

describe("receiptTenantProblem", () => {
  it("accepts the signed-in tenant's receipt (ids compared without case)", () => {
    expect(receiptTenantProblem("AAAA-1", "aaaa-1")).toBeNull();
  });
  it("refuses another tenant's receipt, naming both", () => {
    expect(receiptTenantProblem("bbbb-2", "aaaa-1")).toMatch(/another tenant \(bbbb-2\).*aaaa-1/);
  });
  it("refuses a receipt that names no tenant", () => {
    expect(receiptTenantProblem(null, "aaaa-1")).toMatch(/doesn't say which tenant/);
  });
});
