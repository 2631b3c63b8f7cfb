import { checkUsers, directoryUsers, exportFile, filterCounts, issuePasses, parseResultsExport, uploadCsv } from "./support/bulk-flow";
import { expectAccessible } from "./support/axe";
import { expect, openSignedIn, test } from "./support/fixtures";

/*
 * The TAP policy is unreadable for Authentication and Privileged Authentication Administrators on a
 * real tenant (graph-reference §0.3), so these journeys are TAP Desk's main path: it must send what
 * the admin chose, let Entra decide, and learn from Entra's refusals.
 */

test.use({ tenantOptions: { userCount: 600 } });

test.describe("a Privileged Authentication Administrator who can't read the TAP policy", () => {
  test("says the tenant's limits are unknown and sends a 1-day lifetime as 1,440 minutes", async ({ page, tenant }) => {
    // The tenant allows a day; the admin can't see that, and TAP Desk must not clamp to a guess.
    await tenant.update({ policy: { minimumLifetimeInMinutes: 60, maximumLifetimeInMinutes: 1440 } });
    const users = await directoryUsers(tenant, (await tenant.sample()).ready.slice(0, 3));
    await openSignedIn(page);
    await uploadCsv(page, {
      name: "day.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(["UserName", ...users.map((user) => user.userPrincipalName)].join("\r\n")),
    });
    await checkUsers(page, 3);

    const settings = page.getByRole("region", { name: "Pass settings" });
    await expect(settings.getByText("Your role can't read the tenant's TAP policy")).toBeVisible();
    await expect(settings.getByText(/are unknown to TAP Desk.*within what Entra accepts \(10 minutes to 30 days\)/)).toBeVisible();
    const lifetime = settings.getByRole("radiogroup", { name: "How long passes last" });
    await expect(lifetime.getByRole("radio", { name: "Tenant default (unknown to TAP Desk; Entra applies it)" })).toBeChecked();
    await lifetime.getByRole("radio", { name: "1 day" }).check();
    await expect(settings.getByRole("status")).toContainText("Passes last 1 day");

    await issuePasses(page, 3);
    expect(await filterCounts(page)).toEqual({ all: 3, issued: 3, skipped: 0, failed: 0 });
    const passes = (await tenant.passes()).passes.filter((pass) => users.some((user) => user.id === pass.userId));
    expect(passes.map((pass) => pass.lifetimeInMinutes)).toEqual([1440, 1440, 1440]);
    // One-time use was left to the tenant's policy (not one-time here), so no choice was sent for it.
    expect(passes.every((pass) => !pass.isUsableOnce)).toBe(true);
  });

  test("a Global Reader + PAA reads the policy and is offered only what it allows", async ({ page, tenant }) => {
    await tenant.update({ persona: "reader-paa" });
    const users = await directoryUsers(tenant, (await tenant.sample()).ready.slice(0, 1));
    await openSignedIn(page);
    await uploadCsv(page, {
      name: "one.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`UserName\r\n${users[0]?.userPrincipalName ?? ""}`),
    });
    await checkUsers(page, 1);
    const settings = page.getByRole("region", { name: "Pass settings" });
    await expect(settings.getByText("Your tenant allows passes lasting 1 hour to 8 hours.")).toBeVisible();
    const lifetime = settings.getByRole("radiogroup", { name: "How long passes last" });
    await expect(lifetime.getByRole("radio", { name: "1 hour (tenant default)" })).toBeChecked();
    await expect(lifetime.getByRole("radio", { name: "1 day" })).toHaveCount(0);
  });
});

