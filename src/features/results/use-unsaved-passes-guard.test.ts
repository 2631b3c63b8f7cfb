// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, renderHook } from "@testing-library/react";
import { PassVault } from "../../lib/tap/pass-vault";
import { samplePass } from "../../test/sample-pass";
import { useUnsavedPassesGuard } from "./use-unsaved-passes-guard";

const pass = samplePass({ displayName: "A" });

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
