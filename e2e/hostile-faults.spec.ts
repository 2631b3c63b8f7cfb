import { readFile } from "node:fs/promises";
import { expect, openSignedIn, test } from "./support/fixtures";
import { createTenant, csvUpload, findLeaks, issueBulk, issuedValues, serveConfig, upnCsv } from "./support/hardening";

test.describe("faults during a run", () => {
  test("access tokens expiring all through a run are renewed silently and no row is lost", async ({ page }) => {
    test.setTimeout(90_000);
    // MSAL renews a token 300 s before it expires, so 240 s tokens are stale on every Graph call.
    const tenant = await createTenant({ knobs: { tokenLifetimeSeconds: 240, latency: { readMs: 20, writeMs: 150, spread: 0.2 } } });
    await serveConfig(page, tenant);
    const popups: string[] = [];
    page.on("popup", (popup) => popups.push(popup.url()));
    const sample = await tenant.sample();
    const users = sample.ready.slice(0, 60);
    await openSignedIn(page);
    const before = (await tenant.log()).entries.length;

    await issueBulk(page, users);
    await expect(page.getByRole("button", { name: "Issued 60", exact: true })).toBeVisible();

    const { creations } = await tenant.passes();
    expect(creations).toHaveLength(60);
    expect(creations.every((creation) => creation.count === 1)).toBe(true);
    const during = (await tenant.log()).entries.slice(before);
    const renewals = during.filter((entry) => entry.url.endsWith("/oauth2/v2.0/token"));
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    expect(renewals.every((entry) => entry.status === 200)).toBe(true);
    expect(during.filter((entry) => entry.status === 401)).toEqual([]);
    expect(popups).toEqual([]);
  });

  test("a reload mid-run asks first, then says plainly what was issued and who was not reached, with a list to download", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    // A small write quota keeps the run going long enough to be interrupted.
    const tenant = await createTenant({ knobs: { quota: { capacity: 12, refillPerSecond: 3 } } });
    await serveConfig(page, tenant);
    const sample = await tenant.sample();
    const users = sample.ready.slice(0, 40);
    await openSignedIn(page);

    await page.getByTestId("csv-file-input").setInputFiles(csvUpload("onboarding.csv", upnCsv(users)));
    await page.getByRole("button", { name: "Check 40 users" }).click();
    await page.getByRole("button", { name: "Issue 40 passes" }).click();
    const counts = page.getByTestId("run-counts");
    await expect(counts).toContainText(/[1-9]\d* issued/, { timeout: 30_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    // Once paused, only requests already sent finish; wait until the tenant and the page agree.
    await expect
      .poll(async () => {
        const shown = Number(/(\d+) issued/.exec((await counts.textContent()) ?? "")?.[1]);
        return shown > 0 && shown === (await tenant.passes()).creations.length;
      })
      .toBe(true);
    const issued = (await tenant.passes()).creations.length;
    expect(issued).toBeLessThan(40);

    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(["beforeunload"]);

    const banner = page.getByTestId("interrupted-run");
    await expect(banner).toContainText(
      `A run was interrupted when the page was reloaded: ${issued} ${issued === 1 ? "pass was" : "passes were"} issued but their values can't be shown again (re-issue to replace them), `,
    );
    const notReached = Number(/(\d+) users? (?:was|were) not reached/.exec((await banner.textContent()) ?? "")?.[1]);
    const uncertain = Number(/(\d+) requests? (?:was|were) still out/.exec((await banner.textContent()) ?? "")?.[1] ?? 0);
    expect(notReached + uncertain).toBe(40 - issued);

    const downloading = page.waitForEvent("download");
    await banner.getByRole("button", { name: "Download list" }).click();
    const csv = await readFile(await (await downloading).path(), "utf8");
    const records = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(records[0]).toBe('"User","Status"');
    expect(records).toHaveLength(41);
    expect(records.filter((record) => record.includes('"Issued (value lost on reload: re-issue to replace)"'))).toHaveLength(issued);
    expect(records.filter((record) => record.includes('"Not reached"'))).toHaveLength(notReached);
    expect(findLeaks(csv, await issuedValues(tenant, users))).toEqual([]);
    expect(findLeaks(await page.evaluate(() => JSON.stringify(sessionStorage)), await issuedValues(tenant, users))).toEqual([]);

    await banner.getByRole("button", { name: "Dismiss" }).click();
    await expect(banner).toBeHidden();
    expect(await page.evaluate(() => sessionStorage.getItem("tapdesk.run-journal"))).toBeNull();
    await page.reload();
    await expect(page.getByTestId("admin-name")).toBeVisible();
    await expect(banner).toBeHidden();
  });

  test("results that are Done leave no journal behind, so a later reload says nothing", async ({ page }) => {
    const tenant = await createTenant();
    await serveConfig(page, tenant);
    const sample = await tenant.sample();
    await openSignedIn(page);
    await issueBulk(page, sample.ready.slice(0, 2));
    await page.getByRole("button", { name: "Export CSV" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    await page.reload();
    await expect(page.getByTestId("admin-name")).toBeVisible();
    await expect(page.getByRole("button", { name: "Choose a CSV file" })).toBeVisible();
    await expect(page.getByTestId("interrupted-run")).toHaveCount(0);
  });
});
