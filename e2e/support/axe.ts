import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

/** Serious and critical axe violations on the page as it is now, one readable line per node. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Judge the screen as it settles, not mid-animation: a dialog fading in or out is half transparent,
  // which axe reads as poor contrast. Fluent's motion runs on the Web Animations API.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
  // Tabster's focus-trap sentinels (Fluent UI) are aria-hidden yet focusable by design: focus landing
  // on one is moved on at once, so no one ever stops there. Everything else is checked.
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .exclude("[data-tabster-dummy]")
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} (${violation.impact}): ${node.target.join(" ")} ${node.html.slice(0, 120)} — ${violation.help}`,
      ),
    );
}

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await seriousViolations(page), screen).toEqual([]);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has keyboard focus, as a keyboard user would, and checks
 * the focus is visible there. Fails after `limit` presses.
 */
export async function tabTo(page: Page, target: Locator, { backwards = false, limit = 80 } = {}): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) {
      await expectVisibleFocus(target);
      return;
    }
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${String(target)} never got focus after ${limit} presses of Tab`);
}

/** The focused element shows where focus is: :focus-visible matches and an outline or ring is drawn. */
export async function expectVisibleFocus(target: Locator): Promise<void> {
  const focus = await target.evaluate((element) => {
    const own = getComputedStyle(element);
    const after = getComputedStyle(element, "::after");
    const drawn =
      (own.outlineStyle !== "none" && own.outlineWidth !== "0px") ||
      own.boxShadow !== "none" ||
      element.hasAttribute("data-fui-focus-visible") ||
      (after.content !== "none" && after.borderStyle !== "none");
    return { visible: element.matches(":focus-visible"), drawn };
  });
  expect(focus, String(target)).toEqual({ visible: true, drawn: true });
}
