import type { Page } from "@playwright/test";
import * as XLSX from "xlsx";
import { userNameCsv } from "./support/bulk-csv";
import { expectAccessible } from "./support/axe";
import { checkUsers, exportFile, issuePasses, shownRows, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test } from "./support/fixtures";

test.use({ tenantOptions: { userCount: 120 } });

interface BatchAnswer {
  responses: { id: string; status: number; body?: { temporaryAccessPass?: string } }[];
}

/**
 * About 6% of real passes start with a character a spreadsheet runs as a formula; random values can't
 * be waited for. The first passes Graph returns are rewritten on their way to the page to start with
 * "=", "+", "-" and "@"; the map fills with what the tenant holds → what the page received.
 */
async function makePassesStartWithFormulaCharacters(page: Page): Promise<Map<string, string>> {
  const prefixes = ["=", "+", "-", "@"];
  const delivered = new Map<string, string>();
  await page.route("**/v1.0/$batch", async (route) => {
    const response = await route.fetch();
    const answer = (await response.json()) as BatchAnswer;
    for (const inner of answer.responses) {
      const original = inner.status === 201 ? inner.body?.temporaryAccessPass : undefined;
      const prefix = prefixes[delivered.size];
      if (!inner.body || !original || prefix === undefined) continue;
      inner.body.temporaryAccessPass = `${prefix}${original.slice(1)}`;
      delivered.set(original, inner.body.temporaryAccessPass);
    }
    await route.fulfill({ response, json: answer });
  });
  return delivered;
}

function readSheet(book: XLSX.WorkBook, name: string): { rows: string[][]; nonText: string[] } {
  const sheet = book.Sheets[name];
  if (!sheet) throw new Error(`no sheet ${name} in ${book.SheetNames.join(", ")}`);
  const nonText = Object.entries(sheet)
    .filter(
      ([address, cell]) => !address.startsWith("!") && ((cell as XLSX.CellObject).t !== "s" || (cell as XLSX.CellObject).f !== undefined),
    )
    .map(([address]) => address);
  return { rows: XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: true, defval: "" }), nonText };
}

test.describe("the Excel workbook and find in results", () => {
  test("the workbook holds every pass byte for byte as the tenant does, all cells text, every other row with its reason", async ({
    page,
    tenant,
  }) => {
    const sample = await tenant.sample();
    const ready = sample.ready.slice(0, 8);
    const holding = sample.holdingUsablePass[0] ?? "";
    const delivered = await makePassesStartWithFormulaCharacters(page);
    await openSignedIn(page);

    // Line 4 is a formula a spreadsheet would run: refused at import, and it must stay inert text in the workbook.
    const identifiers = [ready[0], ready[1], "=1+2", ready[2], holding, ...ready.slice(3)].map(String);
    await uploadCsv(page, { name: "xlsx.csv", mimeType: "text/csv", buffer: userNameCsv(identifiers) });
    await checkUsers(page, identifiers.length - 1);
    await issuePasses(page, ready.length);

    const held = new Map((await tenant.passes()).passes.map((pass) => [pass.userPrincipalName, pass]));
    expect([...delivered.values()].map((value) => value.charAt(0))).toEqual(["=", "+", "-", "@"]);
    const valueFor = (upn: string) => {
      const value = held.get(upn)?.temporaryAccessPass ?? "";
      return delivered.get(value) ?? value;
    };

    const toolbar = page.getByRole("toolbar", { name: "Save the passes" });
    await expect(toolbar.getByRole("button").first()).toHaveText("Export Excel workbook");
    const download = await exportFile(page, "Export Excel workbook");
    expect(download.fileName).toMatch(/^tap-desk-passes-\d{4}-\d{2}-\d{2}T\d{4}Z\.xlsx$/);
    const book = XLSX.read(download.bytes, { type: "buffer", cellFormula: true });
    expect(book.SheetNames).toEqual(["Passes", "Skipped and failed"]);

    const passes = readSheet(book, "Passes");
    expect(passes.nonText).toEqual([]);
    expect(passes.rows[0]).toEqual([
      "Line",
      "User",
      "Display name",
      "Temporary Access Pass",
      "Valid from (UTC)",
      "Valid until (UTC)",
      "Valid from (local)",
      "Valid until (local)",
      "One-time use",
      "Ticket",
      "Account",
    ]);
    const body = passes.rows.slice(1);
    expect(body.map((row) => row[1])).toEqual(ready);
    for (const row of body) {
      const upn = row[1] ?? "";
      const pass = held.get(upn);
      expect(row[3], upn).toBe(valueFor(upn));
      expect(Buffer.from(row[3] ?? "", "utf8").equals(Buffer.from(valueFor(upn), "utf8")), upn).toBe(true);
      expect(row[4], upn).toBe(new Date(pass?.startDateTime ?? "").toISOString().replace(/\.\d{3}Z$/, "Z"));
      expect(row[8], upn).toBe(pass?.isUsableOnce ? "Yes" : "No");
    }
    // The four formula-shaped passes are in the file as they are, not neutralised and not evaluated.
    const inFile = body.map((row) => row[3]);
    for (const value of delivered.values()) expect(inFile).toContain(value);

    const other = readSheet(book, "Skipped and failed");
    expect(other.nonText).toEqual([]);
    expect(other.rows.slice(1).map((row) => [row[0], row[1], row[3]])).toEqual([
      ["4", "=1+2", "Skipped"],
      ["6", holding, "Skipped"],
    ]);
    expect(other.rows[1]?.[4]).toMatch(/spreadsheet formula/i);
    // Every input line is in exactly one of the two sheets.
    const lines = [...body, ...other.rows.slice(1)].map((row) => Number(row[0])).sort((a, b) => a - b);
    expect(lines).toEqual(identifiers.map((_, index) => index + 2));
  });

  test("find in results reaches a row outside the rendered window by keyboard and says how many rows match", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const ready = sample.ready.slice(0, 60);
    await openSignedIn(page);
    await uploadCsv(page, { name: "find.csv", mimeType: "text/csv", buffer: userNameCsv(ready) });
    await checkUsers(page, ready.length);
    await issuePasses(page, ready.length);

    const last = ready[ready.length - 1] ?? "";
    // Only the rows in view are in the page, so the browser's own find could not see the last one.
    expect((await shownRows(page)).map((row) => row.line)).not.toContain(String(ready.length + 1));

    await page.getByRole("button", { name: "Done" }).focus();
    await page.keyboard.press("Tab");
    const box = page.getByRole("searchbox", { name: "Find in results" });
    await expect(box).toBeFocused();
    await page.keyboard.type(last);
    const count = page.getByTestId("results-search-count");
    await expect(count).toHaveText("1 of 60 rows matches");
    await expect(count).toHaveAttribute("aria-live", "polite");
    const found = await shownRows(page);
    expect(found.map((row) => [row.line, row.user.includes(last)])).toEqual([[String(ready.length + 1), true]]);
    await expectAccessible(page, "results with a search");

    await box.fill("line 2");
    await expect(count).toHaveText("1 of 60 rows matches");
    expect((await shownRows(page)).map((row) => row.line)).toEqual(["2"]);

    // With an outcome filter: no failed rows, so nothing matches.
    await page.getByRole("button", { name: "Failed 0" }).click();
    await expect(count).toHaveText("0 of 0 failed rows match");
    await page.getByRole("button", { name: "All 60" }).click();
    await box.fill("");
    await expect(count).toHaveText("");
  });
});
