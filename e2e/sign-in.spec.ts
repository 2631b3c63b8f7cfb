import { APP_URL, TENANT_URL } from "../playwright.config";
import { EmulatedTenant, expect, openSignedIn, test } from "./support/fixtures";

test.describe("signing in", () => {
  test("lands signed in as the Privileged Authentication Administrator, who may issue for everyone", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    await openSignedIn(page);
    await expect(page.getByText(sample.personas.paa, { exact: true })).toBeVisible();
    await expect(page.getByTestId("capability")).toContainText("Privileged Authentication Administrator: all users except yourself");
    await expect(page.getByTestId("tenant-name")).not.toHaveText("…");
  });

  test("tells an Authentication Administrator they are limited to users without admin roles", async ({ page, tenant }) => {
    await tenant.update({ persona: "aa" });
    const sample = await tenant.sample();
    await openSignedIn(page);
    await expect(page.getByText(sample.personas.aa, { exact: true })).toBeVisible();
    await expect(page.getByTestId("capability")).toContainText("Authentication Administrator: users without admin roles");
  });

  test("shows a user without a visible issuing role the flow, and says Entra decides", async ({ page, tenant }) => {
    await tenant.update({ persona: "user" });
    await openSignedIn(page);
    await expect(page.getByTestId("capability")).toContainText("No tenant-wide role that issues passes; Entra will decide for each user");
    await expect(page.getByText("Upload a CSV")).toBeVisible();
  });

  test("signs out to a page that offers signing in again", async ({ page, tenant }) => {
    void tenant;
    await openSignedIn(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out")).toBeVisible();
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("admin-name")).toBeVisible();
  });

  test("signs out through the post-logout URI the README tells admins to register", async ({ page, tenant }) => {
    await openSignedIn(page);
    const logout = page.waitForRequest((request) => request.url().includes("/oauth2/v2.0/logout"));
    await page.getByRole("button", { name: "Sign out" }).click();
    const target = new URL((await logout).url()).searchParams.get("post_logout_redirect_uri");
    expect(target).toBe(`${APP_URL}/?signed-out`);
    // The emulated tenant follows it only because the tenant's registration lists it (else: its own page).
    await expect(page).toHaveURL(/\/\?signed-out(&|$)/);
    await expect(page.getByText("You are signed out")).toBeVisible();
    const registration = await fetch(`${TENANT_URL}/_emulator/tenants/${tenant.tenantId}`).then(
      (response) => response.json() as Promise<{ registration: { redirectUris: string[] } }>,
    );
    expect(registration.registration.redirectUris).toContain(target);
  });

  test("asks only for the least-privileged permissions, named for the tenant's Graph", async ({ page, tenant }) => {
    void tenant;
    const authorize = page.waitForRequest((request) => request.url().includes("/oauth2/v2.0/authorize"));
    await openSignedIn(page);
    const scopes = (new URL((await authorize).url()).searchParams.get("scope") ?? "").split(" ");
    for (const permission of [
      "UserAuthMethod-TAP.ReadWrite.All",
      "Policy.Read.AuthenticationMethod",
      "User.Read.All",
      "User.Read",
      "People.Read",
    ]) {
      expect(scopes).toContain(`${TENANT_URL}/${permission}`);
    }
    expect(scopes.join(" ")).not.toMatch(/UserAuthenticationMethod\.ReadWrite\.All|Policy\.Read\.All|graph\.microsoft\.com/);
  });

  test("keeps MSAL's cache out of localStorage", async ({ page, tenant }) => {
    void tenant;
    await openSignedIn(page);
    const localKeys = await page.evaluate(() => Object.keys(window.localStorage));
    expect(localKeys.filter((key) => key.startsWith("msal"))).toEqual([]);
  });
});

test.describe("runtime configuration", () => {
  test("names the missing key when config.json is incomplete", async ({ page }) => {
    const tenant = await EmulatedTenant.create({ userCount: 100 });
    await tenant.serveConfigTo(page, (config) => ({ ...config, clientId: undefined }));
    await page.goto("/");
    await expect(page.getByText("TAP Desk is not configured correctly")).toBeVisible();
    await expect(page.getByRole("code").filter({ hasText: "clientId" })).toBeVisible();
  });

  test("says TAP Desk cannot work in the 21Vianet cloud, where Microsoft offers no TAP API", async ({ page }) => {
    const tenant = await EmulatedTenant.create({ userCount: 100 });
    await tenant.serveConfigTo(page, (config) => ({
      ...config,
      authority: `https://login.partner.microsoftonline.cn/${tenant.tenantId}`,
      knownAuthorities: [],
      authorityMetadata: null,
      graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn/v1.0",
    }));
    const authorityCalls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/oauth2/")) authorityCalls.push(request.url());
    });
    await page.goto("/");
    await expect(page.getByText("TAP Desk is not available in this cloud")).toBeVisible();
    await expect(
      page.getByText(/does not offer the Temporary Access Pass API in the 21Vianet cloud \(Microsoft Azure operated by 21Vianet\)/),
    ).toBeVisible();
    expect(authorityCalls).toEqual([]);
  });

  test("explains a config.json that is not JSON", async ({ page }) => {
    await page.route("**/config.json", (route) => route.fulfill({ status: 200, contentType: "application/json", body: "{ not json" }));
    await page.goto("/");
    await expect(page.getByText("config.json is not valid JSON.")).toBeVisible();
  });

  test("signs into whichever tenant config.json names, with no rebuild", async ({ browser }) => {
    const first = await EmulatedTenant.create({ userCount: 100, persona: "paa" });
    const second = await EmulatedTenant.create({ userCount: 100, persona: "aa" });
    const [firstSample, secondSample] = await Promise.all([first.sample(), second.sample()]);
    for (const [tenant, upn] of [
      [first, firstSample.personas.paa],
      [second, secondSample.personas.aa],
    ] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await tenant.serveConfigTo(page);
      await openSignedIn(page);
      await expect(page.getByText(upn, { exact: true })).toBeVisible();
      await context.close();
    }
  });
});

test.describe("when the tenant refuses", () => {
  test("shows why sign-in failed and offers to try again", async ({ page, tenant }) => {
    await tenant.update({ knobs: { rejectTokens: true } });
    await page.goto("/");
    await expect(page.getByText("Sign-in didn't complete")).toBeVisible();
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  });
});
