import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { build, preview, type PreviewServer } from "vite";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "../e2e/support/chromium.ts";
import { startTenantServer, type TenantServer } from "../e2e/tenant/server.ts";

const repoRoot = resolve(import.meta.dirname, "..");

export interface BenchPorts {
  /** Emulated tenant; 0 = any free port. */
  tenant: number;
  /** vite preview of the production build; 0 = any free port. */
  app: number;
}

export const DEFAULT_PORTS: BenchPorts = { tenant: 4061, app: 4211 };
export const DEFAULT_OUT_DIR = "bench/out/dist-bench";

export interface BenchEnvironment {
  tenantUrl: string;
  appUrl: string;
  outDir: string;
  browser: Browser;
  /** A fresh browser context + page that gets `config` as its config.json. */
  openPage(config: Record<string, unknown>): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Builds the app for production (unless told not to), serves it, starts the emulator and Chromium. */
export async function startBenchEnvironment(
  options: { ports?: BenchPorts; outDir?: string; skipBuild?: boolean } = {},
): Promise<BenchEnvironment> {
  const ports = options.ports ?? DEFAULT_PORTS;
  const outDir = resolve(repoRoot, options.outDir ?? DEFAULT_OUT_DIR);
  if (!options.skipBuild || !existsSync(resolve(outDir, "index.html"))) {
    await build({ root: repoRoot, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  }

  const tenantServer: TenantServer = await startTenantServer({ port: ports.tenant, defaultTenant: null });
  let server: PreviewServer | null = null;
  let browser: Browser | null = null;
  try {
    // The preview's Content-Security-Policy must allow the bench's emulator (read when the config loads).
    process.env.TAPDESK_TENANT_ORIGIN = tenantServer.url;
    server = await preview({
      root: repoRoot,
      logLevel: "warn",
      build: { outDir },
      preview: { port: ports.app, strictPort: ports.app !== 0, host: "localhost" },
    });
    const appUrl = server.resolvedUrls?.local[0]?.replace(/\/$/, "");
    if (!appUrl) throw new Error("vite preview did not report its URL");
    // Tenants register the app's redirect and post-logout URIs on this origin, as a real registration would.
    tenantServer.setAppOrigin(appUrl);
    const executablePath = chromiumExecutable();
    browser = await chromium.launch({
      ...(executablePath ? { executablePath } : {}),
      args: [
        ...CHROMIUM_ARGS,
        "--enable-precise-memory-info",
        // A hidden or occluded page would have its timers and frames throttled and skew the figures.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
      ],
    });
    const openedBrowser = browser;
    const openedServer = server;
    return {
      tenantUrl: tenantServer.url,
      appUrl,
      outDir,
      browser: openedBrowser,
      async openPage(config) {
        const context = await openedBrowser.newContext({ baseURL: appUrl, viewport: { width: 1400, height: 900 } });
        // tsx keeps function names with a `__name` helper that functions passed to page.evaluate carry along.
        await context.addInitScript("globalThis.__name = (target) => target;");
        const page = await context.newPage();
        const body = JSON.stringify(config);
        await page.route("**/config.json", (route) => route.fulfill({ status: 200, contentType: "application/json", body }));
        return { context, page };
      },
      async close() {
        await openedBrowser.close();
        await openedServer.close();
        await tenantServer.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    await tenantServer.close();
    throw error;
  }
}
