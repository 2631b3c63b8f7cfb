import { expect, openSignedIn, test } from "./support/fixtures";
import {
  createTenant,
  csvUpload,
  directoryUser,
  dumpCookies,
  dumpOriginStorage,
  findLeaks,
  heapProbe,
  issueBulk,
  issuedValues,
  issueOneOff,
  recordTraffic,
  serveConfig,
  upnCsv,
} from "./support/hardening";

test.describe("pass values never leave the page's memory", () => {
  test("no value reaches storage, IndexedDB, Cache Storage, cookies, URLs or the console — after issuing, after Done, after sign-out", async ({
    page,
    context,
  }) => {
    const tenant = await createTenant();
    await serveConfig(page, tenant);
    const sample = await tenant.sample();
    const bulkUsers = sample.ready.slice(0, 5);
    const oneOffUser = sample.ready[5] ?? "";
    const traffic = recordTraffic(page);

    const leaksNow = async (values: string[]) => {
      const places = {
        storage: await dumpOriginStorage(page),
        cookies: await dumpCookies(context),
        urls: traffic.urls.join("\n"),
        console: traffic.console.join("\n"),
      };
      return Object.entries(places).flatMap(([place, text]) => findLeaks(text, values).map((value) => `${place}: ${value}`));
    };

    await openSignedIn(page);
    await issueBulk(page, bulkUsers);
    const bulkValues = await issuedValues(tenant, bulkUsers);
    expect(bulkValues).toHaveLength(5);
    // The probe works: the values are on screen, so a copy anywhere else would be found the same way.
    expect(findLeaks(await page.content(), bulkValues)).toEqual(bulkValues);
    expect(await leaksNow(bulkValues)).toEqual([]);
    // The run journal is in sessionStorage meanwhile, with user names only.
    expect(await page.evaluate(() => sessionStorage.getItem("tapdesk.run-journal"))).toContain(bulkUsers[0]);

    await page.getByRole("button", { name: "Done" }).click();
    await page.getByRole("button", { name: "Clear the passes and finish" }).click();
    await expect(page.getByRole("button", { name: "Choose a CSV file" })).toBeVisible();
    expect(findLeaks(await page.content(), bulkValues)).toEqual([]);
    expect(await leaksNow(bulkValues)).toEqual([]);
    expect(await page.evaluate(() => sessionStorage.getItem("tapdesk.run-journal"))).toBeNull();

    await issueOneOff(page, oneOffUser);
    const oneOffValues = await issuedValues(tenant, [oneOffUser]);
    expect(oneOffValues).toHaveLength(1);
    const allValues = [...bulkValues, ...oneOffValues];
    expect(await leaksNow(allValues)).toEqual([]);

    // The one-off pass was never copied: sign-out asks first, as Done does.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page
      .getByRole("dialog", { name: "Sign out without saving the passes?" })
      .getByRole("button", { name: "Clear the passes and sign out" })
      .click();
    await expect(page.getByText("You are signed out")).toBeVisible();
    expect(findLeaks(await page.content(), allValues)).toEqual([]);
    expect(await leaksNow(allValues)).toEqual([]);
    expect(traffic.console.filter((line) => /pageerror/i.test(line))).toEqual([]);
  });

  test("Done and sign-out drop the values from the JavaScript heap", async ({ page }) => {
    const tenant = await createTenant();
    await serveConfig(page, tenant);
    const sample = await tenant.sample();
    await openSignedIn(page);
    const heap = await heapProbe(page);

    const doneUsers = sample.ready.slice(0, 3);
    await issueBulk(page, doneUsers);
    const doneValues = await issuedValues(tenant, doneUsers);
    // The probe works: while shown, every value is in the heap.
    expect(findLeaks(await heap.snapshot(), doneValues)).toEqual(doneValues);
    await page.getByRole("button", { name: "Export CSV" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("button", { name: "Choose a CSV file" })).toBeVisible();
    expect(findLeaks(await heap.snapshot(), doneValues)).toEqual([]);

    // Sign-out.
    const oneOffUser = sample.ready[3] ?? "";
    await issueOneOff(page, oneOffUser);
    const oneOffValues = await issuedValues(tenant, [oneOffUser]);
    expect(oneOffValues).toHaveLength(1);
    // A 204 answer cancels the logout navigation, so the signed-out page is still alive to inspect.
    let logoutSeen = () => {};
    const logoutRequested = new Promise<void>((resolve) => (logoutSeen = resolve));
    await page.route("**/oauth2/v2.0/logout**", async (route) => {
      logoutSeen();
      await route.fulfill({ status: 204 });
    });
    page.on("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Clear the passes and sign out" }).click();
    await logoutRequested;
    expect(findLeaks(await heap.snapshot(), oneOffValues)).toEqual([]);
  });

  test("after the configured idle time the values are cleared, with a countdown first", async ({ page }) => {
    const tenant = await createTenant();
    // 0.05 min = 3 s, from config.json's idleClearMinutes.
    await serveConfig(page, tenant, { idleClearMinutes: 0.05 });
    const sample = await tenant.sample();
    const users = sample.ready.slice(0, 2);
    await openSignedIn(page);
    const heap = await heapProbe(page);
    await issueBulk(page, users);
    await expect(page.getByTestId("idle-countdown")).toContainText(/\d/);
    await expect(page.getByText("Pass values cleared")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText(/cleared after .* of inactivity/)).toBeVisible();
    await expect(page.getByTestId("idle-countdown")).toBeHidden();
    await expect(page.getByRole("button", { name: "Export CSV" })).toBeDisabled();
    const values = await issuedValues(tenant, users);
    expect(findLeaks(await page.content(), values)).toEqual([]);
    expect(findLeaks(await heap.snapshot(), values)).toEqual([]);
  });

  test("the one-off card clears itself after the idle time too", async ({ page }) => {
    const tenant = await createTenant();
    await serveConfig(page, tenant, { idleClearMinutes: 0.05 });
    const sample = await tenant.sample();
    const user = await directoryUser(tenant, sample.ready[0] ?? "");
    await openSignedIn(page);
    await issueOneOff(page, user.userPrincipalName);
    await expect(page.getByTestId("idle-countdown")).toBeVisible();
    await expect(page.getByText("Pass values cleared")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId("pass-value")).toBeHidden();
    const values = await issuedValues(tenant, [user.userPrincipalName]);
    expect(findLeaks(await page.content(), values)).toEqual([]);
  });
});

