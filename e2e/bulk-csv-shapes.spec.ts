import { CSV_SHAPES } from "./support/bulk-csv";
import {
  checkUsers,
  directoryUsers,
  exportFile,
  filterCounts,
  issuePasses,
  parseResultsExport,
  reviewHeadline,
  uploadCsv,
} from "./support/bulk-flow";
import { expect, openSignedIn, test } from "./support/fixtures";

test.use({ tenantOptions: { userCount: 120 } });

test.describe("real-world CSV shapes read without editing", () => {
  for (const shape of CSV_SHAPES) {
    test(`reads ${shape.name} and brings exactly its users to the review`, async ({ page, tenant }) => {
      const sample = await tenant.sample();
      const users = await directoryUsers(tenant, sample.ready.slice(0, 3));
      await openSignedIn(page);

      await uploadCsv(page, { name: shape.fileName, mimeType: shape.mimeType, buffer: shape.build(users) });
      await expect(page.getByTestId("import-detection")).toHaveText(shape.summary);
      await expect(page.getByRole("group", { name: "Rows in the file" })).toContainText("3 rows");
      await checkUsers(page, 3);

      await expect(reviewHeadline(page)).toHaveText("3 of 3 will get a pass");
      const review = page.getByRole("region", { name: "Check results" });
      const lines = users.map((_, index) => String(shape.firstDataLine + index));
      const reviewRows = review.getByRole("table").getByRole("row");
      await expect(reviewRows).toHaveCount(4);
      for (const [index, user] of users.entries()) {
        const row = reviewRows.nth(index + 1);
        await expect(row.getByRole("cell").nth(0)).toHaveText(lines[index] ?? "");
        await expect(row.getByRole("cell").nth(2)).toHaveText(user.userPrincipalName);
      }
    });
  }
});

test.describe("a CSV goes all the way to issued passes", () => {
  for (const shape of [CSV_SHAPES[2], CSV_SHAPES[6]]) {
    if (!shape) continue;
    test(`issues a pass to every user of ${shape.name}`, async ({ page, tenant }) => {
      const sample = await tenant.sample();
      const users = await directoryUsers(tenant, sample.ready.slice(3, 8));
      await openSignedIn(page);

      await uploadCsv(page, { name: shape.fileName, mimeType: shape.mimeType, buffer: shape.build(users) });
      await checkUsers(page, users.length);
      await issuePasses(page, users.length);

      expect(await filterCounts(page)).toEqual({ all: 5, issued: 5, skipped: 0, failed: 0 });
      const exported = parseResultsExport((await exportFile(page, "Export CSV")).bytes);
      const { passes } = await tenant.passes();
      expect(exported.map((row) => [row["Line"], row["User"], row["Outcome"]])).toEqual(
        users.map((user, index) => [String(shape.firstDataLine + index), user.userPrincipalName, "Issued"]),
      );
      for (const row of exported) {
        const held = passes.find((pass) => pass.userPrincipalName === row["User"]);
        expect(held?.temporaryAccessPass, `the pass ${row["User"]} holds`).toBe(row["Temporary Access Pass"]);
      }
    });
  }
});

test.describe("dropping a file", () => {
  test("reads a CSV dropped onto the drop zone", async ({ page, tenant }) => {
    const upns = (await tenant.sample()).ready.slice(0, 2);
    await openSignedIn(page);
    const zone = page.getByTestId("csv-drop-zone");
    const dataTransfer = await page.evaluateHandle(
      ({ text, name }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], name, { type: "text/csv" }));
        return transfer;
      },
      { text: `UserName\r\n${upns.join("\r\n")}\r\n`, name: "dropped.csv" },
    );
    await zone.dispatchEvent("dragenter", { dataTransfer });
    await zone.dispatchEvent("dragover", { dataTransfer });
    await zone.dispatchEvent("drop", { dataTransfer });

    await expect(page.getByTestId("import-summary")).toContainText("dropped.csv");
    await expect(page.getByTestId("import-detection")).toHaveText(
      "CSV with a header row · users from column “UserName” · one column · UTF-8 · header on line 1",
    );
    await checkUsers(page, 2);
    await expect(reviewHeadline(page)).toHaveText("2 of 2 will get a pass");
  });
});
