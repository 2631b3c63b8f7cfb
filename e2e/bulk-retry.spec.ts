import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, directoryUsers, exportFile, filterCounts, issuePasses, parseResultsExport, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test } from "./support/fixtures";

test.use({ tenantOptions: { userCount: 120 } });

test.describe("retrying failed rows", () => {
  test("re-runs only the rows that failed, and keeps the passes already issued", async ({ page, tenant }) => {
    const users = await directoryUsers(tenant, (await tenant.sample()).ready.slice(0, 6));
    const blocked = users.slice(1, 3);
    await openSignedIn(page);
    await uploadCsv(page, { name: "retry.csv", mimeType: "text/csv", buffer: userNameCsv(users.map((user) => user.userPrincipalName)) });
    await checkUsers(page, 6);

    // Between the check and the run the tenant's policy starts excluding two of them: Graph refuses those for good.
    await tenant.update({ policy: { excludeUsers: blocked.map((user) => user.userPrincipalName) } });
    await issuePasses(page, 6);
    expect(await filterCounts(page)).toEqual({ all: 6, issued: 4, skipped: 0, failed: 2 });
    await page.getByRole("button", { name: "Failed 2" }).click();
    const failedRows = page.getByRole("table", { name: "Results per user" }).getByRole("row");
    await expect(failedRows).toHaveCount(3);
    for (const user of blocked) {
      const row = failedRows.filter({ hasText: user.userPrincipalName });
      await expect(row).toContainText("Failed");
      await expect(row).toContainText("policy");
    }
    const firstValues = new Map((await tenant.passes()).passes.map((pass) => [pass.userPrincipalName, pass.temporaryAccessPass]));

    // The admin fixes the policy and retries.
    await tenant.update({ policy: { excludeUsers: [] } });
    const { entries: before } = await tenant.log();
    const since = before.at(-1)?.seq ?? 0;
    await page.getByRole("button", { name: "Retry failed rows" }).click();
    await expect(page.getByRole("button", { name: "Failed 0" })).toBeVisible({ timeout: 30_000 });
    expect(await filterCounts(page)).toEqual({ all: 6, issued: 6, skipped: 0, failed: 0 });

    const creates = (await tenant.log(since)).entries.filter(
      (entry) => entry.method === "POST" && entry.url.includes("/temporaryAccessPassMethods"),
    );
    expect(creates.map((entry) => entry.url.split("/")[entry.url.startsWith("/") ? 2 : 1]).sort()).toEqual(
      blocked.map((user) => user.id).sort(),
    );

    const exported = parseResultsExport((await exportFile(page, "Export CSV")).bytes);
    const held = new Map((await tenant.passes()).passes.map((pass) => [pass.userPrincipalName, pass.temporaryAccessPass]));
    expect(exported.map((row) => [row["User"], row["Outcome"], row["Temporary Access Pass"]])).toEqual(
      users.map((user) => [user.userPrincipalName, "Issued", held.get(user.userPrincipalName)]),
    );
    for (const user of users.filter((candidate) => !blocked.includes(candidate))) {
      expect(held.get(user.userPrincipalName), "an earlier pass was left alone").toBe(firstValues.get(user.userPrincipalName));
    }
  });
});
