import { vi } from "vitest";

/**
 * jsdom has no layout: give every element a size and a do-nothing ResizeObserver so the virtualised
 * results table renders a window of rows. Undo with `vi.unstubAllGlobals()` / `vi.restoreAllMocks()`.
 */
export function stubVirtualLayout(): void {
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(640);
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1200);
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
}
