import { userNameCsv } from "./support/bulk-csv";
import {
  checkUsers,
  exportFile,
  filterCounts,
  issuePasses,
  parseResultsExport,
  reviewHeadline,
  shownRows,
  uploadCsv,
} from "./support/bulk-flow";
import { expectAccessible } from "./support/axe";
import { shootBothWidths } from "./support/screenshots";
import { closePrintDialog, holdPrintDialogOpen } from "./support/print-dialog";
import { expect, openSignedIn, test, type EmulatedTenant } from "./support/fixtures";

test.use({ tenantOptions: { userCount: 150 } });

const NOTE = "Account disabled — the pass works once the account is enabled";

async function passHolders(tenant: EmulatedTenant): Promise<Set<string>> {
  const { passes } = await tenant.passes();
  return new Set(passes.map((pass) => pass.userPrincipalName.toLowerCase()));
}

test.describe("pre-staged (disabled) accounts", () => {
  test("are skipped by default, and get a pass marked as such only when the admin opts in for the run", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const ready = sample.ready[0] ?? "";
    const [disabledA, disabledB] = sample.disabled;
    if (!disabledA || !disabledB) throw new Error("the tenant has fewer than two disabled accounts");
    const file = { name: "onboarding.csv", mimeType: "text/csv", buffer: userNameCsv([ready, disabledA, disabledB]) };
    const before = await passHolders(tenant);
    expect(before.has(disabledA.toLowerCase()) || before.has(disabledB.toLowerCase())).toBe(false);
    await holdPrintDialogOpen(page);
    await openSignedIn(page);

    // Off by default: the count is shown beside the option, and only the enabled user is counted.
    await uploadCsv(page, file);
    await checkUsers(page, 3);
    const option = page.getByRole("checkbox", {
      name: /^Also issue for disabled accounts \(they can sign in once enabled\) — 2 disabled accounts$/,
    });
    await expect(option).not.toBeChecked();
    await expect(reviewHeadline(page)).toHaveText("1 of 3 will get a pass");
    await expect(page.getByRole("button", { name: "Issue 1 pass" })).toBeEnabled();

    // On: the headline, the tab's rows and the Issue button all follow the one plan.
    await option.check();
    await expect(reviewHeadline(page)).toHaveText("3 of 3 will get a pass");
    const review = page.getByRole("region", { name: "Check results" });
    await expect(review.getByText("2 of them are disabled accounts: the pass works once the account is enabled.")).toBeVisible();
    await review.getByRole("tab", { name: /Account disabled/ }).click();
    await expect(review.getByRole("table", { name: "Account disabled: 2 users" }).getByText(`${NOTE}.`)).toHaveCount(2);
    await expectAccessible(page, "check with disabled accounts opted in");
    await shootBothWidths(page, "disabled-check", { fullPage: true });

    // Off again before issuing: nothing is sent to the disabled accounts.
    await option.uncheck();
    await expect(reviewHeadline(page)).toHaveText("1 of 3 will get a pass");
    await issuePasses(page, 1);
    let holders = await passHolders(tenant);
    expect(holders.has(ready.toLowerCase())).toBe(true);
    expect(holders.has(disabledA.toLowerCase())).toBe(false);
    expect(holders.has(disabledB.toLowerCase())).toBe(false);
    expect((await shownRows(page)).filter((row) => row.text.includes(NOTE))).toEqual([]);

    // A new run with the option on: both disabled accounts get a pass in the tenant, each row marked.
    await page.getByRole("button", { name: "Done" }).click();
    // The pass was neither exported nor copied: Done asks first.
    await page.getByRole("button", { name: "Clear the passes and finish" }).click();
    await uploadCsv(page, { ...file, buffer: userNameCsv([disabledA, disabledB]) });
    await checkUsers(page, 2);
    await expect(reviewHeadline(page)).toHaveText("0 of 2 will get a pass");
    await page.getByRole("checkbox", { name: /^Also issue for disabled accounts/ }).check();
    await issuePasses(page, 2);
    holders = await passHolders(tenant);
    expect(holders.has(disabledA.toLowerCase())).toBe(true);
    expect(holders.has(disabledB.toLowerCase())).toBe(true);
    expect(await filterCounts(page)).toEqual({ all: 2, issued: 2, skipped: 0, failed: 0 });
    const rows = await shownRows(page);
    expect(rows.map((row) => [row.user.includes(disabledA) || row.user.includes(disabledB), row.text.includes(NOTE)])).toEqual([
      [true, true],
      [true, true],
    ]);
    // The export carries the mark, so a file read later still says why the pass doesn't work yet.
    const exported = parseResultsExport((await exportFile(page, "Export CSV")).bytes);
    expect(exported.map((row) => row["Account"])).toEqual([NOTE, NOTE]);
    await expectAccessible(page, "results with disabled accounts");
    await shootBothWidths(page, "disabled-results", { fullPage: true });

    // Each person's slip tells them too, and the extra line still fits the smallest slip.
    await page.getByRole("button", { name: "Print handouts" }).click();
    const dialog = page.getByRole("dialog", { name: "Print handouts" });
    await dialog.getByRole("radio", { name: "8 slips per page, with cut lines" }).check();
    await dialog.getByRole("button", { name: "Print" }).click();
    await page.emulateMedia({ media: "print" });
    const slips = page.getByTestId("handout-slip");
    await expect(slips).toHaveCount(2);
    for (const slip of await slips.all()) {
      await expect(slip).toContainText("Your account is not enabled yet: this pass works once IT enables it.");
      expect(await slip.evaluate((element) => element.scrollHeight <= element.clientHeight)).toBe(true);
    }
    await page.screenshot({ path: test.info().outputPath("disabled-slips-8-per-page.png"), fullPage: true });
    await closePrintDialog(page);
  });
});
