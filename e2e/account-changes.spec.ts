import { expectAccessible } from "./support/axe";
import { expect, openSignedIn, test } from "./support/fixtures";
import { issueOneOff, issuedValues } from "./support/hardening";
import { allowClipboard, readClipboard } from "./support/search-helpers";

test.describe("the sign-in changes in another window", () => {
  test("a sign-out in another window is reported here, and the unsaved pass stays until the admin decides", async ({
    page,
    context,
    tenant,
  }) => {
    await allowClipboard(context);
    const sample = await tenant.sample();
    const upn = sample.ready[0] ?? "";
    await openSignedIn(page);
    await issueOneOff(page, upn);
    const [value] = await issuedValues(tenant, [upn]);

    // A second window of the same browser, with its own (per-tab) MSAL cache, signs in and out.
    const other = await context.newPage();
    await tenant.serveConfigTo(other);
    await openSignedIn(other);
    await other.getByRole("button", { name: "Sign out" }).click();
    await expect(other.getByText("You are signed out")).toBeVisible();

    const notice = page.getByTestId("session-notice");
    await expect(notice.getByText("You were signed out in another window")).toBeVisible();
    await expect(notice).toContainText("Your unsaved passes are still here");
    await expect(page.getByTestId("pass-value")).toHaveText((value ?? "").replaceAll(" ", ""), { useInnerText: false });
    await expectAccessible(page, "signed out in another window, pass on screen");

    // "Clear passes and sign out" asks first; going back keeps the pass and the choice.
    await notice.getByRole("button", { name: "Clear passes and sign out" }).click();
    const question = page.getByRole("dialog", { name: "Sign out without saving the passes?" });
    await expect(question).toBeVisible();
    await question.getByRole("button", { name: "Go back" }).click();
    await expect(question).toHaveCount(0);
    await expect(page.getByTestId("pass-value")).toBeVisible();

    // The pass is still reachable: Copy works from the vault (and counts as saved).
    const card = page.getByRole("region", { name: /^Temporary Access Pass for / });
    await card.getByRole("button", { name: "Copy pass" }).click();
    expect(await readClipboard(page)).toBe(value);

    // Signing in again happens in a popup: the page, and the pass on it, stay.
    const popup = page.waitForEvent("popup");
    await notice.getByRole("button", { name: "Sign in again" }).click();
    await popup; // the sign-in ran in a popup; it closes itself once done
    await expect(page.getByTestId("session-notice")).toHaveCount(0);
    await expect(page.getByTestId("pass-value")).toBeVisible();
  });

  test("the window that signs out just signs out, and the other window hears it", async ({ page, context, tenant }) => {
    await openSignedIn(page);
    const other = await context.newPage();
    await tenant.serveConfigTo(other);
    await openSignedIn(other);
    // This window goes to the signed-out page; the other one says what happened and keeps its screen.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out")).toBeVisible();
    await expect(other.getByTestId("session-notice").getByText("You were signed out in another window")).toBeVisible();
  });

  test("signing in again as someone else says the account changed, shows who, and keeps the pass", async ({ page, context, tenant }) => {
    const sample = await tenant.sample();
    await openSignedIn(page, "Megan Bowen");
    await issueOneOff(page, sample.ready[0] ?? "");
    const other = await context.newPage();
    await tenant.serveConfigTo(other);
    await openSignedIn(other);
    await other.getByRole("button", { name: "Sign out" }).click();
    const notice = page.getByTestId("session-notice");
    await expect(notice.getByText("You were signed out in another window")).toBeVisible();

    // In the popup, another admin signs in (the tenant's signed-in persona is now an Authentication Administrator).
    await tenant.update({ persona: "aa" });
    const popup = page.waitForEvent("popup");
    await notice.getByRole("button", { name: "Sign in again" }).click();
    await popup;
    await expect(notice.getByText("The signed-in account changed to adele.vance@contoso.example")).toBeVisible();
    await expect(page.getByTestId("admin-name")).toHaveText("Adele Vance");
    await expect(page.getByTestId("pass-value")).toBeVisible();
  });
});
