import { expectVisibleFocus, tabTo } from "./support/axe";
import { expect, openSignedIn, test } from "./support/fixtures";
import { createTenant, serveConfig, upnCsv } from "./support/hardening";

test.describe("keyboard only", () => {
  test("a whole bulk journey with Tab, Enter, Space and arrows, focus always visible, progress and copy announced", async ({
    page,
    context,
  }) => {
    test.setTimeout(90_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    // Slow writes keep the run on screen long enough to read its live region.
    const tenant = await createTenant({ knobs: { latency: { readMs: 0, writeMs: 3000, spread: 0 } } });
    await serveConfig(page, tenant);
    const sample = await tenant.sample();
    const ready = sample.ready.slice(0, 6);
    const holding = sample.holdingUsablePass.slice(0, 1);
    await openSignedIn(page);

    // Pick the file: Enter on "Choose a CSV file" opens the chooser.
    await tabTo(page, page.getByRole("button", { name: "Choose a CSV file" }));
    const chooser = page.waitForEvent("filechooser");
    await page.keyboard.press("Enter");
    await (await chooser).setFiles({ name: "onboarding.csv", mimeType: "text/csv", buffer: Buffer.from(upnCsv([...ready, ...holding])) });
    await tabTo(page, page.getByRole("button", { name: "Check 7 users" }));
    await page.keyboard.press("Enter");

    // Review: move between outcome tabs with the arrow keys.
    const tabs = page.getByRole("tablist", { name: "Results by outcome" });
    await tabTo(page, tabs.getByRole("tab", { selected: true }));
    await expect(tabs.getByRole("tab", { selected: true })).toHaveText(/^Ready/);
    await page.keyboard.press("ArrowRight");
    await expect(tabs.getByRole("tab", { name: /^Already holds a usable pass/ })).toBeFocused();
    await page.keyboard.press("Space");
    await expect(tabs.getByRole("tab", { selected: true })).toHaveText(/^Already holds a usable pass/);
    await expectVisibleFocus(tabs.getByRole("tab", { selected: true }));

    // Issue, and the counts are a polite live region while the run goes.
    await tabTo(page, page.getByRole("button", { name: "Issue 6 passes" }));
    await page.keyboard.press("Enter");
    const counts = page.getByTestId("run-counts");
    await expect(counts).toHaveAttribute("role", "status");
    await expect(counts).toHaveAttribute("aria-live", "polite");
    await expect(counts).toContainText(/\d+ issued/);

    // Results: copy all (announced), export, Done.
    await expect(page.getByRole("heading", { name: "Results" })).toBeVisible({ timeout: 60_000 });
    await tabTo(page, page.getByRole("button", { name: "Copy all" }));
    await page.keyboard.press("Enter");
    const announcement = page.getByRole("status").filter({ hasText: "Copied 6 passes" });
    await expect(announcement).toHaveAttribute("aria-live", "polite");
    await tabTo(page, page.getByRole("button", { name: "Export CSV", exact: true }));
    const download = page.waitForEvent("download");
    await page.keyboard.press("Enter");
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    await tabTo(page, page.getByRole("button", { name: "Done" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "Choose a CSV file" })).toBeVisible();
    expect((await tenant.passes()).creations).toHaveLength(6);
  });
});
