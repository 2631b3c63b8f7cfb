/**
 * Helpers for the security, hostile-input and accessibility specs: tenants with test-only options,
 * the bulk and one-off journeys in a few calls, and probes for where a secret could leak.
 */
import type { BrowserContext, CDPSession, Page } from "@playwright/test";
import { TENANT_URL } from "../../playwright.config";
import { EmulatedTenant, expect, type TenantOptions } from "./fixtures";

export interface HardeningTenantOptions extends TenantOptions {
  /** Test-only emulator option: two ordinary members get markup and script in their names. */
  markupNames?: boolean;
}

export async function createTenant(options: HardeningTenantOptions = {}): Promise<EmulatedTenant> {
  const response = await fetch(`${TENANT_URL}/_emulator/tenants`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userCount: 120, ...options }),
  });
  if (response.status !== 201) throw new Error(`emulator POST /tenants → ${response.status}: ${await response.text()}`);
  const created = (await response.json()) as { tenantId: string; config: Record<string, unknown> };
  return new EmulatedTenant(created.tenantId, created.config);
}

/** Serves the tenant's config.json with extra keys (e.g. `idleClearMinutes`). */
export function serveConfig(page: Page, tenant: EmulatedTenant, extra: Record<string, unknown> = {}): Promise<void> {
  return tenant.serveConfigTo(page, (config) => ({ ...config, ...extra }));
}

export function csvUpload(name: string, text: string | Buffer): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: "text/csv", buffer: typeof text === "string" ? Buffer.from(text, "utf8") : text };
}

export function upnCsv(upns: readonly string[]): string {
  return ["UserName", ...upns].join("\r\n") + "\r\n";
}

/** Upload → Check N users → Issue N passes → Results. */
export async function issueBulk(page: Page, upns: readonly string[], timeout = 60_000): Promise<void> {
  await page.getByTestId("csv-file-input").setInputFiles(csvUpload("onboarding.csv", upnCsv(upns)));
  await page.getByRole("button", { name: `Check ${upns.length} users` }).click();
  await expect(page.getByRole("region", { name: "Check results" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: upns.length === 1 ? "Issue 1 pass" : `Issue ${upns.length} passes` }).click();
  await expect(page.getByRole("heading", { name: "Results" })).toBeVisible({ timeout });
}

/** Search by UPN → pick → Continue → Issue 1 pass → the pass card. */
export async function issueOneOff(page: Page, upn: string): Promise<void> {
  await page.getByRole("combobox", { name: "Find people" }).fill(upn);
  await page
    .getByRole("option")
    .filter({ has: page.getByText(upn, { exact: true }) })
    .click();
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("button", { name: "Issue 1 pass" }).click();
  await expect(page.getByTestId("pass-value")).toBeVisible({ timeout: 30_000 });
}

/** Pass values the emulator issued during this test to these users (it alone knows them all). */
export async function issuedValues(tenant: EmulatedTenant, upns: readonly string[]): Promise<string[]> {
  const wanted = new Set(upns.map((upn) => upn.toLowerCase()));
  const { passes } = await tenant.passes();
  return passes.filter((pass) => wanted.has(pass.userPrincipalName.toLowerCase())).map((pass) => pass.temporaryAccessPass);
}

/** Every form a value could take once written somewhere: as is, URL-encoded, JSON- or HTML-escaped. */
export function leakForms(value: string): string[] {
  const html = value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
  return [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), html])];
}

export function findLeaks(haystack: string, values: readonly string[]): string[] {
  return values.filter((value) => leakForms(value).some((form) => haystack.includes(form)));
}

/**
 * Everything the browser keeps for this origin that a value could end up in: local and session
 * storage, every IndexedDB store, Cache Storage, document.cookie, the address, and the history length.
 */
export function dumpOriginStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [location.href, document.cookie, String(history.length)];
    for (const storage of [localStorage, sessionStorage]) {
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index) ?? "";
        parts.push(key, storage.getItem(key) ?? "");
      }
    }
    const request = <T>(make: () => IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        const req = make();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
      });
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const name = info.name;
      const db = await request(() => indexedDB.open(name));
      for (const store of Array.from(db.objectStoreNames)) {
        const objectStore = () => db.transaction(store, "readonly").objectStore(store);
        parts.push(name, store, JSON.stringify(await request(() => objectStore().getAllKeys())));
        parts.push(JSON.stringify(await request(() => objectStore().getAll())));
      }
      db.close();
    }
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const entry of await cache.keys()) {
        parts.push(entry.url, (await (await cache.match(entry))?.text()) ?? "");
      }
    }
    return JSON.stringify(parts);
  });
}

