import type { Page } from "@playwright/test";
import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, exportFile, issuePasses, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test, type EmulatedTenant } from "./support/fixtures";
import { leaks, pageTraces } from "./support/page-traces";

test.use({ tenantOptions: { userCount: 120 } });

/** Issues passes to four ready users from a CSV; returns the values as the tenant holds them. */
async function issueFour(page: Page, tenant: EmulatedTenant): Promise<string[]> {
  const upns = (await tenant.sample()).ready.slice(0, 4);
  await openSignedIn(page);
  await uploadCsv(page, { name: "four.csv", mimeType: "text/csv", buffer: userNameCsv(upns) });
  await checkUsers(page, 4);
  await issuePasses(page, 4);
  const held = (await tenant.passes()).passes.filter((pass) => upns.includes(pass.userPrincipalName));
  expect(held).toHaveLength(4);
  const values = held.map((pass) => pass.temporaryAccessPass);
  await expect(page.getByTestId("pass-value")).toHaveCount(4);
  return values;
}

/** A value as it is and as it would look in a URL or a form body. */
const spellings = (values: readonly string[]) => values.flatMap((value) => [value, encodeURIComponent(value)]);

test.describe("pass values live only in the page's memory", () => {
  test("leave nothing in storage, cookies, the address or the console: after the run, after Done, after sign-out", async ({
    page,
    tenant,
    consoleMessages,
  }) => {
    const values = await issueFour(page, tenant);
    const secrets = spellings(values);
    const check = async (when: string) => {
      expect(leaks(await pageTraces(page), secrets), when).toEqual([]);
      expect(leaks({ console: consoleMessages.join("\n") }, secrets), when).toEqual([]);
    };
    await check("with the results on screen");

    await page.getByRole("button", { name: "Done" }).click();
    const confirm = page.getByRole("dialog", { name: "Finish without saving the passes?" });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Clear the passes and finish" }).click();
    await expect(page.getByRole("heading", { name: "Upload a CSV" })).toBeVisible();
    const html = await page.content();
    expect(values.filter((value) => html.includes(value))).toEqual([]);
    await check("after Done");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out")).toBeVisible();
    await check("after sign-out");
  });

  test("Done asks before clearing passes nobody saved, and Go back keeps them", async ({ page, tenant }) => {
    const values = await issueFour(page, tenant);
    await page.getByRole("button", { name: "Done" }).click();
    const confirm = page.getByRole("dialog", { name: "Finish without saving the passes?" });
    await confirm.getByRole("button", { name: "Go back" }).click();
    await expect(confirm).toBeHidden();
    expect((await page.getByTestId("pass-value").allTextContents()).sort()).toEqual([...values].sort());

    await exportFile(page, "Export CSV");
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("heading", { name: "Upload a CSV" })).toBeVisible();
    await expect(confirm).toBeHidden();
  });

  test("asks before the page is left while passes are unsaved, and not once they are exported", async ({ page, tenant }) => {
    await issueFour(page, tenant);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });

    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toEqual(["beforeunload"]);
    expect(page.isClosed()).toBe(false);

    await exportFile(page, "Export for scripts (User Name, Temporary Access Pass)");
    await page.reload();
    await expect(page.getByTestId("admin-name")).toBeVisible();
    expect(dialogs).toEqual(["beforeunload"]);
  });
});
