import type { Page, Request } from "@playwright/test";
import { userNameCsv } from "./support/bulk-csv";
import { expectAccessible } from "./support/axe";
import { checkUsers, issuePasses, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test } from "./support/fixtures";

/** Scopes of every token request the page makes (the form body names them). */
function recordTokenScopes(page: Page): string[] {
  const asked: string[] = [];
  page.on("request", (request: Request) => {
    if (request.method() === "POST" && /\/oauth2\/v2\.0\/token$/.test(new URL(request.url()).pathname)) {
      asked.push(new URLSearchParams(request.postData() ?? "").get("scope") ?? "");
    }
  });
  return asked;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: false });
}

test.describe("Recent passes from Entra's audit log", () => {
  test.describe("as an admin who reads reports (PAA + Global Reader)", () => {
    test.use({ tenantOptions: { userCount: 120, persona: "reader-paa" } });

    test("passes just issued appear with the admin as issuer; AuditLog.Read.All is asked for only on opening", async ({ page, tenant }) => {
      const sample = await tenant.sample();
      const targets = sample.ready.slice(0, 3);
      const tokenScopes = recordTokenScopes(page);
      await openSignedIn(page, "Nestor Wilke");
      await uploadCsv(page, { name: "three.csv", mimeType: "text/csv", buffer: userNameCsv(targets) });
      await checkUsers(page, 3);
      await issuePasses(page, 3);
      expect(tokenScopes.some((scope) => scope.includes("AuditLog.Read.All"))).toBe(false);
      expect((await tenant.log()).entries.some((entry) => entry.url.includes("/auditLogs/"))).toBe(false);

      await page.getByRole("button", { name: "Recent passes" }).click();
      const drawer = page.getByRole("dialog", { name: "Recent passes" });
      const rows = drawer.getByTestId("history-row");
      await expect(rows).toHaveCount(3);
      expect(tokenScopes.some((scope) => scope.includes("AuditLog.Read.All"))).toBe(true);
      for (const upn of targets) await expect(rows.filter({ hasText: upn })).toHaveCount(1);
      for (const row of await rows.all()) {
        await expect(row.getByRole("cell").nth(1)).toContainText("Nestor Wilke");
        await expect(row.getByRole("cell").nth(1)).toContainText(sample.personas["reader-paa"]);
        await expect(row.getByRole("cell").nth(4)).toHaveText("success");
      }
      await expect(drawer.getByTestId("history-status")).toHaveText("3 passes loaded.");
      await expectAccessible(page, "recent passes");
      await shoot(page, "recent-passes-desktop");
      await page.setViewportSize({ width: 390, height: 844 });
      await shoot(page, "recent-passes-phone");
      await expectAccessible(page, "recent passes on a phone");
      await page.setViewportSize({ width: 1280, height: 800 });

      // User filter works on the loaded rows; issuer filter goes to Graph.
      await drawer.getByRole("searchbox").fill(targets[1] ?? "");
      await expect(rows).toHaveCount(1);
      await drawer.getByRole("searchbox").fill("");
      await drawer.getByLabel("Issued by (UPN starts with)").fill("megan.");
      await drawer.getByRole("button", { name: "Apply" }).click();
      await expect(drawer.getByTestId("history-empty")).toContainText("by issuers whose UPN starts with “megan.”");
      expect(
        (await tenant.log()).entries.some((entry) =>
          decodeURIComponent(entry.url).includes("startswith(initiatedBy/user/userPrincipalName,'megan.')"),
        ),
      ).toBe(true);

      // Closing the drawer leaves the results and their passes where they were.
      await page.keyboard.press("Escape");
      await expect(drawer).toBeHidden();
      await expect(page.getByRole("button", { name: "Recent passes" })).toBeFocused();
      await expect(page.getByRole("heading", { name: "Results" })).toBeVisible();
    });
  });

  test.describe("as the demo Privileged Authentication Administrator (no reports-reading role)", () => {
    test.use({ tenantOptions: { userCount: 120 } });

    test("is told which role is needed, beside Graph's code, message and request id", async ({ page }) => {
      await openSignedIn(page, "Megan Bowen");
      // The pick step stays the first screen; Recent passes is one button above it.
      await expect(page.getByRole("heading", { name: "Search the directory" })).toBeVisible();
      await shoot(page, "home-desktop");
      await page.setViewportSize({ width: 390, height: 844 });
      await shoot(page, "home-phone");
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByRole("button", { name: "Recent passes" }).click();
      const drawer = page.getByRole("dialog", { name: "Recent passes" });
      const error = drawer.getByTestId("history-error");
      await expect(error).toContainText("Reports Reader, Security Reader, Global Reader");
      await expect(drawer.getByTestId("history-graph-error")).toContainText(
        /403 Authorization_RequestDenied — “Insufficient privileges to complete the operation\.” · request id [0-9a-f-]{36}/,
      );
      await expect(drawer.getByTestId("history-row")).toHaveCount(0);
      await expectAccessible(page, "recent passes, role needed");
      await shoot(page, "recent-passes-403-desktop");
      await page.setViewportSize({ width: 390, height: 844 });
      await shoot(page, "recent-passes-403-phone");
    });
  });
});