test.describe("directory strings with markup", () => {
  test("display names, job titles and departments holding script render as text everywhere", async ({ page }) => {
    const tenant = await createTenant({ markupNames: true });
    await serveConfig(page, tenant);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const sample = await tenant.sample();
    const marked = [];
    for (const upn of sample.ready) {
      const user = await directoryUser(tenant, upn);
      if (/[<>]/.test(user.displayName)) marked.push(user);
      if (marked.length === 2) break;
    }
    expect(marked.map((user) => user.displayName)).toEqual(["<img src=x onerror=alert(1)>", "Zed <b>Bold</b> O'Hara"]);
    const [scriptUser, boldUser] = marked as [(typeof marked)[0], (typeof marked)[0]];

    await openSignedIn(page);
    // Search suggestions.
    await page.getByRole("combobox", { name: "Find people" }).fill(scriptUser.userPrincipalName);
    await expect(page.getByRole("option").getByText(scriptUser.displayName, { exact: true })).toBeVisible();
    await page.getByRole("combobox", { name: "Find people" }).fill("");

    // The one-off card.
    await issueOneOff(page, scriptUser.userPrincipalName);
    await expect(page.getByRole("heading", { name: `Temporary Access Pass for ${scriptUser.displayName}` })).toBeVisible();
    await page.getByRole("button", { name: "Copy pass" }).click();
    await page.getByRole("button", { name: "Done" }).click();

    // Review and results (the first user now holds a pass, so that row is skipped with its name).
    await page
      .getByTestId("csv-file-input")
      .setInputFiles(csvUpload("names.csv", upnCsv([boldUser.userPrincipalName, scriptUser.userPrincipalName])));
    await page.getByRole("button", { name: "Check 2 users" }).click();
    await expect(page.getByRole("region", { name: "Check results" }).getByText(boldUser.displayName).first()).toBeVisible({
      timeout: 30_000,
    });
    await page.getByRole("button", { name: "Issue 1 pass" }).click();
    await expect(page.getByRole("heading", { name: "Results" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(scriptUser.displayName).first()).toBeVisible();
    await expect(page.getByText(boldUser.displayName).first()).toBeVisible();

    expect(await page.locator('img[src="x"], svg[onload], b:text("Bold"), script:not([src])').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
