import type { Page } from "@playwright/test";
import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, directoryUsers, filterCounts, issuePasses, reviewHeadline, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test } from "./support/fixtures";

test.use({ tenantOptions: { userCount: 150 } });

/** The role banner at desktop and phone width, kept with the test's output for a person to look at. */
async function shootBanner(page: Page, name: string): Promise<void> {
  const banner = page.getByTestId("capability");
  for (const [width, label] of [
    [390, "phone"],
    [1280, "desktop"],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await banner.screenshot({ path: test.info().outputPath(`role-banner-${name}-${label}.png`) });
  }
}

async function runCsv(page: Page, upns: readonly string[], expectedPasses: number): Promise<void> {
  // Every row here is one Entra allows.
  await uploadCsv(page, { name: "targets.csv", mimeType: "text/csv", buffer: userNameCsv(upns) });
  await checkUsers(page, upns.length);
  await expect(reviewHeadline(page)).toHaveText(`${expectedPasses} of ${upns.length} will get a pass`);
  await issuePasses(page, expectedPasses);
}

function resultRow(page: Page, upn: string) {
  return page.getByRole("table", { name: "Results per user" }).getByRole("row").filter({ hasText: upn });
}

test.describe("the admin's roles are a hint, never a gate", () => {
  test("an Authentication Administrator scoped to administrative unit Sales issues inside it, and sees Entra refuse the rest", async ({
    page,
    tenant,
  }) => {
    await tenant.update({ persona: "aa-sales" });
    const sample = await tenant.sample();
    const inside = sample.readyInSalesUnit.slice(0, 2);
    const outside = sample.readyOutsideSalesUnit.slice(0, 2);
    expect(inside).toHaveLength(2);
    expect(outside).toHaveLength(2);
    await openSignedIn(page);

    // Scoped roles never reach the token's wids nor /me/transitiveMemberOf: the banner says what that means.
    const banner = page.getByTestId("capability");
    await expect(banner).toContainText("No tenant-wide role that issues passes; Entra will decide for each user");
    await expect(banner).toContainText("If your role is scoped to an administrative unit, Entra will refuse users outside it.");
    await shootBanner(page, "aa-sales");
    await expect(page.getByText("Upload a CSV")).toBeVisible();

    // Entra refuses even to show the passes of users outside the unit: the check says so in Graph's words.
    await uploadCsv(page, { name: "targets.csv", mimeType: "text/csv", buffer: userNameCsv([...inside, ...outside]) });
    await checkUsers(page, 4);
    await expect(reviewHeadline(page)).toHaveText("2 of 4 will get a pass");
    const review = page.getByRole("region", { name: "Check results" });
    await review.getByRole("tab", { name: /^Couldn't be checked/ }).click();
    for (const upn of outside) {
      const row = review.getByRole("row").filter({ hasText: upn });
      await expect(row).toContainText(
        "Entra refused: Authorization_RequestDenied: Insufficient privileges to complete the operation. (request id ",
      );
    }
    await issuePasses(page, 2);
    const counts = await filterCounts(page);
    expect(counts.all).toBe(4);
    expect(counts.issued).toBe(2);
    const held = new Set((await tenant.passes()).passes.map((pass) => pass.userPrincipalName));
    for (const upn of inside) {
      await expect(resultRow(page, upn)).toContainText("Issued");
      expect(held.has(upn)).toBe(true);
    }
    for (const upn of outside) expect(held.has(upn)).toBe(false);
    // Nothing was sent that Entra had already refused to show.
    const creates = (await tenant.log()).entries.filter(
      (entry) => entry.method === "POST" && entry.url.includes("temporaryAccessPassMethods"),
    );
    expect(creates.map((entry) => entry.status)).toEqual([201, 201]);
    // The banner stays, and nothing hid the results.
    await expect(banner).toBeVisible();
  });

  test("without wids and with nameless role objects, the flow is shown, the banner says roles are unknown, and Entra decides each row", async ({
    page,
    tenant,
  }) => {
    // An Authentication Administrator whose app registration skipped the manifest setting.
    await tenant.update({ persona: "aa", knobs: { groupMembershipClaims: "None" } });
    const sample = await tenant.sample();
    const ready = sample.ready.slice(0, 2);
    const admin = sample.privilegedAdmins[0] ?? "";
    await openSignedIn(page);

    const banner = page.getByTestId("capability");
    await expect(banner).toContainText("TAP Desk could not read your roles; Entra will decide for each user");
    await expect(banner).toContainText("You hold 1 directory role TAP Desk cannot name");
    await shootBanner(page, "unknown");

    // No role is known, so TAP Desk checks no target roles; Entra answers for the admin row.
    await uploadCsv(page, { name: "targets.csv", mimeType: "text/csv", buffer: userNameCsv([...ready, admin]) });
    await checkUsers(page, 3);
    await expect(reviewHeadline(page)).toHaveText("2 of 3 will get a pass");
    const review = page.getByRole("region", { name: "Check results" });
    await review.getByRole("tab", { name: /^Couldn't be checked/ }).click();
    await expect(review.getByRole("row").filter({ hasText: admin })).toContainText("Insufficient privileges to complete the operation.");
    await issuePasses(page, 2);
    const counts = await filterCounts(page);
    expect([counts.all, counts.issued, counts.failed]).toEqual([3, 2, 0]);
    for (const upn of ready) await expect(resultRow(page, upn)).toContainText("Issued");
    const [adminUser] = await directoryUsers(tenant, [admin]);
    expect((await tenant.passes()).creations.some((creation) => creation.userId === adminUser?.id)).toBe(false);
  });

  test("an Authentication Administrator is told a target with nameless roles is likely refused; the row is still sent", async ({
    page,
    tenant,
  }) => {
    await tenant.update({ persona: "aa" });
    const sample = await tenant.sample();
    const limited = sample.limitedAdmins[0] ?? "";
    const privileged = sample.privilegedAdmins[0] ?? "";
    const ready = sample.ready[0] ?? "";
    await openSignedIn(page);
    await expect(page.getByTestId("capability")).toContainText("Authentication Administrator: users without admin roles");
    await shootBanner(page, "aa");

    await uploadCsv(page, { name: "targets.csv", mimeType: "text/csv", buffer: userNameCsv([ready, limited, privileged]) });
    await checkUsers(page, 3);
    const review = page.getByRole("region", { name: "Check results" });
    // The Password-Admin-like holder's roles come back nameless: "likely refused", yet sent.
    await expect(reviewHeadline(page)).toHaveText("2 of 3 will get a pass");
    await expect(review.getByRole("row").filter({ hasText: limited })).toContainText("Likely refused: holds 1 directory role");
    await review.getByRole("tab", { name: /^Couldn't be checked/ }).click();
    await expect(review.getByRole("row").filter({ hasText: privileged })).toContainText(
      "Insufficient privileges to complete the operation.",
    );
    await issuePasses(page, 2);

    // Entra's rules, not TAP Desk's guess: the role an Authentication Administrator may reach is allowed.
    await expect(resultRow(page, limited)).toContainText("Issued");
    await expect(resultRow(page, ready)).toContainText("Issued");
  });

  test("the Privileged Authentication Administrator of the demo sees their role named from the ID token", async ({ page, tenant }) => {
    void tenant;
    await openSignedIn(page);
    await expect(page.getByTestId("capability")).toContainText("Privileged Authentication Administrator: all users except yourself");
    await shootBanner(page, "paa");
  });

  test("a custom role never shows as a role, and its holder still issues where Entra allows", async ({ page, tenant }) => {
    await tenant.update({ persona: "custom" });
    const sample = await tenant.sample();
    await openSignedIn(page);
    await expect(page.getByTestId("capability")).toContainText("No tenant-wide role that issues passes; Entra will decide for each user");
    await shootBanner(page, "custom");
    await runCsv(page, [sample.ready[0] ?? ""], 1);
    expect(await filterCounts(page)).toEqual({ all: 1, issued: 1, skipped: 0, failed: 0 });
  });
});
