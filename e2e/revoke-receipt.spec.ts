import type { Page } from "@playwright/test";
import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, exportFile, issuePasses, uploadCsv } from "./support/bulk-flow";
import { expectAccessible, tabTo } from "./support/axe";
import { catchGraphToken, replacePass } from "./support/other-admin";
import { expect, openSignedIn, test } from "./support/fixtures";
import { shootBothWidths } from "./support/screenshots";

/** Opens a file through the home screen's "Open a receipt", reached and pressed with the keyboard. */
async function openReceipt(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  const button = page.getByRole("button", { name: "Open a receipt" });
  await tabTo(page, button);
  const choosing = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  await (await choosing).setFiles(file);
}

test.use({ tenantOptions: { userCount: 60 } });

test.describe("revoke from a receipt", () => {
  test("after a reload, a receipt file shows 4 still current + 1 replaced; removing all deletes the 4 and keeps the newer pass", async ({
    page,
    tenant,
  }) => {
    test.setTimeout(120_000);
    const token = catchGraphToken(page);
    const sample = await tenant.sample();
    const upns = sample.ready.slice(0, 5);
    expect(upns).toHaveLength(5);
    await openSignedIn(page);
    await uploadCsv(page, { name: "wrong-list.csv", mimeType: "text/csv", buffer: userNameCsv(upns) });
    await checkUsers(page, upns.length);
    await issuePasses(page, upns.length);

    const receiptFile = await exportFile(page, "Receipt (JSON)");
    const issued = new Map(
      (await tenant.passes()).passes.filter((pass) => upns.includes(pass.userPrincipalName)).map((pass) => [pass.userPrincipalName, pass]),
    );
    expect(issued.size).toBe(5);

    // Another admin replaces one user's pass in Entra after the run.
    const replacedUpn = upns[2]!;
    const graph = token();
    expect(graph).not.toBeNull();
    const newer = await replacePass(graph!, issued.get(replacedUpn)!.userId);

    // "From any machine, after any reload": the page forgets the run; only the file remains.
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    await expect(page.getByTestId("admin-name")).toBeVisible();

    // A file that is not a receipt is refused with the reader's own words, and nothing opens.
    await openReceipt(page, { name: "users.csv", mimeType: "text/csv", buffer: userNameCsv(upns) });
    await expect(page.getByText("Couldn't open users.csv")).toBeVisible();
    await expect(page.getByText(/is not a TAP Desk receipt/)).toBeVisible();

    // Another tenant's receipt is refused before any request about its users.
    const receiptText = receiptFile.bytes.toString("utf8");
    const foreign = JSON.parse(receiptText) as { tenant: { id: string } };
    foreign.tenant.id = "00000000-0000-4000-8000-00000000beef";
    const tapCalls: string[] = [];
    page.on("request", (request) => {
      const body = request.postData() ?? "";
      if (request.url().includes("temporaryAccessPassMethods") || body.includes("temporaryAccessPassMethods")) tapCalls.push(request.url());
    });
    await openReceipt(page, { name: "foreign.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(foreign)) });
    const panel = page.getByRole("region", { name: "Passes in a receipt" });
    await expect(panel.getByText("Not this tenant's receipt")).toBeVisible();
    await expect(panel.getByText(/another tenant \(00000000-0000-4000-8000-00000000beef\)/)).toBeVisible();
    expect(tapCalls).toEqual([]);
    // Closed from the keyboard: focus goes back to "Open a receipt".
    await tabTo(page, panel.getByRole("button", { name: "Close" }));
    await page.keyboard.press("Enter");
    await expect(panel).toBeHidden();

    // The real receipt: each pass's current state, read from Entra.
    await openReceipt(page, { name: receiptFile.fileName, mimeType: "application/json", buffer: receiptFile.bytes });
    await expect(panel.getByText("5 passes issued: 4 still current, 1 already replaced or removed.")).toBeVisible({ timeout: 30_000 });
    const row = (upn: string) => panel.getByRole("row").filter({ hasText: upn });
    for (const upn of upns) {
      await expect(
        row(upn).getByText(upn === replacedUpn ? "Already replaced or removed" : "Still current", { exact: true }),
      ).toBeVisible();
    }
    expect(await tenant.passes().then((state) => state.passes.filter((pass) => upns.includes(pass.userPrincipalName)).length)).toBe(5);
    await expectAccessible(page, "revoke from a receipt");
    await shootBothWidths(page, "receipt-revoke");

    await panel.getByRole("button", { name: "Remove all still current (4)" }).click();
    const confirm = page.getByRole("dialog", { name: "Remove 4 passes?" });
    await confirm.getByRole("button", { name: "Remove 4 passes" }).click();
    await expect(panel.getByText("Removal finished")).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByText("4 passes removed, 0 already replaced, 0 not removed.")).toBeVisible();
    for (const upn of upns) {
      if (upn !== replacedUpn) await expect(row(upn).getByText("Removed", { exact: true })).toBeVisible();
    }
    await expect(row(replacedUpn).getByText("Already replaced or removed", { exact: true })).toBeVisible();
    await expectAccessible(page, "revoke from a receipt, finished");
    await shootBothWidths(page, "receipt-revoke-done");

    const after = (await tenant.passes()).passes;
    const heldIds = new Set(after.map((pass) => pass.id));
    for (const upn of upns) if (upn !== replacedUpn) expect(heldIds.has(issued.get(upn)!.id), upn).toBe(false);
    expect(after.filter((pass) => upns.includes(pass.userPrincipalName)).map((pass) => pass.id)).toEqual([newer]);
  });
});
