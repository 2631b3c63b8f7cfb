import type { Page } from "@playwright/test";
import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, exportFile, issuePasses, parseCsv, parseResultsExport, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test } from "./support/fixtures";

test.use({ tenantOptions: { userCount: 120 } });

interface BatchAnswer {
  responses: { id: string; status: number; body?: { temporaryAccessPass?: string } }[];
}

/**
 * Pass values are random, so one starting with "+" (which a spreadsheet reads as a formula) can't be
 * waited for. The first pass Graph returns is rewritten on its way to the page to start with "+"; the
 * returned list fills with what it was and what the page received.
 */
async function makeFirstPassStartWithPlus(page: Page): Promise<{ original: string; delivered: string }[]> {
  const rewritten: { original: string; delivered: string }[] = [];
  await page.route("**/v1.0/$batch", async (route) => {
    const response = await route.fetch();
    const answer = (await response.json()) as BatchAnswer;
    const created = answer.responses.find((inner) => inner.status === 201 && inner.body?.temporaryAccessPass);
    if (rewritten.length === 0 && created?.body?.temporaryAccessPass) {
      const original = created.body.temporaryAccessPass;
      created.body.temporaryAccessPass = `+${original.slice(1)}`;
      rewritten.push({ original, delivered: created.body.temporaryAccessPass });
    }
    await route.fulfill({ response, json: answer });
  });
  return rewritten;
}

test.describe("exporting the passes", () => {
  test("writes both files byte for byte: what the page shows and the tenant holds, formulas neutralised, + kept", async ({
    page,
    tenant,
  }) => {
    const sample = await tenant.sample();
    const ready = sample.ready.slice(0, 5);
    const rewrites = await makeFirstPassStartWithPlus(page);
    await openSignedIn(page);

    // Line 4 is a formula a spreadsheet would run; it is refused and listed, and must not run in the export either.
    const identifiers = [ready[0], ready[1], "=1+2", ready[2], ready[3], ready[4]].map(String);
    await uploadCsv(page, { name: "export.csv", mimeType: "text/csv", buffer: userNameCsv(identifiers) });
    await checkUsers(page, 5);
    await issuePasses(page, 5);

    const held = new Map((await tenant.passes()).passes.map((pass) => [pass.userPrincipalName, pass]));
    const [rewrite] = rewrites;
    expect(rewrites).toHaveLength(1);
    expect(rewrite?.delivered).toMatch(/^\+/);
    const valueFor = (upn: string) => {
      const value = held.get(upn)?.temporaryAccessPass ?? "";
      return value === rewrite?.original ? (rewrite?.delivered ?? "") : value;
    };
    const issuedInFileOrder = identifiers.filter((identifier) => held.has(identifier));
    expect(issuedInFileOrder).toEqual(ready);
    await expect(page.getByTestId("pass-value")).toHaveText(issuedInFileOrder.map(valueFor));

    const scripts = await exportFile(page, "Export for scripts (User Name, Temporary Access Pass)");
    expect(scripts.fileName).toMatch(/^tap-desk-passes-for-scripts-\d{4}-\d{2}-\d{2}T\d{4}Z\.csv$/);
    const expectedScripts =
      "\uFEFF" +
      ['"User Name","Temporary Access Pass"', ...issuedInFileOrder.map((upn) => `"${upn}","${valueFor(upn)}"`)]
        .map((line) => `${line}\r\n`)
        .join("");
    expect(scripts.bytes.equals(Buffer.from(expectedScripts, "utf8")), `scripts file:\n${scripts.bytes.toString("utf8")}`).toBe(true);

    const results = await exportFile(page, "Export CSV");
    expect(results.fileName).toMatch(/^tap-desk-passes-\d{4}-\d{2}-\d{2}T\d{4}Z\.csv$/);
    const text = results.bytes.toString("utf8");
    expect(
      text.startsWith('\uFEFF"Line","User","Display name","Outcome","Temporary Access Pass","Valid from (UTC)","Valid until (UTC)",'),
    ).toBe(true);
    // 18 columns: the first twelve, Graph's four (status, code, inner code, message), the ticket and the account mark.
    expect(parseCsv(text.slice(1)).every((record) => record.length === 18)).toBe(true);
    const rows = parseResultsExport(results.bytes);
    expect(rows.map((row) => [row["Line"], row["User"], row["Outcome"]])).toEqual([
      ["2", ready[0], "Issued"],
      ["3", ready[1], "Issued"],
      ["4", "'=1+2", "Skipped"],
      ["5", ready[2], "Issued"],
      ["6", ready[3], "Issued"],
      ["7", ready[4], "Issued"],
    ]);
    for (const row of rows.filter((candidate) => candidate["Outcome"] === "Issued")) {
      const upn = row["User"] ?? "";
      const pass = held.get(upn);
      expect(row["Temporary Access Pass"], upn).toBe(valueFor(upn));
      expect(row["Valid from (UTC)"], upn).toBe(new Date(pass?.startDateTime ?? "").toISOString().replace(/\.\d{3}Z$/, "Z"));
      const until = Date.parse(pass?.startDateTime ?? "") + (pass?.lifetimeInMinutes ?? 0) * 60_000;
      expect(Date.parse(row["Valid until (UTC)"] ?? ""), upn).toBe(Math.floor(until / 1000) * 1000);
      expect(row["One-time use"], upn).toBe(pass?.isUsableOnce ? "Yes" : "No");
    }
    expect(rows[2]?.["Reason"]).toMatch(/spreadsheet formula/i);
    expect(rows[2]?.["Temporary Access Pass"]).toBe("");
  });
});
