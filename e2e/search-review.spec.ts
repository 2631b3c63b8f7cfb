import { expect, openSignedIn, test } from "./support/fixtures";
import {
  arrowTo,
  chip,
  chips,
  directoryUser,
  findPeopleBox,
  suggestion,
  suggestions,
  tapPostCount,
  typeSearch,
} from "./support/search-helpers";
import type { Page } from "@playwright/test";

/** Searches by UPN (the unambiguous way), picks the one match with Enter and continues to the review. */
async function pickAndContinue(page: Page, upns: readonly string[]): Promise<void> {
  for (const upn of upns) {
    await typeSearch(page, upn);
    await arrowTo(page, upn);
    await findPeopleBox(page).press("Enter");
  }
  await expect(chips(page)).toHaveCount(upns.length);
  await page.getByRole("button", { name: upns.length === 1 ? "Continue" : `Continue with ${upns.length} people` }).click();
  await expect(page.getByRole("region", { name: "Check results" })).toBeVisible();
}

test.describe("reviewing a searched person before issuing", () => {
  test("skips someone who already holds a usable pass unless replacing is chosen, then replaces it", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const upn = sample.holdingUsablePass[0] ?? "";
    const person = await directoryUser(tenant, upn);
    const before = (await tenant.passes()).passes.find((pass) => pass.userPrincipalName === upn);
    expect(before).toBeDefined();
    await openSignedIn(page);

    await pickAndContinue(page, [upn]);
    await expect(page.getByRole("group", { name: `Current pass of ${person.displayName}` })).toContainText("Current pass: usable until");
    // Left on the default choice, nothing is issued and the review says why.
    await expect(page.getByRole("radio", { name: /^Skip (them|this user) \(default\)$/ })).toBeChecked();
    const review = page.getByRole("region", { name: "Check results" });
    await expect(review.getByText("0 of 1 will get a pass")).toBeVisible();
    await expect(review.getByText(/Already holds a working pass \(until .+\)\. Skipped unless you choose to replace it\./)).toBeVisible();
    await expect(page.getByRole("button", { name: /^Issue/ })).toBeDisabled();
    expect(await tapPostCount(tenant, person)).toBe(0);

    await page.getByRole("radio", { name: /Replace their pass/ }).check();
    await expect(page.getByRole("button", { name: "Issue 1 pass" })).toBeEnabled();
    await page.getByRole("button", { name: "Issue 1 pass" }).click();
    await expect(page.getByRole("region", { name: `Temporary Access Pass for ${person.displayName}` })).toBeVisible();

    const after = (await tenant.passes()).passes.filter((pass) => pass.userPrincipalName === upn);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(before?.id);
  });

  test("marks an external guest in the matches, and sends no request for a pass they can't receive", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const upn = sample.externalGuests[0] ?? "";
    const guest = await directoryUser(tenant, upn);
    await openSignedIn(page);

    await typeSearch(page, guest.displayName);
    await expect(suggestion(page, upn).getByText("Guest (external)")).toBeVisible();
    await arrowTo(page, upn);
    await findPeopleBox(page).press("Enter");
    await expect(chip(page, guest.displayName)).toBeVisible();
    await page.getByRole("button", { name: "Continue" }).click();

    const review = page.getByRole("region", { name: "Check results" });
    await expect(review.getByText("0 of 1 will get a pass")).toBeVisible();
    await expect(review.getByText("External guests can't receive a pass")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Issue/ })).toBeDisabled();
    expect(await tapPostCount(tenant, guest)).toBe(0);
  });

  test("marks a disabled account and skips it with the reason, unless the admin opts in", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const upn = sample.disabled[0] ?? "";
    const user = await directoryUser(tenant, upn);
    await openSignedIn(page);

    await typeSearch(page, upn);
    await expect(suggestion(page, upn).getByText("Disabled", { exact: true })).toBeVisible();
    await arrowTo(page, upn);
    await findPeopleBox(page).press("Enter");
    await page.getByRole("button", { name: "Continue" }).click();

    const review = page.getByRole("region", { name: "Check results" });
    await expect(review.getByRole("tab", { name: /Account disabled/ })).toBeVisible();
    await expect(
      review.getByText(/The account is disabled: a pass can't be used to sign in until the account is enabled\. Skipped unless you choose/),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: /^Issue/ })).toBeDisabled();
    expect(await tapPostCount(tenant, user)).toBe(0);

    // Pre-staged: the admin opts in for this run, and the pass card says when the pass will work.
    await review.getByRole("checkbox", { name: /^Also issue for disabled accounts/ }).check();
    await page.getByRole("button", { name: "Issue 1 pass" }).click();
    await expect(page.getByText("Account disabled — the pass works once the account is enabled.")).toBeVisible();
    await expect(page.getByRole("region", { name: `Temporary Access Pass for ${user.displayName}` })).toBeVisible();
    expect(await tapPostCount(tenant, user)).toBe(1);
  });

  test("says plainly when no one matches", async ({ page, tenant }) => {
    void tenant;
    await openSignedIn(page);
    await typeSearch(page, "Zyxwvut");
    await expect(page.getByText("No one in the directory matches 'Zyxwvut'")).toBeVisible();
    await expect(suggestions(page)).toHaveCount(0);
  });
});

