import { afterEach, describe, expect, it } from "vitest";
import { lastReceipt } from "../features/receipts/last-receipt";
import { buildReceipt } from "../features/receipts/receipt";
import { passVault } from "../lib/tap/pass-vault";
import { samplePass } from "../test/sample-pass";
import { clearSecrets } from "./secrets";

describe("clearSecrets (sign-out)", () => {
  afterEach(() => {
    passVault.clear();
    lastReceipt.clear();
  });

  it("drops the pass values and the last run's receipt, which otherwise outlives Done", () => {
    passVault.put(samplePass());
    const receipt = buildReceipt(
      { runId: "r", startedAt: "2026-11-28T10:00:00Z", endedAt: null, ticket: null, settings: null, tenant: null, issuer: null },
      [],
      new Map(),
    );
    lastReceipt.set(receipt);
    expect(lastReceipt.get()).toBe(receipt);
    clearSecrets();
    expect(passVault.size).toBe(0);
    expect(lastReceipt.get()).toBeNull();
  });
});
