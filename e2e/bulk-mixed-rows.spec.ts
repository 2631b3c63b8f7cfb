import { userNameCsv } from "./support/bulk-csv";
import {
  checkUsers,
  exportFile,
  filterCounts,
  issuePasses,
  parseResultsExport,
  reviewHeadline,
  shownRows,
  uploadCsv,
} from "./support/bulk-flow";
import { expect, openSignedIn, test, type EmulatedTenant, type TenantSample } from "./support/fixtures";

test.use({ tenantOptions: { userCount: 150 } });

/** One row of each kind an onboarding file really contains; line numbers follow the UserName header. */
function mixedRows(sample: TenantSample) {
  const pick = (list: string[], index: number, what: string) => {
    const upn = list[index];
    if (!upn) throw new Error(`the tenant has no ${what} #${index}`);
    return upn;
  };
  const ready = pick(sample.ready, 0, "ready user");
  const rows = [
    { line: 2, value: ready, outcome: "Issued" },
    { line: 3, value: "not a user name", outcome: "Skipped", reason: "Contains a space or other blank character" },
    { line: 4, value: ready.toUpperCase(), outcome: "Skipped", reason: "Duplicate of line 2" },
    { line: 5, value: "nobody.at.all@contoso.example", outcome: "Skipped", reason: "No user “nobody.at.all@contoso.example” exists" },
    { line: 6, value: pick(sample.disabled, 0, "disabled user"), outcome: "Skipped", reason: "The account is disabled" },
    {
      line: 7,
      value: pick(sample.externalGuests, 0, "external guest"),
      outcome: "Skipped",
      reason: "External guests can't receive a pass",
    },
    { line: 8, value: pick(sample.holdingUsablePass, 0, "usable pass holder"), outcome: "Skipped", reason: "Already holds a working pass" },
    { line: 9, value: pick(sample.holdingExpiredPass, 0, "expired pass holder"), outcome: "Issued" },
    { line: 10, value: pick(sample.ready, 1, "ready user"), outcome: "Issued" },
  ];
  return { rows, ready, usable: rows[6]?.value ?? "", expired: rows[7]?.value ?? "" };
}

async function passOf(tenant: EmulatedTenant, upn: string) {
  const { passes } = await tenant.passes();
  return passes.find((pass) => pass.userPrincipalName.toLowerCase() === upn.toLowerCase());
}

test.describe("a file with good and bad rows", () => {
  test("ends every row in exactly one visible outcome, with the reason for each skipped row", async ({ page, tenant }) => {
    const { rows, usable, expired } = mixedRows(await tenant.sample());
    const usableBefore = await passOf(tenant, usable);
    const expiredBefore = await passOf(tenant, expired);
    await openSignedIn(page);

    await uploadCsv(page, { name: "mixed.csv", mimeType: "text/csv", buffer: userNameCsv(rows.map((row) => row.value)) });
    const counts = page.getByRole("group", { name: "Rows in the file" });
    await expect(counts).toContainText("9 rows");
    await expect(counts).toContainText("7 users to check");
    await expect(counts).toContainText("1 invalid");
    await expect(counts.getByText("1 duplicate", { exact: true })).toBeVisible();
    await expect(page.getByTestId("import-problems")).toContainText("Line 4:");

    await checkUsers(page, 7);
    await expect(reviewHeadline(page)).toHaveText("3 of 9 will get a pass");
    await issuePasses(page, 3);

    expect(await filterCounts(page)).toEqual({ all: rows.length, issued: 3, skipped: 6, failed: 0 });
    const shown = await shownRows(page);
    expect(shown.map((row) => row.line)).toEqual(rows.map((row) => String(row.line)));
    for (const [index, expected] of rows.entries()) {
      const row = shown[index];
      expect(row?.text, `line ${expected.line}`).toContain(expected.outcome);
      if (expected.reason) expect(row?.text, `line ${expected.line}`).toContain(expected.reason);
      if (expected.outcome === "Issued") expect(row?.pass, `line ${expected.line}`).toMatch(/^\S{8}$/);
      else expect(row?.pass, `line ${expected.line}`).toBe("");
    }

    // The usable pass was left alone; the expired one was replaced by the value shown.
    expect(await passOf(tenant, usable)).toEqual(usableBefore);
    const expiredAfter = await passOf(tenant, expired);
    expect(expiredAfter?.id).not.toBe(expiredBefore?.id);
    expect(shown[7]?.pass).toBe(expiredAfter?.temporaryAccessPass);
  });

  test("replaces a working pass only when the admin chooses to", async ({ page, tenant }) => {
    const { rows, usable } = mixedRows(await tenant.sample());
    const before = await passOf(tenant, usable);
    expect(before, "the seeded pass").toBeDefined();
    await openSignedIn(page);

    await uploadCsv(page, { name: "mixed.csv", mimeType: "text/csv", buffer: userNameCsv(rows.map((row) => row.value)) });
    await checkUsers(page, 7);
    await expect(reviewHeadline(page)).toHaveText("3 of 9 will get a pass");
    await page.getByRole("radio", { name: /^Replace their pass/ }).check();
    await expect(reviewHeadline(page)).toHaveText("4 of 9 will get a pass");
    await issuePasses(page, 4);

    expect(await filterCounts(page)).toEqual({ all: rows.length, issued: 4, skipped: 5, failed: 0 });
    const exported = parseResultsExport((await exportFile(page, "Export CSV")).bytes);
    const line8 = exported.find((row) => row["Line"] === "8");
    expect(line8?.["Outcome"]).toBe("Issued");
    const after = await passOf(tenant, usable);
    expect(after?.id).not.toBe(before?.id);
    expect(after?.temporaryAccessPass).not.toBe(before?.temporaryAccessPass);
    expect(line8?.["Temporary Access Pass"]).toBe(after?.temporaryAccessPass);
  });
});
