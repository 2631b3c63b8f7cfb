/** Steps of the bulk CSV journey as an admin takes them, and readers for what the page shows. */
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import { TENANT_URL } from "../../playwright.config";
import type { CsvUser } from "./bulk-csv";
import { expect, type EmulatedTenant } from "./fixtures";

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The directory record the emulator holds for one user (its debugging route). */
export async function directoryUser(tenant: EmulatedTenant, upn: string): Promise<CsvUser> {
  const response = await fetch(`${TENANT_URL}/_emulator/tenants/${tenant.tenantId}/users/${encodeURIComponent(upn)}`);
  if (!response.ok) throw new Error(`emulator user ${upn} → ${response.status}`);
  const user = (await response.json()) as CsvUser;
  return { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName };
}

export function directoryUsers(tenant: EmulatedTenant, upns: readonly string[]): Promise<CsvUser[]> {
  return Promise.all(upns.map((upn) => directoryUser(tenant, upn)));
}

/** Picks the file through the "Choose a CSV file" input and waits for the import summary. */
export async function uploadCsv(page: Page, file: UploadFile): Promise<void> {
  await page.getByTestId("csv-file-input").setInputFiles(file);
  await expect(page.getByTestId("import-summary")).toBeVisible();
}

/** "Check N users" → the review's headline "X of Y will get a pass". */
export async function checkUsers(page: Page, expectedUsers: number): Promise<void> {
  await page.getByRole("button", { name: `Check ${expectedUsers} users` }).click();
  await expect(page.getByRole("region", { name: "Check results" })).toBeVisible({ timeout: 30_000 });
}

export function reviewHeadline(page: Page): Locator {
  return page.getByRole("region", { name: "Check results" }).getByText(/ will get a pass$/);
}

/** Clicks "Issue N passes" and waits for the results screen. */
export async function issuePasses(page: Page, expectedPasses: number, timeout = 60_000): Promise<void> {
  await page.getByRole("button", { name: expectedPasses === 1 ? "Issue 1 pass" : `Issue ${expectedPasses} passes` }).click();
  await expect(page.getByRole("heading", { name: "Results" })).toBeVisible({ timeout });
}

export interface OutcomeCounts {
  all: number;
  issued: number;
  skipped: number;
  failed: number;
}

/** The counts on the results' filter buttons ("All 12", "Issued 9", …). */
export async function filterCounts(page: Page): Promise<OutcomeCounts> {
  const group = page.getByRole("group", { name: "Show rows by outcome" });
  const read = async (label: string) => {
    const text = await group.getByRole("button", { name: new RegExp(`^${label} [\\d,]+$`) }).textContent();
    return Number((text ?? "").replace(/\D/g, ""));
  };
  return { all: await read("All"), issued: await read("Issued"), skipped: await read("Skipped"), failed: await read("Failed") };
}

export interface ShownRow {
  line: string;
  user: string;
  /** The pass value shown, or "" when the row shows none. */
  pass: string;
  /** Everything the row says (outcome, reason, times), as one text. */
  text: string;
}

/** The results table rows currently in the DOM (it is virtualised: keep the runs small or filter). */
export async function shownRows(page: Page): Promise<ShownRow[]> {
  const table = page.getByRole("table", { name: "Results per user" });
  // Columns by their header, so a leading selection column doesn't shift them.
  const headers = (await table.getByRole("columnheader").allInnerTexts()).map((text) => text.trim());
  const lineColumn = headers.indexOf("Line");
  const userColumn = lineColumn + 1;
  const rows = table.getByRole("row");
  const count = await rows.count();
  const shown: ShownRow[] = [];
  for (let index = 1; index < count; index++) {
    const row = rows.nth(index);
    const cells = row.getByRole("cell");
    const pass = row.getByTestId("pass-value");
    shown.push({
      line: (await cells.nth(lineColumn).innerText()).trim(),
      user: (await cells.nth(userColumn).innerText()).trim(),
      pass: (await pass.count()) > 0 ? (await pass.innerText()).trim() : "",
      text: (await row.innerText()).replace(/\s+/g, " ").trim(),
    });
  }
  return shown;
}

export interface Download {
  fileName: string;
  bytes: Buffer;
}

/** Clicks an export button and returns the file the browser saved. */
export async function exportFile(page: Page, buttonName: string): Promise<Download> {
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: buttonName, exact: true }).click();
  const download = await downloading;
  const path = await download.path();
  return { fileName: download.suggestedFilename(), bytes: await readFile(path) };
}

/** RFC 4180 records (quoted fields, doubled quotes, CRLF); strict enough to notice a malformed export. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (quoted) {
      if (char === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text.charAt(index + 1) === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      index++;
    } else field += char;
  }
  if (field !== "" || record.length > 0) throw new Error(`export does not end with CRLF: …${JSON.stringify(text.slice(-40))}`);
  return records;
}

/** The results export as objects keyed by its header. */
export function parseResultsExport(bytes: Buffer): Record<string, string>[] {
  const text = bytes.toString("utf8");
  if (!text.startsWith("\uFEFF")) throw new Error("the results export has no UTF-8 BOM");
  const [header, ...records] = parseCsv(text.slice(1));
  if (!header) throw new Error("the results export is empty");
  return records.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ""])));
}

/** The live counts while a run is going ("12 issued", "3 failed", …). */
export async function runCounts(page: Page): Promise<{ issued: number; failed: number; skipped: number; toGo: number }> {
  const text = (await page.getByTestId("run-counts").textContent()) ?? "";
  const read = (label: string) => Number(new RegExp(`([\\d,]+) ${label}`).exec(text)?.[1]?.replace(/,/g, "") ?? Number.NaN);
  return { issued: read("issued"), failed: read("failed"), skipped: read("skipped"), toGo: read("to go") };
}

/** Graph writes (POST/PATCH/DELETE, direct or inside a batch) the tenant received after `since`; and its latest sequence number. */
export async function writesSince(tenant: EmulatedTenant, since: number): Promise<{ writes: number; lastSeq: number }> {
  const response = await fetch(`${TENANT_URL}/_emulator/tenants/${tenant.tenantId}/log?since=${since}`);
  const log = (await response.json()) as { lastSeq: number; entries: { method: string; url: string }[] };
  const writes = log.entries.filter((entry) => entry.method !== "GET" && entry.method !== "OPTIONS" && !entry.url.endsWith("/$batch"));
  return { writes: writes.length, lastSeq: log.lastSeq };
}
