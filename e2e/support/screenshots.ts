import type { Page } from "@playwright/test";
import { test } from "./fixtures";

/** Screenshots of the page at desktop and phone width into the test's output folder, for a person to look at. */
export async function shootBothWidths(page: Page, name: string, { fullPage = false } = {}): Promise<void> {
  for (const [label, width] of [
    ["desktop", 1280],
    ["phone", 390],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${label}.png`), fullPage });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
