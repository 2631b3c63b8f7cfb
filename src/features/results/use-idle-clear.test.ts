// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, renderHook } from "@testing-library/react";
import { PassVault } from "../../lib/tap/pass-vault";
import { samplePass } from "../../test/sample-pass";
import { useIdleClear } from "./use-idle-clear";

const pass = samplePass({ displayName: "A" });

const MIN = 60_000;

describe("useIdleClear", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] }));
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("clears the values after the idle time and says so", () => {
    const vault = new PassVault();
    vault.put(pass);
    const onCleared = vi.fn();
    const { result } = renderHook(() => useIdleClear(vault, 15 * MIN, onCleared));
    expect(result.current).toBe(15 * MIN);

    act(() => void vi.advanceTimersByTime(14 * MIN));
    expect(result.current).toBe(MIN);
    expect(vault.size).toBe(1);

    act(() => void vi.advanceTimersByTime(MIN));
    expect(vault.size).toBe(0);
    expect(onCleared).toHaveBeenCalledOnce();
    expect(result.current).toBeNull();
  });

  it("starts the countdown again on keyboard or pointer activity", () => {
    const vault = new PassVault();
    vault.put(pass);
    const { result } = renderHook(() => useIdleClear(vault, 15 * MIN));

    act(() => void vi.advanceTimersByTime(10 * MIN));
    window.dispatchEvent(new KeyboardEvent("keydown"));
    act(() => void vi.advanceTimersByTime(10 * MIN));
    expect(vault.size).toBe(1);
    expect(result.current).toBe(5 * MIN);

    window.dispatchEvent(new Event("pointerdown"));
    act(() => void vi.advanceTimersByTime(1000));
    expect(result.current).toBe(15 * MIN - 1000);
  });

  it("runs no timer while the vault holds nothing", () => {
    const { result } = renderHook(() => useIdleClear(new PassVault(), 15 * MIN));
    expect(result.current).toBeNull();
  });
});
