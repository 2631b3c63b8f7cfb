import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/*
 * A real print dialog keeps window.print() waiting until it closes; headless Chromium returns at once.
 * Recording the call instead leaves the print sheet mounted, as while the dialog is open, so a test can
 * look at what would print; "afterprint" then closes it.
 */
export async function holdPrintDialogOpen(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = window as unknown as { printCalls: number };
    record.printCalls = 0;
    window.print = () => {
      record.printCalls += 1;
    };
  });
}

/** How many times the page asked to print since it loaded. */
export const printCalls = (page: Page) => page.evaluate(() => (window as unknown as { printCalls: number }).printCalls);

/** Closes the (held) print dialog: back to the screen, the print sheet gone. */
export async function closePrintDialog(page: Page): Promise<void> {
  await page.emulateMedia({ media: "screen" });
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await expect(page.getByTestId("handout-sheet")).toHaveCount(0);
}
