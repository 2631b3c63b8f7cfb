import { mkdirSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Page } from "@playwright/test";

const filesFolder = resolve(import.meta.dirname, "out/files");
mkdirSync(filesFolder, { recursive: true });

/**
 * Steps through the real UI, and in-page clocks: times are `performance.now()` read inside the page
 * (a MutationObserver-free rAF poll), so Playwright's own round trips do not count.
 */

declare global {
  interface Window {
    __bench?: {
      fileChosenAt: number | null;
      checkClickedAt: number | null;
      issueClickedAt: number | null;
      longTasks: { start: number; duration: number }[];
    };
  }
}

/** Opens the app and waits until the signed-in shell shows the admin's name. */
export async function signInThroughUi(page: Page, timeout = 60_000): Promise<void> {
  await page.goto("/");
  await page.getByTestId("admin-name").waitFor({ state: "visible", timeout });
}

/** Records when a file is chosen, when the "Check …" and "Issue …" buttons are clicked, and every long task. */
export async function installProbes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state: NonNullable<Window["__bench"]> = { fileChosenAt: null, checkClickedAt: null, issueClickedAt: null, longTasks: [] };
    window.__bench = state;
    document.addEventListener(
      "change",
      (event) => {
        if (event.target instanceof HTMLInputElement && event.target.type === "file") state.fileChosenAt = performance.now();
      },
      true,
    );
    document.addEventListener(
      "click",
      (event) => {
        const button = event.target instanceof Element ? event.target.closest("button") : null;
        if (button && /^Issue [\d,]+ pass/.test(button.textContent ?? "")) state.issueClickedAt = performance.now();
        if (button && /^Check [\d,]+ user/.test(button.textContent ?? "")) state.checkClickedAt = performance.now();
      },
      true,
    );
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: "longtask", buffered: true });
  });
}

export async function probes(page: Page): Promise<NonNullable<Window["__bench"]>> {
  const state = await page.evaluate(() => window.__bench);
  if (!state) throw new Error("bench probes are not installed on this page");
  return state;
}

/** Waits (polling every frame) until `selector` matches an element, and returns the in-page time it did. */
export async function timeUntilShown(page: Page, selector: string, timeout: number): Promise<number> {
  const handle = await page.waitForFunction((css) => (document.querySelector(css) ? performance.now() : false), selector, {
    polling: "raf",
    timeout,
  });
  return (await handle.jsonValue()) as number;
}

/** Waits until an `h2` reads exactly `text`, and returns the in-page time it did. */
export async function timeUntilHeading(page: Page, text: string, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(
    (wanted) =>
      [...document.querySelectorAll("h2")].some((heading) => heading.textContent?.trim() === wanted) ? performance.now() : false,
    text,
    { polling: "raf", timeout },
  );
  return (await handle.jsonValue()) as number;
}

export function csvOfUpns(upns: readonly string[]): Buffer {
  return Buffer.from(`UserPrincipalName\r\n${upns.join("\r\n")}\r\n`, "utf8");
}

/**
 * Chooses a file as the admin would. The bytes go to disk first: a Buffer would be decoded inside the
 * page by Playwright (a long main-thread task of its own), a path is handed to Chromium as a real file.
 */
export async function chooseCsv(page: Page, name: string, bytes: Buffer): Promise<void> {
  // The page reads the file lazily, so it stays on disk (in the git-ignored bench/out) until the next run.
  const folder = await mkdtemp(join(filesFolder, "csv-"));
  const path = join(folder, name);
  await writeFile(path, bytes);
  await page.getByTestId("csv-file-input").setInputFiles(path);
}

export interface OutcomeCounts {
  all: number;
  issued: number;
  skipped: number;
  failed: number;
}

/** The counts on the results' filter buttons ("All 12", "Issued 9", …). */
export async function outcomeCounts(page: Page): Promise<OutcomeCounts> {
  const texts = await page.evaluate(() =>
    [...document.querySelectorAll('[role="group"][aria-label="Show rows by outcome"] button')].map((button) => button.textContent ?? ""),
  );
  const read = (label: string) => {
    const text = texts.find((candidate) => candidate.startsWith(label));
    return text ? Number(text.replace(/\D/g, "")) : 0;
  };
  return { all: read("All"), issued: read("Issued"), skipped: read("Skipped"), failed: read("Failed") };
}

export interface IssueTimes {
  /** File chosen → results shown, ms. */
  wallMs: number;
  /** File chosen → rows shown (the worker's parse and validation), ms. */
  parseMs: number;
  /** "Check N users" clicked → check results shown, ms. */
  checkMs: number;
  /** Machine time: parse + check + issuing, without the admin's own pauses (and Playwright's) between them. */
  machineMs: number;
  /** "Issue N passes" clicked → results shown, ms. */
  issuingMs: number;
  /** Passes the review offered to issue. */
  offered: number;
  counts: OutcomeCounts;
}

/** CSV of UPNs → import summary → check → issue → results, through the UI of a signed-in page. */
export async function issueFromCsv(
  page: Page,
  upns: readonly string[],
  hooks: { beforeIssue?: () => Promise<void> } = {},
  timeoutMs = 15 * 60_000,
): Promise<IssueTimes> {
  await installProbes(page);
  await page.getByTestId("csv-file-input").waitFor({ state: "attached", timeout: 60_000 });
  await chooseCsv(page, "onboarding.csv", csvOfUpns(upns));
  const rowsShownAt = await timeUntilShown(page, '[data-testid="import-summary"]', 120_000);
  await page.getByRole("button", { name: `Check ${upns.length} users` }).click();
  const checkShownAt = await timeUntilShown(page, 'section[aria-label="Check results"]', timeoutMs);
  const issue = page.getByRole("button", { name: /^Issue [\d,]+ pass(es)?$/ });
  await issue.waitFor({ state: "visible", timeout: 60_000 });
  const offered = Number(((await issue.textContent()) ?? "").replace(/\D/g, ""));
  await hooks.beforeIssue?.();
  await issue.click();
  const shownAt = await timeUntilHeading(page, "Results", timeoutMs);
  const state = await probes(page);
  if (state.fileChosenAt === null || state.issueClickedAt === null || state.checkClickedAt === null) {
    throw new Error("the page did not record the file or the clicks");
  }
  const parseMs = rowsShownAt - state.fileChosenAt;
  const checkMs = checkShownAt - state.checkClickedAt;
  const issuingMs = shownAt - state.issueClickedAt;
  return {
    wallMs: shownAt - state.fileChosenAt,
    parseMs,
    checkMs,
    machineMs: parseMs + checkMs + issuingMs,
    issuingMs,
    offered,
    counts: await outcomeCounts(page),
  };
}
