import { expectAccessible } from "./support/axe";
import { expect, openSignedIn, test, type EmulatedTenant, type TenantSample } from "./support/fixtures";
import { shootBothWidths } from "./support/screenshots";
import {
  arrowTo,
  chip,
  chips,
  directoryUser,
  findPeopleBox,
  suggestion,
  suggestions,
  typeSearch,
  type DirectoryRecord,
} from "./support/search-helpers";

test.use({ tenantOptions: { userCount: 1500 } });

const TAP_LIST = /^\/users\/([^/?]+)\/authentication\/temporaryAccessPassMethods$/;

/** Two ready people with the same display name (the seed numbers the second one's UPN). */
async function namesakes(tenant: EmulatedTenant, sample: TenantSample): Promise<[DirectoryRecord, DirectoryRecord]> {
  for (const upn of sample.ready) {
    const base = upn.replace(/\d+@/, "@");
    if (base === upn || !sample.ready.includes(base)) continue;
    const [a, b] = [await directoryUser(tenant, base), await directoryUser(tenant, upn)];
    if (a.displayName === b.displayName) return [a, b];
  }
  throw new Error("the seeded tenant has no two ready people with one name; the seed or tenant size changed");
}

/** The users whose passes were read with GETs inside a $batch since `since`, by object id or UPN as sent. */
async function passReadsSince(tenant: EmulatedTenant, since: number): Promise<string[]> {
  const { entries } = await tenant.log(since);
  return entries.flatMap((entry) => {
    const key = entry.inBatch && entry.method === "GET" ? TAP_LIST.exec(entry.url)?.[1] : undefined;
    return key === undefined ? [] : [decodeURIComponent(key).toLowerCase()];
  });
}

async function lastSeq(tenant: EmulatedTenant): Promise<number> {
  const { entries } = await tenant.log();
  return entries.at(-1)?.seq ?? 0;
}

test.describe("the picker tells people apart and shows who already holds a pass", () => {
  test("an exact name prefix comes first; a namesake's chip shows the UPN; a pass holder carries a badge; Enter continues", async ({
    page,
    tenant,
  }) => {
    const sample = await tenant.sample();
    const [twinA, twinB] = await namesakes(tenant, sample);
    const holder = await directoryUser(tenant, sample.holdingUsablePass[0] ?? "");
    await openSignedIn(page);

    // Ranking: for a text that starts some names and only a later word of others (a surname), every
    // name that starts with it comes first.
    let ranked = false;
    for (const upn of sample.ready.slice(0, 40)) {
      const typed = (await directoryUser(tenant, upn)).surname.slice(0, 3);
      await findPeopleBox(page).fill("");
      await typeSearch(page, typed);
      // Each option: the initials badge, then the name (before any account badge), UPN and role.
      const names = await suggestions(page).evaluateAll((options) =>
        options.map((option) => (option.children[1]?.children[0]?.firstChild?.textContent ?? "").trim().toLowerCase()),
      );
      const starts = names.map((name) => name.startsWith(typed.toLowerCase()));
      if (!starts.includes(true) || !starts.includes(false)) continue;
      expect(starts.lastIndexOf(true) < starts.indexOf(false), `${typed}: ${names.join(" | ")}`).toBe(true);
      ranked = true;
      break;
    }
    expect(ranked, "some surname start also starts a name in the directory").toBe(true);
    await findPeopleBox(page).fill("");
    await typeSearch(page, holder.surname.slice(0, 4));

    // The pass holder: a badge on their chip from one $batch read of the picked people's passes.
    const before = await lastSeq(tenant);
    await arrowTo(page, holder.userPrincipalName);
    await findPeopleBox(page).press("Enter");
    await expect(chip(page, holder.displayName).getByText("Holds a pass", { exact: true })).toBeVisible();

    // Namesakes: both are in the list (told apart by UPN); the one picked keeps the UPN on its chip.
    await typeSearch(page, twinA.displayName);
    await expect(suggestion(page, twinA.userPrincipalName)).toBeVisible();
    await expect(suggestion(page, twinB.userPrincipalName)).toBeVisible();
    await arrowTo(page, twinB.userPrincipalName);
    await findPeopleBox(page).press("Enter");
    const twinChip = chip(page, twinB.displayName);
    await expect(twinChip).toContainText(twinB.userPrincipalName);
    await expect(twinChip.getByText("Holds a pass", { exact: true })).toHaveCount(0);
    await expect(chip(page, holder.displayName)).not.toContainText(holder.userPrincipalName);
    await expect(chips(page)).toHaveCount(2);

    // Only the picked people's passes were read, and only with GETs inside a $batch.
    const picked = new Set([holder.id, holder.userPrincipalName, twinB.id, twinB.userPrincipalName].map((key) => key.toLowerCase()));
    const reads = await passReadsSince(tenant, before);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((key) => !picked.has(key))).toEqual([]);

    await expectAccessible(page, "picker with chips and badges");
    await shootBothWidths(page, "picker-chips");

    // Enter in the empty box continues to the check with the two picked people.
    await expect(findPeopleBox(page)).toHaveValue("");
    await findPeopleBox(page).press("Enter");
    await expect(page.getByRole("region", { name: "Check results" }).getByText("of 2 will get a pass")).toBeVisible();
  });

  test("picking goes on without badges when the read of passes fails", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const holder = await directoryUser(tenant, sample.holdingUsablePass[0] ?? "");
    await openSignedIn(page);
    // Every $batch on the pick step fails: the badge is a hint, so nothing else may change.
    let refused = 0;
    await page.route("**/$batch", async (route) => {
      refused += 1;
      await route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "serviceNotAvailable", message: "Service unavailable" } }),
      });
    });
    await typeSearch(page, holder.userPrincipalName.slice(0, 10));
    await arrowTo(page, holder.userPrincipalName);
    await findPeopleBox(page).press("Enter");
    await expect(chips(page)).toHaveCount(1);
    await expect.poll(() => refused).toBeGreaterThan(0);
    await expect(chip(page, holder.displayName)).not.toContainText("Holds a pass");
    await expect(page.getByRole("alert")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Continue" })).toBeEnabled();
  });
});
