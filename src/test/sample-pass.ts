import type { IssuedPass } from "../lib/tap/run-types";

/** An issued pass for tests: one hour from 10:00 UTC, one-time; override what the test is about. */
export function samplePass(overrides: Partial<IssuedPass> = {}): IssuedPass {
  const rowId = overrides.rowId ?? "a";
  return {
    rowId,
    userId: `id-${rowId}`,
    userPrincipalName: `${rowId}@contoso.example`,
    displayName: rowId.toUpperCase(),
    value: "+secret",
    methodId: "m",
    createdDateTime: "2026-11-28T10:00:00Z",
    startDateTime: "2026-11-28T10:00:00Z",
    endDateTime: "2026-11-28T11:00:00Z",
    lifetimeInMinutes: 60,
    isUsableOnce: true,
    ...overrides,
  };
}
