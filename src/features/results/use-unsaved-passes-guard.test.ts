// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, renderHook } from "@testing-library/react";
import { PassVault } from "../../lib/tap/pass-vault";
import type { IssuedPass } from "../../lib/tap/run-types";
import { useUnsavedPassesGuard } from "./use-unsaved-passes-guard";

const pass: IssuedPass = {
  rowId: "a",
  userId: "id-a",
  userPrincipalName: "a@contoso.example",
  displayName: "A",
  value: "+secret",
  methodId: "m",
  createdDateTime: "2026-11-28T10:00:00Z",
  startDateTime: "2026-11-28T10:00:00Z",
  endDateTime: "2026-11-28T11:00:00Z",
  lifetimeInMinutes: 60,
  isUsableOnce: true,
};

describe("useUnsavedPassesGuard", () => {
  afterEach(cleanup);

  const leave = () => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event;
  };

  it("asks before leaving only while values are unsaved", () => {
    const vault = new PassVault();
    renderHook(() => useUnsavedPassesGuard(vault));
    expect(leave().defaultPrevented).toBe(false);

    act(() => vault.put(pass));
    expect(leave().defaultPrevented).toBe(true);

    act(() => vault.markSaved());
    expect(leave().defaultPrevented).toBe(false);
  });
});
