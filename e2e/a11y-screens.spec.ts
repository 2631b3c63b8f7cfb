import { readFileSync } from "node:fs";
import { expectAccessible } from "./support/axe";
import { expect, openSignedIn, test } from "./support/fixtures";
import { createTenant, csvUpload, issueBulk, issueOneOff, serveConfig, upnCsv } from "./support/hardening";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

test.describe("every screen passes axe with no serious or critical violation", () => {
  test("home with the people picker open and with people picked, signed-out page and config error page", async ({ page }) => {
    const tenant = await createTenant({ userCount: 60 });
    await serveConfig(page, tenant);
    await openSignedIn(page);
    await expectAccessible(page, "home");

    // The people picker open on its matches (with account badges), and with people picked.
    const sample = await tenant.sample();
    const box = page.getByRole("combobox", { name: "Find people" });
    await box.pressSequentially(sample.externalGuests[0]?.slice(0, 6) ?? "");
    await expect(page.getByRole("listbox", { name: "Matching people" }).getByText("Guest (external)").first()).toBeVisible();
    await expect(box).toHaveAttribute("aria-expanded", "true");
    await expectAccessible(page, "people picker with matches");
    await box.press("Enter");
    await box.pressSequentially(sample.disabled[0]?.slice(0, 6) ?? "");
    await expect(page.getByRole("listbox", { name: "Matching people" }).getByText("Disabled").first()).toBeVisible();
    await box.press("Enter");
    await expect(page.getByRole("list", { name: "Selected people" }).getByRole("listitem")).toHaveCount(2);
    await expectAccessible(page, "people picker with people picked");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out")).toBeVisible();
    await expectAccessible(page, "signed out");

    await page.unroute("**/config.json");
    await serveConfig(page, tenant, { clientId: undefined });
    await page.goto("/");
    await expect(page.getByText("TAP Desk is not configured correctly")).toBeVisible();
    await expectAccessible(page, "config error");
  });

  test("import summary with problems, column picker, review with tabs and settings, progress, results", async ({ page }) => {
    test.setTimeout(90_000);
    // Slow writes keep the progress screen up while axe looks at it.
    const tenant = await createTenant({ knobs: { latency: { readMs: 0, writeMs: 4000, spread: 0 } } });
    await serveConfig(page, tenant);
    const sample = await tenant.sample();
    await openSignedIn(page);

    await page.getByTestId("csv-file-input").setInputFiles(csvUpload("traversal.csv", fixture("hostile-traversal.csv")));
    await expect(page.getByTestId("import-problems")).toBeVisible();
    await expectAccessible(page, "import summary with problems");

    await page.getByTestId("csv-file-input").setInputFiles(csvUpload("ambiguous.csv", fixture("ambiguous-columns.csv")));
    await expect(page.getByRole("combobox", { name: "Column with the users" })).toBeVisible();
    await expectAccessible(page, "column picker");

    const users = [...sample.ready.slice(0, 12), ...sample.holdingUsablePass.slice(0, 1), ...sample.disabled.slice(0, 1)];
    await page.getByTestId("csv-file-input").setInputFiles(csvUpload("onboarding.csv", upnCsv(users)));
    await page.getByRole("button", { name: `Check ${users.length} users` }).click();
    await expect(page.getByRole("tablist", { name: "Results by outcome" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("Pass settings")).toBeVisible();
    await expectAccessible(page, "review: preflight tabs and settings form");
    await page.getByRole("tab", { name: /Account disabled/ }).click();
    await expectAccessible(page, "review: another tab");

    await page.getByRole("button", { name: "Issue 12 passes" }).click();
    await expect(page.getByTestId("run-counts")).toBeVisible();
    await expectAccessible(page, "issuing progress");

    await expect(page.getByRole("heading", { name: "Results" })).toBeVisible({ timeout: 60_000 });
    await expectAccessible(page, "results (bulk)");
  });

  test("pass card, idle-cleared results, and the interrupted-run notice", async ({ page }) => {
    const tenant = await createTenant();
    await serveConfig(page, tenant, { idleClearMinutes: 0.05 });
    const sample = await tenant.sample();
    await openSignedIn(page);

    await issueOneOff(page, sample.ready[0] ?? "");
    await expectAccessible(page, "pass card (one-off)");
    await expect(page.getByText("Pass values cleared")).toBeVisible({ timeout: 15_000 });
    await expectAccessible(page, "idle-cleared state");

    await page.getByRole("button", { name: "Done" }).click();
    // Enough rows to scroll, none with a button once the values are cleared.
    await issueBulk(page, sample.ready.slice(1, 31));
    await expect(page.getByText("Pass values cleared")).toBeVisible({ timeout: 15_000 });
    await expectAccessible(page, "idle-cleared results (bulk)");
    page.on("dialog", (dialog) => void dialog.accept());
    await page.reload();
    await expect(page.getByTestId("interrupted-run")).toBeVisible();
    await expectAccessible(page, "interrupted-run notice");
  });
});
