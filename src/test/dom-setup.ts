import { afterEach } from "vitest";

// Shared by every jsdom test file: unmount after each test, and give jsdom the ResizeObserver that
// Fluent UI and the virtualizer expect to exist (jsdom has no layout, so it never fires).
if (typeof window !== "undefined") {
  const { cleanup } = await import("@testing-library/react");
  afterEach(() => cleanup());
  if (!("ResizeObserver" in window)) {
    Object.defineProperty(window, "ResizeObserver", {
      configurable: true,
      writable: true,
      value: class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    });
  }
}
