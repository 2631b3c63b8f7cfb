import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import { build, preview, type Plugin, type PreviewServer } from "vite";
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

/**
 * A throwaway self-signed certificate for the emulator (openssl, once per checkout, git-ignored), so
 * Chromium speaks HTTP/2 to it as it does to Graph and Entra. Chromium is told to accept it.
 */
function benchCertificate(): { key: Buffer; cert: Buffer } | null {
  const folder = resolve(repoRoot, "bench/out/tls");
  const key = resolve(folder, "key.pem");
  const cert = resolve(folder, "cert.pem");
  if (!existsSync(key) || !existsSync(cert)) {
    mkdirSync(folder, { recursive: true });
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-keyout",
          key,
          "-out",
          cert,
          "-days",
          "3650",
          "-subj",
          "/CN=localhost",
          "-addext",
          "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
        ],
        { stdio: "ignore" },
      );
    } catch {
      // No openssl on this machine (a fresh one may lack it): the caller falls back to plain HTTP/1.1.
      return null;
    }
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

export type Compression = "br" | "gzip" | "none";

const compressible = new Set([".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".webmanifest", ".map"]);

/**
 * Compresses what `vite preview` serves from the build folder the way a static host does (brotli at
 * its highest quality, or gzip level 9, precompressed once per file), when the browser accepts it.
 * Runs after the security-headers middleware, so every header a deployment sends is still there.
 */
function staticHostCompression(outDir: string, mode: () => Compression): Plugin {
  const cache = new Map<string, Buffer>();
  return {
    name: "bench-static-host-compression",
    enforce: "post",
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        const encoding = mode();
        const path = decodeURIComponent((request.url ?? "/").split("?")[0] ?? "/");
        const file = resolve(outDir, `.${path.endsWith("/") ? `${path}index.html` : path}`);
        const accepted = String(request.headers["accept-encoding"] ?? "");
        if (
          encoding === "none" ||
          request.method !== "GET" ||
          !file.startsWith(outDir) ||
          !compressible.has(extname(file)) ||
          !existsSync(file) ||
          !accepted.includes(encoding)
        ) {
          next();
          return;
        }
        const key = `${encoding}:${file}`;
        let body = cache.get(key);
        if (!body) {
          const raw = readFileSync(file);
          body =
            encoding === "br"
              ? brotliCompressSync(raw, {
                  params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length },
                })
              : gzipSync(raw, { level: 9 });
          cache.set(key, body);
        }
        const types: Record<string, string> = {
          ".html": "text/html",
          ".js": "text/javascript",
          ".mjs": "text/javascript",
          ".css": "text/css",
          ".json": "application/json",
          ".svg": "image/svg+xml",
        };
        response.setHeader("Content-Type", `${types[extname(file)] ?? "application/octet-stream"}; charset=utf-8`);
        response.setHeader("Content-Encoding", encoding);
        response.setHeader("Content-Length", String(body.length));
        response.setHeader("Vary", "Accept-Encoding");
        response.setHeader("Cache-Control", path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        response.end(body);
      });
    },
  };
}

export interface BenchEnvironment {
  /** "h2": the emulator serves HTTPS + HTTP/2 as Graph does; "http1.1": plain HTTP (6 connections per host). */
  protocol: "h2" | "http1.1";
  tenantUrl: string;
  appUrl: string;
  outDir: string;
  browser: Browser;
  /** How the app's files are compressed from now on (default "br", as static hosts serve it to Chromium). */
  setCompression(mode: Compression): void;
  /** A fresh browser context + page that gets `config` as its config.json. */
  openPage(config: Record<string, unknown>): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Builds the app for production (unless told not to), serves it, starts the emulator and Chromium. */
export async function startBenchEnvironment(
  options: { ports?: BenchPorts; outDir?: string; skipBuild?: boolean; http1?: boolean } = {},
): Promise<BenchEnvironment> {
  const tls = options.http1 ? null : benchCertificate();
  if (!options.http1 && tls === null) {
    console.warn(
      "bench: openssl could not make a certificate, so the emulator runs on plain HTTP/1.1 (as --http1): figures are not comparable",
    );
  }
  const protocol = tls === null ? "http1.1" : "h2";
  // The bench's own calls (control API, the seed loop's script) trust the throwaway certificate too.
  if (protocol === "h2") process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  const ports = options.ports ?? DEFAULT_PORTS;
  const outDir = resolve(repoRoot, options.outDir ?? DEFAULT_OUT_DIR);
  if (!options.skipBuild || !existsSync(resolve(outDir, "index.html"))) {
    await build({ root: repoRoot, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  }

  const tenantServer: TenantServer = await startTenantServer({
    port: ports.tenant,
    defaultTenant: null,
    ...(tls === null ? {} : { tls }),
  });
  let server: PreviewServer | null = null;
  let compression: Compression = "br";
  let browser: Browser | null = null;
  try {
    // The preview's Content-Security-Policy must allow the bench's emulator (read when the config loads).
    process.env.TAPDESK_TENANT_ORIGIN = tenantServer.url;
    server = await preview({
      root: repoRoot,
      logLevel: "warn",
      plugins: [staticHostCompression(outDir, () => compression)],
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
        ...(protocol === "h2" ? ["--ignore-certificate-errors"] : []),
        // A hidden or occluded page would have its timers and frames throttled and skew the figures.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
      ],
    });
    const openedBrowser = browser;
    const openedServer = server;
    return {
      protocol,
      tenantUrl: tenantServer.url,
      appUrl,
      outDir,
      browser: openedBrowser,
      setCompression(mode) {
        compression = mode;
      },
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