export async function dumpCookies(context: BrowserContext): Promise<string> {
  return JSON.stringify(await context.cookies());
}

/** Records every URL the page navigated to or requested, and every console line and page error. */
export function recordTraffic(page: Page): { urls: string[]; console: string[] } {
  const record = { urls: [] as string[], console: [] as string[] };
  page.on("framenavigated", (frame) => record.urls.push(frame.url()));
  page.on("request", (request) => record.urls.push(request.url(), request.headers()["referer"] ?? ""));
  page.on("console", (message) => record.console.push(message.text()));
  page.on("pageerror", (error) => record.console.push(error.message, error.stack ?? ""));
  return record;
}

/**
 * Strings alive in the page's JavaScript heap after a full garbage collection, via heap snapshots.
 * A value found there is still reachable (or not yet collected) in memory. The CDP session is opened
 * up front: one can't be opened while the page is navigating away (as on sign-out).
 */
export async function heapProbe(page: Page): Promise<{ snapshot(): Promise<string> }> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send("HeapProfiler.enable");
  return {
    async snapshot() {
      const chunks: string[] = [];
      const collect = (event: { chunk: string }) => chunks.push(event.chunk);
      session.on("HeapProfiler.addHeapSnapshotChunk", collect);
      await session.send("HeapProfiler.collectGarbage");
      await session.send("HeapProfiler.collectGarbage");
      await session.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      session.off("HeapProfiler.addHeapSnapshotChunk", collect);
      return chunks.join("");
    },
  };
}

export interface CspWatch {
  violations(): Promise<string[]>;
}

/**
 * Collects Content-Security-Policy violations in every frame (the app, MSAL's hidden iframe, the
 * redirect bridge) from `securitypolicyviolation` events, plus the console's "Refused to …" lines.
 */
export async function watchCsp(page: Page): Promise<CspWatch> {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Refused to|Content Security Policy/i.test(message.text())) refused.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("__reportCspViolation", (text: string) => refused.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation?: (text: string) => void }).__reportCspViolation;
      report?.(`${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return { violations: async () => [...refused] };
}

type LogEntry = { seq: number; method: string; url: string; status: number; inBatch: boolean };

const DIRECT_SHAPES = [
  /^\/v1\.0\/\$batch$/,
  /^\/v1\.0\/me(?:[/?]|$)/,
  /^\/v1\.0\/organization(?:\?|$)/,
  /^\/v1\.0\/policies\/authenticationMethodsPolicy\/authenticationMethodConfigurations\/TemporaryAccessPass$/,
];

/**
 * Graph requests that don't fit what issuing to `allowedUsers` may send: direct calls other than
 * $batch, /me…, /organization and the TAP policy; inner batch calls to anything but
 * `/users/{id or UPN of an allowed user}[/…|?…]`.
 */
export function unexpectedGraphRequests(
  entries: readonly LogEntry[],
  allowedUsers: readonly { id: string; userPrincipalName: string }[],
): string[] {
  const keys = new Set(allowedUsers.flatMap((user) => [user.id.toLowerCase(), user.userPrincipalName.toLowerCase()]));
  const odd: string[] = [];
  for (const entry of entries) {
    if (entry.inBatch) {
      const match = /^\/users\/([^/?#()]+)(?:[/?]|$)/.exec(entry.url) ?? /^\/users\('([^']+)'\)(?:[/?]|$)/.exec(entry.url);
      const key = match?.[1] === undefined ? null : decodeURIComponent(match[1]).toLowerCase();
      if (key === null || !keys.has(key)) odd.push(`batch ${entry.method} ${entry.url}`);
    } else if (entry.url.startsWith("/v1.0")) {
      if (!DIRECT_SHAPES.some((shape) => shape.test(entry.url))) odd.push(`${entry.method} ${entry.url}`);
    }
  }
  return odd;
}

export async function directoryUser(
  tenant: EmulatedTenant,
  upn: string,
): Promise<{ id: string; userPrincipalName: string; displayName: string }> {
  const response = await fetch(`${TENANT_URL}/_emulator/tenants/${tenant.tenantId}/users/${encodeURIComponent(upn)}`);
  if (!response.ok) throw new Error(`emulator user ${upn} → ${response.status}`);
  return (await response.json()) as { id: string; userPrincipalName: string; displayName: string };
}
