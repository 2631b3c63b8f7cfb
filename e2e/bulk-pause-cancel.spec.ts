import type { Page } from "@playwright/test";
import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, exportFile, filterCounts, parseResultsExport, runCounts, uploadCsv, writesSince } from "./support/bulk-flow";
import { expect, openSignedIn, test, type EmulatedTenant } from "./support/fixtures";

const ROWS = 200;

test.use({ tenantOptions: { userCount: 300, knobs: { latency: { readMs: 0, writeMs: 300 } } } });

/** Starts issuing to ROWS ready users and waits until some passes are out. */
async function startRun(page: Page, tenant: EmulatedTenant): Promise<string[]> {
  const upns = (await tenant.sample()).ready.slice(0, ROWS);
  expect(upns).toHaveLength(ROWS);
  await openSignedIn(page);
  await uploadCsv(page, { name: "big.csv", mimeType: "text/csv", buffer: userNameCsv(upns) });
  await checkUsers(page, ROWS);
  await page.getByRole("button", { name: `Issue ${ROWS} passes` }).click();
  await expect.poll(async () => (await runCounts(page)).issued).toBeGreaterThanOrEqual(20);
  return upns;
}

/** Resolves once `read` gave the same answer twice, a second apart. */
async function settles(read: () => Promise<unknown>): Promise<void> {
  let last: string | undefined;
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await read());
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [1_000], timeout: 15_000 },
    )
    .toBe(true);
}

test.describe("pausing and cancelling a run", () => {
  test("pause stops new passes once in-flight requests finish; resume finishes the run", async ({ page, tenant }) => {
    test.setTimeout(90_000);
    await startRun(page, tenant);

    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByRole("region", { name: "Issuing" })).toContainText("Paused: requests already sent are finishing");
    await settles(() => runCounts(page));
    const paused = await runCounts(page);
    expect(paused.toGo, "paused before the end").toBeGreaterThan(0);

    // Nothing is sent while paused: the tenant sees no write over another settled second.
    const { lastSeq } = await writesSince(tenant, 0);
    await settles(() => runCounts(page));
    expect((await writesSince(tenant, lastSeq)).writes).toBe(0);
    expect(await runCounts(page)).toEqual(paused);

    await page.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByRole("heading", { name: "Results" })).toBeVisible({ timeout: 60_000 });
    expect(await filterCounts(page)).toEqual({ all: ROWS, issued: ROWS, skipped: 0, failed: 0 });
  });

  test("cancel skips the remaining rows with a reason, and they get no pass", async ({ page, tenant }) => {
    const upns = await startRun(page, tenant);

    await page.getByRole("button", { name: "Cancel the rest" }).click();
    await expect(page.getByRole("heading", { name: "Results" })).toBeVisible({ timeout: 30_000 });
    const counts = await filterCounts(page);
    expect(counts.all).toBe(ROWS);
    expect(counts.failed).toBe(0);
    expect(counts.skipped, "rows left when cancelled").toBeGreaterThan(0);
    expect(counts.issued + counts.skipped).toBe(ROWS);

    const exported = parseResultsExport((await exportFile(page, "Export CSV")).bytes);
    expect(exported.map((row) => row["User"])).toEqual(upns);
    const { passes } = await tenant.passes();
    const held = new Map(passes.map((pass) => [pass.userPrincipalName, pass.temporaryAccessPass]));
    for (const row of exported) {
      const upn = row["User"] ?? "";
      if (row["Outcome"] === "Issued") {
        expect(held.get(upn), `${upn}'s pass`).toBe(row["Temporary Access Pass"]);
      } else {
        expect(row["Outcome"], upn).toBe("Skipped");
        expect(row["Reason"], upn).toMatch(/cancel/i);
        expect(held.has(upn), `${upn} was cancelled yet holds a pass`).toBe(false);
      }
    }
  });
});
