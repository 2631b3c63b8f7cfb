import { writeFile } from "node:fs/promises";
import type { Locator } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, issuePasses, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test, type EmulatedPass } from "./support/fixtures";
import { allowClipboard, findPeopleBox, readClipboard, suggestion, typeSearch } from "./support/search-helpers";
import { shootBothWidths } from "./support/screenshots";
import { closePrintDialog, holdPrintDialogOpen, printCalls } from "./support/print-dialog";

// The browser's zone is not UTC, so a slip's times must say which zone they are in.
test.use({ timezoneId: "Asia/Tokyo", locale: "en-GB" });

/** The pass as a slip prints it: the glyphs of its boxes, in order. */
async function slipPass(slip: Locator): Promise<string> {
  return (await slip.locator(".tap-handout-glyph").allTextContents()).join("");
}

function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0;
}

const timeInTokyo = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Tokyo",
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));

test.describe("handouts people can hand over", () => {
  // The longest pass Entra issues (48 characters): the tightest layout must still hold it.
  test.use({ tenantOptions: { userCount: 60, policy: { defaultLength: 48 } } });

  test("prints slips one per page and four or eight per page with cut lines, each with all a person needs", async ({ page, tenant }) => {
    await holdPrintDialogOpen(page);
    const sample = await tenant.sample();
    const upns = sample.ready.slice(0, 5);
    await openSignedIn(page);
    await expect(page.getByTestId("tenant-name")).not.toHaveText("…");
    const organization = (await page.getByTestId("tenant-name").textContent()) ?? "";
    const admin = (await page.getByTestId("admin-name").textContent()) ?? "";
    await uploadCsv(page, { name: "onboarding.csv", mimeType: "text/csv", buffer: userNameCsv(upns) });
    await checkUsers(page, upns.length);
    await page.getByRole("textbox", { name: "Ticket / reference" }).fill("INC0042");
    await issuePasses(page, upns.length);
    const held = new Map<string, EmulatedPass>((await tenant.passes()).passes.map((pass) => [pass.userPrincipalName.toLowerCase(), pass]));

    for (const [perPage, radio, paper, pages] of [
      [1, "One slip per page", "A4", 5],
      [4, "4 slips per page, with cut lines", "A4", 2],
      [8, "8 slips per page, with cut lines", "A4", 1],
      [8, "8 slips per page, with cut lines", "Letter", 1],
    ] as const) {
      await page.emulateMedia({ media: "screen" });
      await page.getByRole("button", { name: "Print handouts" }).click();
      const dialog = page.getByRole("dialog", { name: "Print handouts" });
      await expect(dialog).toContainText("Temporary Access Passes · INC0042: 5 slips");
      await dialog.getByRole("radio", { name: radio }).check();
      await dialog.getByRole("radio", { name: paper }).check();
      if (perPage === 1) {
        await expectAccessible(page, "print handouts dialog");
        await shootBothWidths(page, "print-handouts-dialog");
      }
      const before = await printCalls(page);
      await dialog.getByRole("button", { name: "Print" }).click();
      await expect(dialog).toHaveCount(0);
      expect(await printCalls(page)).toBe(before + 1);

      // On screen the sheet never shows; in print it is all that shows.
      const sheet = page.getByTestId("handout-sheet");
      await expect(sheet).toBeHidden();
      await page.emulateMedia({ media: "print" });
      await expect(sheet).toBeVisible();
      await expect(sheet).toHaveAttribute("data-per-page", String(perPage));
      await expect(page.getByRole("button", { name: "Print handouts" })).toBeHidden();
      await expect(sheet.getByRole("region", { name: /^Page \d+ of \d+$/ })).toHaveCount(pages);
      if (perPage === 1) await expectAccessible(page, "printed handouts");
      // Cut lines only where slips share a page.
      expect(await sheet.evaluate((element) => element.classList.contains("tap-handout-cut"))).toBe(perPage > 1);

      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: test.info().outputPath(`handouts-${perPage}-${paper}-print-desktop.png`), fullPage: true });
      // The paper's width at 96 dpi, then the printed PDF itself.
      await page.setViewportSize(paper === "A4" ? { width: 794, height: 1123 } : { width: 816, height: 1056 });
      await page.screenshot({ path: test.info().outputPath(`handouts-${perPage}-${paper}-print-paper.png`), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });

      const slips = sheet.getByTestId("handout-slip");
      await expect(slips).toHaveCount(upns.length);
      for (const [index, upn] of upns.entries()) {
        const slip = slips.nth(index);
        const pass = held.get(upn.toLowerCase());
        if (!pass) throw new Error(`the tenant holds no pass for ${upn}`);
        expect(await slipPass(slip)).toBe(pass.temporaryAccessPass);
        await expect(slip).toContainText(organization);
        await expect(slip).toContainText(upn);
        const end = new Date(Date.parse(pass.startDateTime) + pass.lifetimeInMinutes * 60_000).toISOString();
        await expect(slip).toContainText(`Valid from${timeInTokyo(pass.startDateTime)} · Asia/Tokyo (UTC+09:00)`);
        await expect(slip).toContainText(`Valid until${timeInTokyo(end)} · Asia/Tokyo (UTC+09:00)`);
        await expect(slip.getByRole("listitem")).toHaveCount(4);
        await expect(slip.getByRole("listitem").first()).toContainText("https://aka.ms/mysecurityinfo (or scan the QR code).");
        await expect(slip.getByRole("img", { name: "QR code of https://aka.ms/mysecurityinfo" })).toBeVisible();
        await expect(slip).toContainText(`Ticket INC0042 · Issued by ${admin}`);
        // Nothing is cut off: the slip's content fits inside its box, the 48-character pass included.
        const size = await slip.evaluate((element) => ({ content: element.scrollHeight, box: element.clientHeight }));
        expect(size.content, `slip ${index + 1} at ${perPage} per page on ${paper} fits`).toBeLessThanOrEqual(size.box + 1);
      }

      // Last: printing to PDF ends with "afterprint", which takes the sheet away.
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      await writeFile(test.info().outputPath(`handouts-${perPage}-${paper}.pdf`), pdf);
      expect(pdfPageCount(pdf), `${perPage} per page`).toBe(pages);
      await closePrintDialog(page);
    }

    // Ctrl+P on the results prints the same handouts with the last layout.
    await page.emulateMedia({ media: "print" });
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await expect(page.getByTestId("handout-sheet")).toHaveAttribute("data-per-page", "8");
    await closePrintDialog(page);
    await expectAccessible(page, "results with Print handouts");
  });
});

