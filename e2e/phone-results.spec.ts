import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, issuePasses, reviewHeadline, uploadCsv } from "./support/bulk-flow";
import { expectAccessible } from "./support/axe";
import { expect, openSignedIn, test } from "./support/fixtures";
import { shootBothWidths } from "./support/screenshots";
import { allowClipboard, readClipboard } from "./support/search-helpers";

test.use({ tenantOptions: { userCount: 150 }, viewport: { width: 390, height: 844 } });

test.describe("results at phone width", () => {
  test("one card per person with the pass large and copyable; UPNs wrap at @ and dots; the role banner folds to one line", async ({
    page,
    context,
    tenant,
  }) => {
    await allowClipboard(context);
    const sample = await tenant.sample();
    const upns = sample.ready.slice(0, 3);
    await openSignedIn(page);
    const banner = page.getByTestId("capability");
    await expect(banner).toContainText("Your role covers admins and members");

    await uploadCsv(page, { name: "onboarding.csv", mimeType: "text/csv", buffer: userNameCsv(upns) });
    await checkUsers(page, 3);
    await expect(reviewHeadline(page)).toHaveText("3 of 3 will get a pass");

    // Past the first screen the banner is one line, with a control to read it whole.
    const details = banner.getByRole("button", { name: /^Show details: / });
    await expect(details).toHaveAttribute("aria-expanded", "false");
    await expect(banner).not.toContainText("Your role covers admins and members");
    const folded = await banner.boundingBox();
    expect(folded?.height ?? 0).toBeLessThan(60);

    // The check table: every UPN stays inside its cell and breaks only after @ or a dot.
    const review = page.getByRole("region", { name: "Check results" });
    for (const upn of upns) {
      const cell = review.getByText(upn, { exact: true });
      await expect(cell).toBeVisible();
      const lines = await cell.evaluate((element) => {
        // Each rendered line's text, from the browser's own layout of the text nodes.
        const range = document.createRange();
        const tops = new Map<number, string>();
        for (const node of element.childNodes) {
          if (node.nodeType !== Node.TEXT_NODE) continue;
          for (let index = 0; index < (node.textContent ?? "").length; index++) {
            range.setStart(node, index);
            range.setEnd(node, index + 1);
            const top = Math.round(range.getBoundingClientRect().top);
            tops.set(top, (tops.get(top) ?? "") + (node.textContent ?? "")[index]);
          }
        }
        return [...tops.values()];
      });
      expect(lines.join("")).toBe(upn);
      for (const line of lines.slice(0, -1)) expect(line, lines.join(" | ")).toMatch(/[@.]$/);
    }
    await expectAccessible(page, "check at phone width");
    await shootBothWidths(page, "phone-check", { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });

    await issuePasses(page, 3);
    await expect(page.getByRole("table", { name: "Results per user" })).toHaveCount(0);
    const cards = page.getByRole("list", { name: "Results per user" }).getByTestId("result-card");
    await expect(cards).toHaveCount(3);

    const { passes } = await tenant.passes();
    const upn = upns[1] ?? "";
    const value = passes.find((pass) => pass.userPrincipalName === upn)?.temporaryAccessPass ?? "";
    expect(value).not.toBe("");
    const card = cards.filter({ hasText: upn });
    await expect(card.getByTestId("pass-value")).toHaveText(value);
    await expect(card.getByText("Issued", { exact: true })).toBeVisible();
    // Large enough to read out: the value is set bigger than the text around it.
    const size = await card.getByTestId("pass-value").evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);

    await card.getByRole("button", { name: `Copy pass for ${upn}` }).click();
    await expect(page.getByRole("status").filter({ hasText: "Copied the pass" })).toHaveText(`Copied the pass for ${upn}.`);
    expect(await readClipboard(page)).toBe(value);

    await expectAccessible(page, "results at phone width");
    await shootBothWidths(page, "phone-results", { fullPage: true });

    // Back at desktop width the table returns, as it was.
    await expect(page.getByRole("table", { name: "Results per user" })).toBeVisible();
    await details.click();
    await expect(banner).toContainText("Your role covers admins and members");
  });
});
