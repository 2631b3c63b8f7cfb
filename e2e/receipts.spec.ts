import { expectAccessible } from "./support/axe";
import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, exportFile, issuePasses, parseCsv, parseResultsExport, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test } from "./support/fixtures";
import { serveConfig } from "./support/hardening";

test.use({ tenantOptions: { userCount: 60 } });

interface ReceiptRowJson {
  line: number | null;
  userPrincipalName: string;
  userId: string | null;
  outcome: string;
  methodId: string | null;
  validFrom: string | null;
  validUntil: string | null;
  isUsableOnce: boolean | null;
  requestId: string | null;
  reason: string;
}

interface ReceiptJson {
  kind: string;
  runId: string;
  partial: boolean;
  tenant: { id: string | null; name: string | null };
  issuer: { name: string | null; userPrincipalName: string | null };
  startedAt: string;
  endedAt: string | null;
  ticket: string | null;
  settings: Record<string, unknown> | null;
  rows: ReceiptRowJson[];
}

test.describe("receipts and ticket numbers", () => {
  test("a required ticket holds Issue back; the run's receipts name every pass Entra holds and no value", async ({ page, tenant }) => {
    await serveConfig(page, tenant, { requireTicket: true });
    const sample = await tenant.sample();
    const ready = sample.ready.slice(0, 4);
    const holding = sample.holdingUsablePass[0] ?? "";
    const identifiers = [...ready, holding];
    await openSignedIn(page);
    await uploadCsv(page, { name: "receipt.csv", mimeType: "text/csv", buffer: userNameCsv(identifiers) });
    await checkUsers(page, identifiers.length);

    // Required by config.json: Issue stays disabled, saying why, until a ticket is typed.
    const issue = page.getByRole("button", { name: `Issue ${ready.length} passes` });
    await expect(issue).toBeDisabled();
    await expect(page.getByText("Enter the ticket or reference this run is for.")).toBeVisible();
    await expectAccessible(page, "check step with a required ticket");
    await page.getByRole("textbox", { name: "Ticket / reference" }).fill("  INC0042  ");
    await expect(issue).toBeEnabled();
    await issuePasses(page, ready.length);
    await expect(page.getByText("Ticket / reference: INC0042")).toBeVisible();
    await expectAccessible(page, "results with the ticket and receipt buttons");

    const held = (await tenant.passes()).passes;
    const values = held.map((pass) => pass.temporaryAccessPass);
    expect(values.length).toBeGreaterThanOrEqual(ready.length);

    const json = await exportFile(page, "Receipt (JSON)");
    const csv = await exportFile(page, "Receipt (CSV)");
    expect(json.fileName).toMatch(/^tap-desk-receipt-\d{4}-\d{2}-\d{2}T\d{4}Z-[0-9a-f]{8}\.json$/);
    expect(csv.fileName).toBe(json.fileName.replace(/\.json$/, ".csv"));
    for (const file of [json, csv]) {
      const text = file.bytes.toString("utf8");
      for (const value of values) expect(text, file.fileName).not.toContain(value);
    }

    const receipt = JSON.parse(json.bytes.toString("utf8")) as ReceiptJson;
    expect(receipt).toMatchObject({ kind: "tap-desk-receipt", partial: false, ticket: "INC0042" });
    expect(receipt.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(receipt.tenant.id).toBe(tenant.config.tenantId);
    expect(receipt.tenant.name).toBeTruthy();
    expect(receipt.issuer.userPrincipalName).toMatch(/@/);
    expect(Date.parse(receipt.endedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(receipt.startedAt));
    expect(receipt.settings).toMatchObject({ replaceUsablePasses: false });

    // Every input line once; issued rows name exactly the pass Entra holds for that user.
    expect(receipt.rows.map((row) => row.line)).toEqual(identifiers.map((_, index) => index + 2));
    for (const upn of ready) {
      const row = receipt.rows.find((candidate) => candidate.userPrincipalName === upn);
      const pass = held.find((candidate) => candidate.userPrincipalName === upn);
      expect(row, upn).toMatchObject({ outcome: "issued", methodId: pass?.id, userId: pass?.userId, isUsableOnce: pass?.isUsableOnce });
      expect(Date.parse(row?.validFrom ?? ""), upn).toBe(Date.parse(pass?.startDateTime ?? ""));
      expect(Date.parse(row?.validUntil ?? "") - Date.parse(row?.validFrom ?? ""), upn).toBe((pass?.lifetimeInMinutes ?? 0) * 60_000);
    }
    const skipped = receipt.rows.find((row) => row.userPrincipalName === holding);
    expect(skipped).toMatchObject({ outcome: "skipped", methodId: null });
    expect(skipped?.reason).not.toBe("");

    // The CSV receipt says the same: facts, then one line per row with the same method ids.
    const records = parseCsv(csv.bytes.toString("utf8").replace(/^\uFEFF/, ""));
    expect(records[0]).toEqual(["TAP Desk receipt", "1"]);
    expect(records).toContainEqual(["Run ID", receipt.runId]);
    expect(records).toContainEqual(["Ticket", "INC0042"]);
    const headerAt = records.findIndex((record) => record[0] === "Line" && record[4] === "Pass method ID");
    const table = records.slice(headerAt + 1);
    expect(table.map((record) => [record[1], record[4]])).toEqual(receipt.rows.map((row) => [row.userPrincipalName, row.methodId ?? ""]));

    // The ticket goes into the results export too, as its last column.
    const exported = parseResultsExport((await exportFile(page, "Export CSV")).bytes);
    expect(exported.map((row) => row.Ticket)).toEqual(identifiers.map(() => "INC0042"));

    // After Done, the same receipt stays downloadable from the home screen.
    await page.getByRole("button", { name: "Done" }).click();
    const note = page.getByTestId("last-receipt");
    await expect(note).toContainText("Last run's receipt");
    await expect(note).toContainText("for INC0042: 4 passes issued of 5 rows");
    await expectAccessible(page, "home with the last run's receipt");
    const again = await exportFile(page, "Receipt (JSON)");
    expect(JSON.parse(again.bytes.toString("utf8"))).toEqual(receipt);
  });

  test("after a reload, the interrupted-run banner gives a partial receipt: names and outcomes only, said so, no value", async ({
    page,
    tenant,
  }) => {
    const sample = await tenant.sample();
    const ready = sample.ready.slice(0, 3);
    await openSignedIn(page);
    await uploadCsv(page, { name: "reload.csv", mimeType: "text/csv", buffer: userNameCsv(ready) });
    await checkUsers(page, ready.length);
    await issuePasses(page, ready.length);
    // Saved first, so the reload does not ask; the journal stays until Done.
    await exportFile(page, "Export CSV");
    await page.reload();

    const banner = page.getByTestId("interrupted-run");
    await expect(banner).toContainText("Run interrupted");
    // The receipt names the tenant as the header shows it, once /organization has answered.
    await expect(page.getByTestId("tenant-name")).not.toHaveText("…");
    await expectAccessible(page, "interrupted-run banner with the partial receipt");
    const json = await exportFile(page, "Partial receipt (JSON)");
    const csv = await exportFile(page, "Partial receipt (CSV)");
    expect(json.fileName).toMatch(/^tap-desk-receipt-partial-.*\.json$/);
    const values = (await tenant.passes()).passes.map((pass) => pass.temporaryAccessPass);
    for (const file of [json, csv]) for (const value of values) expect(file.bytes.toString("utf8")).not.toContain(value);

    const receipt = JSON.parse(json.bytes.toString("utf8")) as ReceiptJson & { note: string };
    expect(receipt).toMatchObject({ partial: true, ticket: null, settings: null, endedAt: null });
    expect(receipt.note).toMatch(/Partial receipt/);
    expect(receipt.tenant).toEqual({ id: tenant.config.tenantId, name: await page.getByTestId("tenant-name").textContent() });
    expect(receipt.rows.map((row) => [row.userPrincipalName, row.outcome, row.methodId])).toEqual(
      ready.map((upn) => [upn, "issued", null]),
    );
    expect(parseCsv(csv.bytes.toString("utf8").replace(/^\uFEFF/, ""))).toContainEqual(["Partial", "Yes"]);
  });
});
