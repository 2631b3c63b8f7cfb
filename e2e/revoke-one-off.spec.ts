import type { Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { expect, openSignedIn, test } from "./support/fixtures";
import { shootBothWidths } from "./support/screenshots";
import { arrowTo, chip, directoryUser, findPeopleBox, typeSearch } from "./support/search-helpers";

async function pick(page: Page, person: { userPrincipalName: string; displayName: string }) {
  await typeSearch(page, person.userPrincipalName.slice(0, 6));
  await arrowTo(page, person.userPrincipalName);
  await findPeopleBox(page).press("Enter");
  await expect(chip(page, person.displayName)).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
}

test.describe("removing one person's pass", () => {
  test("the pass card's Remove this pass deletes exactly that pass, after asking", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const person = await directoryUser(tenant, sample.ready[0]!);
    await openSignedIn(page);
    await pick(page, person);
    await page.getByRole("button", { name: "Issue 1 pass" }).click();
    const card = page.getByRole("region", { name: `Temporary Access Pass for ${person.displayName}` });
    await expect(card).toBeVisible();
    const issued = (await tenant.passes()).passes.find((pass) => pass.userId === person.id);
    expect(issued).toBeDefined();

    await card.getByRole("button", { name: "Remove this pass" }).click();
    await expect(page.getByRole("dialog", { name: "Remove 1 pass?" })).toBeVisible();
    await shootBothWidths(page, "card-remove-confirm", { fullPage: true });
    await page.getByRole("dialog").getByRole("button", { name: "Remove 1 pass" }).click();
    await expect(page.getByText("Removal finished")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("row").filter({ hasText: person.userPrincipalName }).getByText("Removed", { exact: true })).toBeVisible();
    await expect(page.getByTestId("pass-value")).toHaveCount(0);
    expect((await tenant.passes()).passes.find((pass) => pass.userId === person.id)).toBeUndefined();
    await expectAccessible(page, "results after removing the one-off pass");
    await shootBothWidths(page, "card-removed", { fullPage: true });
  });

  test("the check shows a pass someone already holds and removes it without issuing a new one", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const person = await directoryUser(tenant, sample.holdingUsablePass[0]!);
    const before = (await tenant.passes()).passes.find((pass) => pass.userId === person.id);
    expect(before).toBeDefined();
    await openSignedIn(page);
    await pick(page, person);
    const review = page.getByRole("region", { name: "Check results" });
    await expect(review.getByText(/Already holds a working pass .* Valid from .+ until .+, (one-time use|multi-use)\./)).toBeVisible();
    await review.getByRole("button", { name: "Remove this pass without issuing a new one" }).click();
    await expectAccessible(page, "remove existing pass confirmation");
    await shootBothWidths(page, "check-remove-confirm", { fullPage: true });
    await page.getByRole("dialog").getByRole("button", { name: "Remove 1 pass" }).click();
    await expect(page.getByText("Removal finished")).toBeVisible({ timeout: 30_000 });
    await expect(review.getByText("1 of 1 will get a pass")).toBeVisible({ timeout: 30_000 });
    const after = (await tenant.passes()).passes;
    expect(after.find((pass) => pass.userId === person.id)).toBeUndefined();
    expect((await tenant.passes()).creations.find((entry) => entry.userId === person.id)?.count ?? 0).toBe(0);
    await shootBothWidths(page, "check-removed", { fullPage: true });
  });
});