test.describe("the pass card for a phone call", () => {
  test.use({ tenantOptions: { userCount: 60 } });

  test("spells the pass out on demand, copies exactly the value, and prints its slip", async ({ page, context, tenant }) => {
    await holdPrintDialogOpen(page);
    await allowClipboard(context);
    const sample = await tenant.sample();
    const upn = sample.ready[0] ?? "";
    await openSignedIn(page);
    await typeSearch(page, upn.slice(0, 8));
    await suggestion(page, upn).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Issue 1 pass" }).click();
    const card = page.getByRole("region", { name: /^Temporary Access Pass for / });
    await expect(card).toBeVisible();
    const value = (await tenant.passes()).passes.find(
      (pass) => pass.userPrincipalName.toLowerCase() === upn.toLowerCase(),
    )?.temporaryAccessPass;
    if (!value) throw new Error("no pass issued");

    // The value is shown whole: its text is the value, and so is what a selection copies.
    const shown = card.getByTestId("pass-value");
    await expect(shown).toHaveText(value);
    const selected = await shown.evaluate((element) => {
      const selection = window.getSelection();
      selection?.selectAllChildren(element);
      return selection?.toString();
    });
    expect(selected).toBe(value);
    await page.evaluate(() => window.getSelection()?.removeAllRanges());

    await card.getByRole("button", { name: "Spell it out" }).click();
    await expect(card.getByRole("button", { name: "Spell it out" })).toHaveAttribute("aria-pressed", "true");
    const spelling = card.getByRole("list", { name: "Read-aloud spelling" });
    await expect(spelling.getByRole("listitem")).toHaveCount(Math.ceil(value.length / 4));
    await expect(spelling.getByRole("listitem").first()).toContainText("Characters 1–4:");
    await card.getByRole("button", { name: "Copy pass" }).click();
    await expect(card.getByRole("status")).toHaveText(`Copied the pass for ${upn}.`);
    expect(await readClipboard(page)).toBe(value);
    await expectAccessible(page, "pass card spelled out");
    await shootBothWidths(page, "pass-card-spelled", { fullPage: true });

    await card.getByRole("button", { name: "Print slip" }).click();
    await page.emulateMedia({ media: "print" });
    const slip = page.getByTestId("handout-slip");
    await expect(slip).toHaveCount(1);
    expect(await slipPass(slip)).toBe(value);
    await expect(slip).toContainText("Spoken: ");
    await expect(slip).toContainText("Asia/Tokyo (UTC+09:00)");
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: test.info().outputPath("pass-slip-print-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await closePrintDialog(page);
    await expect(findPeopleBox(page)).toHaveCount(0);
  });
});
