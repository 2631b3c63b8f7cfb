import { describe, expect, it } from "vitest";
import type { ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import {
  buildPartialReceipt,
  buildReceipt,
  FULL_NOTE,
  PARTIAL_NOTE,
  passRecordOf,
  receiptSettingsOf,
  recordPasses,
  type RunFacts,
} from "./receipt";
import { receiptCsv, receiptJson } from "./receipt-files";

const VALUES = ['+Ab3"xYz', "=7kP-9qR"];

const rows: ResultRow[] = [
  {
    rowId: "a",
    line: 2,
    identifier: "adele@contoso.example",
    displayName: "Adèle",
    userPrincipalName: "adele@contoso.example",
    outcome: { kind: "issued", requestId: "req-create-a" },
  },
  {
    rowId: "b",
    line: 3,
    identifier: "nobody@contoso.example",
    displayName: null,
    userPrincipalName: null,
    outcome: { kind: "failed", reason: "No such user", code: "Request_ResourceNotFound", status: 404, requestId: "req-404" },
  },
  {
    rowId: "c",
    line: null,
    identifier: "lee@contoso.example",
    displayName: "Lee",
    userPrincipalName: "lee@contoso.example",
    outcome: { kind: "skipped", reason: "Already holds a usable pass" },
  },
  // Issued before the engine passed request ids through: the column stays empty, not invented.
  { rowId: "d", line: 5, identifier: "MEGAN@contoso.example", displayName: "Megan", userPrincipalName: null, outcome: { kind: "issued" } },
];

const vaultPasses = [
  samplePass({
    rowId: "a",
    userId: "0f1e2d3c-aaaa-4bbb-8ccc-000000000001",
    userPrincipalName: "adele@contoso.example",
    value: VALUES[0],
    methodId: "6f2f2a7e-1111-4222-8333-444455556666",
    startDateTime: "2026-11-28T10:15:00.000Z",
    endDateTime: "2026-11-28T11:15:00.000Z",
    isUsableOnce: true,
  }),
  samplePass({
    rowId: "d",
    userId: "0f1e2d3c-aaaa-4bbb-8ccc-000000000004",
    userPrincipalName: "megan@contoso.example",
    value: VALUES[1],
    methodId: "7a7a7a7a-1111-4222-8333-444455556666",
    startDateTime: "2026-11-29T08:00:00.000Z",
    endDateTime: "2026-11-29T16:00:00.000Z",
    lifetimeInMinutes: 480,
    isUsableOnce: false,
  }),
];

const facts: RunFacts = {
  runId: "3b5e9c1a-0d4f-4e6b-9a8c-7d6e5f4a3b2c",
  startedAt: "2026-11-28T10:14:59.000Z",
  endedAt: "2026-11-28T10:15:03.000Z",
  ticket: "INC0012345",
  settings: { lifetimeInMinutes: 60, isUsableOnce: null, startDateTime: null, replaceUsablePasses: false },
  tenant: { id: "11111111-2222-3333-4444-555555555555", displayName: "Contoso" },
  issuer: { displayName: "Helen Desk", userPrincipalName: "helen@contoso.example" },
};

const receipt = () => buildReceipt(facts, rows, recordPasses(new Map(), vaultPasses));

describe("receiptSettingsOf", () => {
  it("records a first-day run's time, zone and past-date choice, and the disabled-accounts choice", () => {
    expect(
      receiptSettingsOf({
        lifetimeInMinutes: 480,
        isUsableOnce: false,
        startDateTime: null,
        replaceUsablePasses: false,
        issueForDisabledAccounts: true,
        firstDay: { time: "07:30", timeZone: "Asia/Tokyo", pastStartsNow: true },
      }),
    ).toEqual({
      lifetimeInMinutes: 480,
      isUsableOnce: false,
      startDateTime: null,
      replaceUsablePasses: false,
      issueForDisabledAccounts: true,
      firstDay: { time: "07:30", timeZone: "Asia/Tokyo", pastStartsNow: true },
    });
  });

  it("adds nothing for a run that starts now and skips disabled accounts", () => {
    expect(
      receiptSettingsOf({
        lifetimeInMinutes: null,
        isUsableOnce: null,
        startDateTime: null,
        replaceUsablePasses: true,
        issueForDisabledAccounts: false,
        firstDay: null,
      }),
    ).toEqual({ lifetimeInMinutes: null, isUsableOnce: null, startDateTime: null, replaceUsablePasses: true });
  });
});

describe("buildReceipt", () => {
  it("records the run: id, tenant, issuer, times, ticket and settings as asked", () => {
    const built = receipt();
    expect(built).toMatchObject({
      kind: "tap-desk-receipt",
      version: 1,
      runId: facts.runId,
      partial: false,
      note: FULL_NOTE,
      tenant: { id: "11111111-2222-3333-4444-555555555555", name: "Contoso" },
      issuer: { name: "Helen Desk", userPrincipalName: "helen@contoso.example" },
      startedAt: "2026-11-28T10:14:59.000Z",
      endedAt: "2026-11-28T10:15:03.000Z",
      ticket: "INC0012345",
      settings: { lifetimeInMinutes: 60, isUsableOnce: null, startDateTime: null, replaceUsablePasses: false },
    });
  });

  it("gives every row its line, user, user id, outcome, method id, validity, use, request id and reason", () => {
    expect(receipt().rows).toEqual([
      {
        line: 2,
        userPrincipalName: "adele@contoso.example",
        userId: "0f1e2d3c-aaaa-4bbb-8ccc-000000000001",
        outcome: "issued",
        methodId: "6f2f2a7e-1111-4222-8333-444455556666",
        validFrom: "2026-11-28T10:15:00.000Z",
        validUntil: "2026-11-28T11:15:00.000Z",
        isUsableOnce: true,
        requestId: "req-create-a",
        reason: "",
      },
      {
        line: 3,
        userPrincipalName: "nobody@contoso.example",
        userId: null,
        outcome: "failed",
        methodId: null,
        validFrom: null,
        validUntil: null,
        isUsableOnce: null,
        requestId: "req-404",
        reason: "No such user",
      },
      {
        line: null,
        userPrincipalName: "lee@contoso.example",
        userId: null,
        outcome: "skipped",
        methodId: null,
        validFrom: null,
        validUntil: null,
        isUsableOnce: null,
        requestId: null,
        reason: "Already holds a usable pass",
      },
      {
        line: 5,
        // Entra's UPN, not the casing the file used.
        userPrincipalName: "megan@contoso.example",
        userId: "0f1e2d3c-aaaa-4bbb-8ccc-000000000004",
        outcome: "issued",
        methodId: "7a7a7a7a-1111-4222-8333-444455556666",
        validFrom: "2026-11-29T08:00:00.000Z",
        validUntil: "2026-11-29T16:00:00.000Z",
        isUsableOnce: false,
        requestId: null,
        reason: "",
      },
    ]);
  });

  it("says when the tenant or the issuer could not be read, rather than guessing", () => {
    const built = buildReceipt({ ...facts, tenant: null, issuer: null }, rows, new Map());
    expect(built.tenant).toEqual({ id: null, name: null });
    expect(built.issuer).toEqual({ name: null, userPrincipalName: null });
  });

  it("holds no pass value anywhere, in the JSON or the CSV", () => {
    const built = receipt();
    for (const file of [receiptJson(built), receiptCsv(built)]) {
      for (const value of VALUES) {
        expect(file).not.toContain(value);
        // Also not in any escaped form: JSON-escaped or CSV-quoted.
        expect(file).not.toContain(JSON.stringify(value).slice(1, -1));
        expect(file).not.toContain(value.replaceAll('"', '""'));
      }
      expect(file).not.toMatch(/temporaryAccessPass"|"value"/);
    }
  });
});

describe("recordPasses", () => {
  it("keeps each pass's metadata without its value, and keeps earlier rounds' passes after the vault was cleared", () => {
    const first = recordPasses(new Map(), [vaultPasses[0]!]);
    expect(Object.keys(first.get("a")!)).not.toContain("value");
    // A later round finds the vault idle-cleared of "a" and holding only "d".
    const second = recordPasses(first, [vaultPasses[1]!]);
    expect([...second.keys()]).toEqual(["a", "d"]);
    expect(second.get("a")?.methodId).toBe("6f2f2a7e-1111-4222-8333-444455556666");
    expect(passRecordOf(vaultPasses[1]!)).not.toHaveProperty("value");
  });
});

describe("buildPartialReceipt", () => {
  it("carries only what the run journal holds, and says so", () => {
    const partial = buildPartialReceipt({ runId: facts.runId, startedAt: facts.startedAt, tenant: facts.tenant, issuer: facts.issuer }, [
      { user: "adele@contoso.example", status: "issued" },
      { user: "lee@contoso.example", status: "uncertain" },
      { user: "kim@contoso.example", status: "not-reached" },
    ]);
    expect(partial).toMatchObject({ partial: true, note: PARTIAL_NOTE, ticket: null, settings: null, endedAt: null });
    expect(partial.tenant.name).toBe("Contoso");
    expect(partial.rows.map((row) => [row.userPrincipalName, row.outcome, row.methodId, row.userId])).toEqual([
      ["adele@contoso.example", "issued", null, null],
      ["lee@contoso.example", "uncertain", null, null],
      ["kim@contoso.example", "not-reached", null, null],
    ]);
  });
});
