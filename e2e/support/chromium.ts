import { existsSync } from "node:fs";

/**
 * The browser the tests and the benchmark drive: CHROMIUM_PATH, else Debian's chromium. Undefined lets
 * Playwright use its own (installed by scripts/ensure-browser.mjs where no system Chromium exists).
 */
export function chromiumExecutable(): string | undefined {
  return [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path): path is string =>
    Boolean(path && existsSync(path)),
  );
}

/** Flags that keep headless Chromium quiet and offline-friendly here (no background calls home). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
