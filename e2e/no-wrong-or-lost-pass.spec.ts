import { expectAccessible } from "./support/axe";
import { checkUsers, exportFile, filterCounts, reviewHeadline, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test } from "./support/fixtures";
import { csvUpload, issueBulk, issueOneOff, issuedValues } from "./support/hardening";
import { allowClipboard } from "./support/search-helpers";

// A tenant whose policy allows passes of 1 to 8 hours (readable only by the reader-paa persona).
test.use({
  tenantOptions: { userCount: 150, policy: { minimumLifetimeInMinutes: 60, maximumLifetimeInMinutes: 480, defaultLifetimeInMinutes: 60 } },
});

test.describe("no wrong pass, no lost pass", () => {
  test("Later with no start date blocks Issue, with the reason on the field, until a date is picked", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const upn = sample.ready[0] ?? "";
    await openSignedIn(page);
    await page.getByRole("combobox", { name: "Find people" }).fill(upn);
    await page
      .getByRole("option")
      .filter({ has: page.getByText(upn, { exact: true }) })
      .click();
    await page.getByRole("button", { name: "Continue", exact: true }).click();
    await expect(page.getByRole("region", { name: "Check results" })).toBeVisible({ timeout: 30_000 });
    const issue = page.getByRole("button", { name: "Issue 1 pass" });
    await expect(issue).toBeEnabled();

    await page.getByRole("radio", { name: "Later" }).check();
    const settings = page.getByRole("form", { name: "Pass settings" });
    await expect(settings.getByText("Pick the date and time passes start, or choose Now.")).toBeVisible();
    await expect(settings.getByRole("status")).not.toContainText("start now");
    await expect(issue).toBeDisabled();
    await expectAccessible(page, "settings with Later and no date");

    // A real date lifts the block; the pass then starts when asked.
    const start = new Date(Date.now() + 2 * 24 * 3_600_000);
    start.setSeconds(0, 0);
    const local = new Date(start.getTime() - start.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await settings.getByLabel(/Start date and time/).fill(local);
    await expect(issue).toBeEnabled();
    await issue.click();
    await expect(page.getByTestId("pass-value")).toBeVisible({ timeout: 30_000 });
    const { passes } = await tenant.passes();
    const issued = passes.find((pass) => pass.userPrincipalName.toLowerCase() === upn.toLowerCase());
    expect(Date.parse(issued?.startDateTime ?? "")).toBe(start.getTime());
  });

  test("Sign out with unsaved passes asks first, and Go back keeps the passes on screen", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const users = sample.ready.slice(0, 3);
    await openSignedIn(page);
    await issueBulk(page, users);
    const values = await issuedValues(tenant, users);

    await page.getByRole("button", { name: "Sign out" }).click();
    const confirm = page.getByRole("dialog", { name: "Sign out without saving the passes?" });
    await expect(confirm).toBeVisible();
    await expectAccessible(page, "sign-out question");
    await confirm.getByRole("button", { name: "Go back" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId("admin-name")).toBeVisible();
    expect((await page.getByTestId("pass-value").allTextContents()).sort()).toEqual([...values].sort());

    await page.getByRole("button", { name: "Sign out" }).click();
    await confirm.getByRole("button", { name: "Clear the passes and sign out" }).click();
    await expect(page.getByText("You are signed out")).toBeVisible();
  });

  test("Done on the one-off pass card asks while the pass was not copied or printed", async ({ page, context, tenant }) => {
    await allowClipboard(context);
    const sample = await tenant.sample();
    const upn = sample.ready[0] ?? "";
    await openSignedIn(page);
    await issueOneOff(page, upn);
    const [value] = await issuedValues(tenant, [upn]);

    await page.getByRole("button", { name: "Done" }).click();
    const confirm = page.getByRole("dialog", { name: "Finish without saving the passes?" });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Go back" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId("pass-value")).toHaveText(value ?? "", { useInnerText: false });

    // Once copied, Done finishes without asking.
    await page.getByRole("button", { name: "Copy pass" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("heading", { name: "Upload a CSV" })).toBeVisible();
    await expect(confirm).toHaveCount(0);
  });

  test("rows asking for their own lifetime or start are judged in the check, and the check, Issue and results agree", async ({
    page,
    tenant,
  }) => {
    const sample = await tenant.sample();
    const ready = sample.ready.slice(0, 9);
    const pastStart = new Date(Date.now() - 3 * 24 * 3_600_000).toISOString().slice(0, 19) + "Z";
    const rows = [
      ...ready.slice(0, 6).map((upn) => `${upn},,`),
      `${ready[6]},30,`,
      `${ready[7]},600,`,
      `${ready[8]},,${pastStart}`,
      "not a user name,,",
      `${(ready[0] ?? "").toUpperCase()},,`,
    ];
    // The rows are judged against the tenant's policy, so the signed-in admin must be able to read it.
    await tenant.update({ persona: "reader-paa" });
    await openSignedIn(page);
    await uploadCsv(page, csvUpload("own-settings.csv", ["UserName,LifetimeInMinutes,StartDateTime", ...rows].join("\r\n") + "\r\n"));
    await checkUsers(page, 9);
    await expect(page.getByText("Your tenant allows passes lasting 1 hour to 8 hours.")).toBeVisible();

    await expect(reviewHeadline(page)).toHaveText("6 of 11 will get a pass");
    const review = page.getByRole("region", { name: "Check results" });
    await expect(review.getByText("3 will be skipped and 2 were refused in the file; the reasons are listed below.")).toBeVisible();
    await review.getByRole("tab", { name: /Settings not allowed/ }).click();
    const refused = review.getByRole("table", { name: /Settings not allowed/ });
    await expect(refused.getByRole("row").filter({ hasText: ready[6] ?? "" })).toContainText("30 minutes");
    await expect(refused.getByRole("row").filter({ hasText: ready[7] ?? "" })).toContainText("10 hours");
    await expect(refused.getByRole("row").filter({ hasText: ready[8] ?? "" })).toContainText("already have ended");
    await expectAccessible(page, "check with rows refused for their own settings");
    await review.getByRole("tab", { name: /Refused in the file/ }).click();
    await expect(review.getByRole("table", { name: /Refused in the file/ }).getByRole("row")).toHaveCount(3);

    await page.getByRole("button", { name: "Issue 6 passes" }).click();
    await expect(page.getByRole("heading", { name: "Results" })).toBeVisible({ timeout: 60_000 });
    expect(await filterCounts(page)).toEqual({ all: 11, issued: 6, skipped: 5, failed: 0 });
    const { passes } = await tenant.passes();
    const issuedTo = new Set(passes.map((pass) => pass.userPrincipalName.toLowerCase()));
    expect(ready.filter((upn) => issuedTo.has(upn.toLowerCase()))).toEqual(ready.slice(0, 6));
  });

  test("a screen that crashes keeps the passes: Export from the error view, and the page still asks before a reload", async ({
    page,
    tenant,
  }) => {
    const sample = await tenant.sample();
    const users = sample.ready.slice(0, 2);
    await openSignedIn(page);
    await issueBulk(page, users);
    const values = await issuedValues(tenant, users);

    // Break something the results render with, then make them render again.
    await page.evaluate(() => {
      Number.prototype.toLocaleString = () => {
        throw new Error("a test broke number formatting");
      };
    });
    await page.getByRole("button", { name: /^Issued/ }).click();
    await expect(page.getByText("Something went wrong")).toBeVisible();
    await expect(page.getByText("2 passes are still in this page's memory.", { exact: false })).toBeVisible();
    await expectAccessible(page, "crash view with passes");

    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toEqual(["beforeunload"]);
    expect(page.isClosed()).toBe(false);
    await expect(page.getByText("Something went wrong")).toBeVisible();

    const file = await exportFile(page, "Export for scripts (User Name, Temporary Access Pass)");
    const text = file.bytes.toString("utf8");
    for (const value of values) expect(text).toContain(value);
    // Saved now: the page lets go without asking.
    await page.reload();
    await expect(page.getByTestId("admin-name")).toBeVisible();
    expect(dialogs).toEqual(["beforeunload"]);
  });
});
