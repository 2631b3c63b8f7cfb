import { expect, openSignedIn, test } from "./support/fixtures";
import {
  allowClipboard,
  arrowTo,
  chip,
  chips,
  findPeopleBox,
  firstUserWhere,
  readClipboard,
  suggestion,
  suggestions,
  tabUntilFocused,
  tapPostCount,
  typeSearch,
} from "./support/search-helpers";

// Local time differs from UTC here, so the card's two renderings of each time can be told apart.
test.use({ timezoneId: "America/New_York", locale: "en-US" });

const ACCENTED = /[^\u0020-\u007e]/;

test.describe("one-off pass from a directory search", () => {
  test("finds someone by the first letters of an accented given name and shows their pass large, with the next step", async ({
    page,
    context,
    tenant,
  }) => {
    await allowClipboard(context);
    const sample = await tenant.sample();
    const person = await firstUserWhere(tenant, sample.ready, (user) => ACCENTED.test(user.givenName.slice(0, 4)));
    await openSignedIn(page);

    // 1. Type the start of the given name, arrow to them, Enter.
    await typeSearch(page, person.givenName.slice(0, 4));
    await arrowTo(page, person.userPrincipalName);
    await findPeopleBox(page).press("Enter");
    await expect(chip(page, person.displayName)).toBeVisible();

    // 2. Continue: the review says they hold no pass and are ready.
    await page.getByRole("button", { name: "Continue" }).click();
    const review = page.getByRole("region", { name: "Check results" });
    await expect(review.getByText("1 of 1 will get a pass")).toBeVisible();
    await expect(review.getByRole("tab", { name: /Ready/ })).toBeVisible();
    await expect(page.getByRole("group", { name: `Current pass of ${person.displayName}` })).toContainText("Current pass: none");

    // 3. Issue: the pass card follows with nothing in between.
    await page.getByRole("button", { name: "Issue 1 pass" }).click();
    const card = page.getByRole("region", { name: `Temporary Access Pass for ${person.displayName}` });
    await expect(card).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);

    const { passes } = await tenant.passes();
    const issued = passes.filter((pass) => pass.userId === person.id);
    expect(issued).toHaveLength(1);
    const value = issued[0]?.temporaryAccessPass ?? "";
    await expect(card.getByTestId("pass-value")).toHaveText(value.replaceAll(" ", ""), { useInnerText: false });
    await expect(card.getByText(person.userPrincipalName, { exact: true })).toBeVisible();

    // Validity in local time (New York) and in UTC, and a live countdown.
    const start = new Date(issued[0]?.startDateTime ?? "");
    const utc = (date: Date) => `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
    const local = (date: Date) =>
      new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", dateStyle: "medium", timeStyle: "short" }).format(date);
    const end = new Date(start.getTime() + (issued[0]?.lifetimeInMinutes ?? 0) * 60_000);
    await expect(card.getByText(utc(start))).toBeVisible();
    await expect(card.getByText(utc(end))).toBeVisible();
    await expect(card.getByText(local(start), { exact: true })).toBeVisible();
    await expect(card.getByText(local(end), { exact: true })).toBeVisible();
    await expect(card.getByText(/^Expires in (59 min \d+ s|1 h 0 min)$/)).toBeVisible();
    await expect(card.getByRole("link", { name: "https://aka.ms/mysecurityinfo" })).toHaveAttribute(
      "href",
      "https://aka.ms/mysecurityinfo",
    );

    // Copy puts exactly the value on the clipboard, and says so without repeating it.
    await card.getByRole("button", { name: "Copy pass" }).click();
    await expect(card.getByRole("status")).toHaveText(`Copied the pass for ${person.userPrincipalName}.`);
    expect(await readClipboard(page)).toBe(value);
    expect(await tapPostCount(tenant, person)).toBe(1);
  });

  test("finds someone whose given name has an apostrophe", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const person = await firstUserWhere(tenant, sample.ready, (user) => user.givenName.slice(0, 4).includes("'"));
    await openSignedIn(page);
    await typeSearch(page, person.givenName.slice(0, 4));
    await arrowTo(page, person.userPrincipalName);
    await findPeopleBox(page).press("Enter");
    await expect(chip(page, person.displayName)).toBeVisible();
  });

  test("finds someone by the start of their user principal name, typed or pasted", async ({ page, context, tenant }) => {
    await allowClipboard(context);
    const sample = await tenant.sample();
    const upn = sample.ready.find((candidate) => candidate.startsWith("amara.")) ?? "";
    const prefix = upn.slice(0, "amara.".length + 3);
    await openSignedIn(page);

    await typeSearch(page, prefix);
    await expect(suggestion(page, upn)).toBeVisible();
    for (const option of await suggestions(page).all()) await expect(option).toContainText(prefix);

    // Text copied from a ticket and pasted: no key is typed, yet the matches still open.
    await findPeopleBox(page).fill("");
    await page.evaluate((text) => navigator.clipboard.writeText(text), upn);
    await findPeopleBox(page).press("ControlOrMeta+V");
    await expect(page.getByText("Searching the directory…")).toBeHidden();
    await expect(suggestion(page, upn)).toBeVisible();
    await findPeopleBox(page).press("Enter");
    await expect(chips(page)).toHaveCount(1);
  });

  test("issues a pass with the keyboard alone, from the signed-in page to a copied pass", async ({ page, context, tenant }) => {
    await allowClipboard(context);
    const sample = await tenant.sample();
    const upn = sample.ready[3] ?? "";
    await openSignedIn(page);

    // From the top of the page, Tab to "Find people".
    await page.locator("body").focus();
    const box = findPeopleBox(page);
    for (let presses = 0; presses < 10 && !(await box.evaluate((element) => element === document.activeElement)); presses++) {
      await page.keyboard.press("Tab");
    }
    await expect(box).toBeFocused();
    await page.keyboard.type(upn.slice(0, 9));
    await expect(page.getByText("Searching the directory…")).toBeHidden();
    await arrowTo(page, upn);
    await page.keyboard.press("Enter");
    await expect(chips(page)).toHaveCount(1);

    await tabUntilFocused(page, page.getByRole("button", { name: "Continue" }));
    await page.keyboard.press("Enter");
    const issue = page.getByRole("button", { name: "Issue 1 pass" });
    await expect(issue).toBeEnabled();
    await tabUntilFocused(page, issue);
    await page.keyboard.press("Space");

    const copy = page.getByRole("button", { name: "Copy pass" });
    await expect(copy).toBeVisible();
    await tabUntilFocused(page, copy);
    await page.keyboard.press("Enter");
    const { passes } = await tenant.passes();
    expect(await readClipboard(page)).toBe(passes.find((pass) => pass.userPrincipalName === upn)?.temporaryAccessPass);
  });
});