test.describe("as an Authentication Administrator", () => {
  test.beforeEach(async ({ tenant }) => {
    await tenant.update({ persona: "aa" });
  });

  test("is shown Entra's refusal for a privileged admin in Graph's own words, and nothing is sent", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const upn = sample.privilegedAdmins[0] ?? "";
    const admin = await directoryUser(tenant, upn);
    await openSignedIn(page);

    await pickAndContinue(page, [upn]);
    const review = page.getByRole("region", { name: "Check results" });
    // On a real tenant the admin's role objects come back nameless, so TAP Desk can't be sure; Entra
    // already refuses to show their passes, and says so.
    await expect(review.getByRole("tab", { name: /Couldn't be checked/ })).toBeVisible();
    await expect(
      review.getByText(/^Entra refused: Authorization_RequestDenied: Insufficient privileges to complete the operation\./),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: /^Issue/ })).toBeDisabled();
    expect(await tapPostCount(tenant, admin)).toBe(0);
  });

  test("issues for a user without admin roles, leaving the unreadable policy's limits to Entra", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const upn = sample.ready[0] ?? "";
    const user = await directoryUser(tenant, upn);
    await openSignedIn(page);

    await pickAndContinue(page, [upn]);
    await expect(page.getByText("Your role can't read the tenant's TAP policy")).toBeVisible();
    await page.getByRole("button", { name: "Issue 1 pass" }).click();
    await expect(page.getByRole("region", { name: `Temporary Access Pass for ${user.displayName}` })).toBeVisible();
    expect(await tapPostCount(tenant, user)).toBe(1);
  });
});

test("several people picked together reach the same results table as a CSV run", async ({ page, tenant }) => {
  const sample = await tenant.sample();
  const upns = [sample.ready[0] ?? "", sample.ready[1] ?? "", sample.disabled[0] ?? ""];
  await openSignedIn(page);

  await pickAndContinue(page, upns);
  await page.getByRole("button", { name: "Issue 2 passes" }).click();

  const filters = page.getByRole("group", { name: "Show rows by outcome" });
  await expect(filters.getByRole("button", { name: "Issued 2" })).toBeVisible();
  await expect(filters.getByRole("button", { name: "Skipped 1" })).toBeVisible();
  const save = page.getByRole("toolbar", { name: "Save the passes" });
  await expect(save.getByRole("button", { name: "Export CSV" })).toBeEnabled();
  await expect(save.getByRole("button", { name: /Export for scripts/ })).toBeEnabled();
  await expect(page.getByRole("region", { name: /^Temporary Access Pass for/ })).toHaveCount(0);
});