test.describe("a tenant whose policy is 1 hour–1 day and forces one-time use, unknown to TAP Desk", () => {
  test("shows Entra's refusal in its own words, learns the range, stops sending what would fail, and re-issues within it", async ({
    page,
    tenant,
  }) => {
    await tenant.update({
      policy: { minimumLifetimeInMinutes: 60, maximumLifetimeInMinutes: 1440, defaultLifetimeInMinutes: 60, isUsableOnce: true },
    });
    // 70 rows: more than the 35 creates that go out before any answer, so later batches are built
    // after Entra's first refusals arrived.
    const users = await directoryUsers(tenant, (await tenant.sample()).ready.slice(0, 70));
    const twoDays = users.filter((_, index) => index % 10 === 0);
    const multiUse = users.filter((_, index) => index % 10 === 5);
    const csv = [
      "UserName,LifetimeInMinutes,IsUsableOnce",
      ...users.map((user, index) => `${user.userPrincipalName},${index % 10 === 0 ? "2880" : ""},${index % 10 === 5 ? "false" : ""}`),
    ].join("\r\n");
    await openSignedIn(page);
    await uploadCsv(page, { name: "mixed.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await checkUsers(page, 70);
    await issuePasses(page, 70);

    expect(await filterCounts(page)).toEqual({ all: 70, issued: 56, skipped: 0, failed: 14 });
    // Only the rows of the batches sent before Entra's first answers reached it (how many depends on the
    // writer's ramp); the later ones would have failed the same way and were never sent.
    const posted = (await tenant.log()).entries.filter(
      (entry) => entry.method === "POST" && entry.url.includes("/temporaryAccessPassMethods"),
    );
    const postedIds = new Set(posted.map((entry) => decodeURIComponent(entry.url.split("/users/")[1]?.split("/")[0] ?? "")));
    const sentTwoDays = twoDays.filter((user) => postedIds.has(user.id)).length;
    expect(sentTwoDays).toBeGreaterThan(0);
    expect(sentTwoDays).toBeLessThan(twoDays.length);
    const sentMultiUse = multiUse.filter((user) => postedIds.has(user.id)).length;
    expect(sentMultiUse).toBeGreaterThan(0);
    expect(sentMultiUse).toBeLessThan(multiUse.length);

    await expect(page.getByText("1 hour–1 day", { exact: true })).toBeVisible();
    await expect(
      page.getByText(/^Entra refused multi-use passes and accepted none.*likely requires one-time passes.*TAP Desk is\s+not certain/),
    ).toBeVisible();
    await page.getByRole("button", { name: "Failed 14" }).click();
    const table = page.getByRole("table", { name: "Results per user" });
    const refused = table.getByRole("row").filter({ hasText: twoDays[0]?.userPrincipalName ?? "" });
    await expect(refused).toContainText("Entra allows passes of 1 hour–1 day in this tenant; this row asked for 2 days.");
    await expect(refused.getByTestId("graph-answer")).toHaveText(
      "Graph 400 badRequest: “Invalid LifetimeInMinutes specified. The valid range between 60 and 1440.”",
    );
    await expect(refused).toContainText(/Request ID \S+/);
    const unsent = table.getByRole("row").filter({ hasText: twoDays[6]?.userPrincipalName ?? "" });
    await expect(unsent).toContainText("Not sent: Entra allows passes of 1 hour–1 day in this tenant; this row asked for 2 days.");
    await expectAccessible(page, "results with what Entra allows and the re-issue offer");

    // Re-issue only after the admin picks a lifetime inside the learned range.
    const reissue = page.getByRole("button", { name: /^Re-issue 14 passes/ });
    await expect(reissue).toBeDisabled();
    await page.getByLabel("Lifetime for the re-issued passes").selectOption({ label: "1 day" });
    await page.getByRole("button", { name: "Re-issue 14 passes lasting 1 day as one-time passes" }).click();
    await expect(page.getByRole("button", { name: "Failed 0" })).toBeVisible({ timeout: 30_000 });
    expect(await filterCounts(page)).toEqual({ all: 70, issued: 70, skipped: 0, failed: 0 });

    // The tenant holds exactly the passes shown: one per row, each the value on screen, within its policy.
    const exported = parseResultsExport((await exportFile(page, "Export CSV")).bytes);
    const { passes } = await tenant.passes();
    const held = new Map(
      passes.filter((pass) => users.some((user) => user.id === pass.userId)).map((pass) => [pass.userPrincipalName, pass]),
    );
    expect(held.size).toBe(70);
    expect(exported).toHaveLength(70);
    for (const row of exported) {
      const pass = held.get(row["User"] ?? "");
      expect(row["Outcome"], row["User"]).toBe("Issued");
      expect(row["Temporary Access Pass"], row["User"]).toBe(pass?.temporaryAccessPass);
      expect(row["One-time use"], row["User"]).toBe("Yes");
    }
    for (const user of twoDays) expect(held.get(user.userPrincipalName)?.lifetimeInMinutes).toBe(1440);
    for (const user of multiUse) expect(held.get(user.userPrincipalName)?.isUsableOnce).toBe(true);
  });
});
