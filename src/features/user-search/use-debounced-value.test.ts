// @vitest-environment jsdom
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDebouncedValue } from "./use-debounced-value";

describe("useDebouncedValue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("passes a value on only after it has been still for the delay", () => {
    const { result, rerender } = renderHook(({ value }) => useDebouncedValue(value, 250), {
      initialProps: { value: "a" },
    });
    expect(result.current).toBe("a");

    rerender({ value: "ad" });
    act(() => void vi.advanceTimersByTime(249));
    expect(result.current).toBe("a");
    act(() => void vi.advanceTimersByTime(1));
    expect(result.current).toBe("ad");
  });

  it("restarts the wait on every change, so fast typing yields only the last value", () => {
    const { result, rerender } = renderHook(({ value }) => useDebouncedValue(value, 250), {
      initialProps: { value: "" },
    });
    rerender({ value: "a" });
    act(() => void vi.advanceTimersByTime(200));
    rerender({ value: "ad" });
    act(() => void vi.advanceTimersByTime(200));
    rerender({ value: "ade" });
    act(() => void vi.advanceTimersByTime(200));
    expect(result.current).toBe("");
    act(() => void vi.advanceTimersByTime(50));
    expect(result.current).toBe("ade");
  });
});
