import { defineConfig, type Plugin, type ResolvedConfig } from "vite";
import react from "@vitejs/plugin-react";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ServerResponse } from "node:http";
import { redirectBridgeHeaders, securityHeaders } from "./deploy/security-headers.mjs";

/**
 * The config.json that `npm run dev` and `vite preview` serve: the emulated tenant's (config.emulator.json)
 * unless TAPDESK_CONFIG names another file, e.g. a git-ignored config.local.json for a real tenant
 * (`npm run dev -- --config config.local.json`). It is never copied into dist/: a deployment brings its own.
 */
const configPath = resolve(import.meta.dirname, process.env.TAPDESK_CONFIG ?? "config.emulator.json");

function readServedConfig(): string {
  const raw = readFileSync(configPath, "utf8");
  // End-to-end runs and the bench move the emulator off its demo port.
  const tenantOrigin = process.env.TAPDESK_TENANT_ORIGIN;
  return tenantOrigin ? raw.replaceAll("http://localhost:4010", tenantOrigin) : raw;
}

function sendConfig(response: ServerResponse): void {
  response.setHeader("Content-Type", "application/json");
  response.setHeader("Cache-Control", "no-store");
  response.end(readServedConfig());
}

/**
 * Serves /config.json from configPath on the dev server, and on `vite preview` when the previewed folder
 * has none; after a build, says loudly that dist/ has no config.json (or warns if one in it names localhost).
 */
function runtimeConfigFile(): Plugin {
  let resolved: ResolvedConfig | null = null;
  return {
    name: "tap-desk-runtime-config",
    configResolved(config) {
      resolved = config;
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (request.url?.split("?")[0] === "/config.json") sendConfig(response);
        else next();
      });
    },
    configurePreviewServer(server) {
      const shipped = resolve(server.config.root, server.config.build.outDir, "config.json");
      server.middlewares.use((request, response, next) => {
        if (request.url?.split("?")[0] === "/config.json" && !existsSync(shipped)) sendConfig(response);
        else next();
      });
    },
    closeBundle() {
      if (!resolved || resolved.command !== "build" || resolved.build.ssr) return;
      const outDir = resolve(resolved.root, resolved.build.outDir);
      const shipped = resolve(outDir, "config.json");
      const warn = (lines: string[]) => resolved?.logger.warn(`\n\x1b[33m${lines.join("\n")}\x1b[0m\n`);
      if (!existsSync(shipped)) {
        warn([
          `TAP Desk: ${outDir} has no config.json, on purpose (the emulator's settings never ship).`,
          "  Put your tenant's config.json next to index.html before deploying: see README,",
          '  "Connect your tenant in 10 minutes" (template: deploy/sample/config.json).',
        ]);
      } else if (/localhost|127\.0\.0\.1/.test(readFileSync(shipped, "utf8"))) {
        warn([`TAP Desk: WARNING ${shipped} points at localhost (an emulated tenant?). Replace it before deploying.`]);
      }
    },
  };
}

/**
 * `vite preview` serves the production build with the same security headers a deployment ships, so
 * end-to-end tests run under the real Content-Security-Policy of the served config.json.
 */
function securityHeadersOnPreview(): Plugin {
  const config = JSON.parse(readServedConfig());
  return {
    name: "tap-desk-security-headers",
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        const headers = request.url?.startsWith("/redirect.html") ? redirectBridgeHeaders(config) : securityHeaders(config);
        for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
        if (request.url?.startsWith("/config.json")) response.setHeader("Cache-Control", "no-store");
        next();
      });
    },
  };
}

// Two HTML entries: the app, and the MSAL v5 redirect bridge (which must not load the app).
export default defineConfig({
  plugins: [react(), securityHeadersOnPreview(), runtimeConfigFile()],
  server: { port: 5173, strictPort: true, host: "localhost" },
  preview: { port: 4173, strictPort: true, host: "localhost" },
  worker: { format: "es" },
  build: {
    target: "es2022",
    sourcemap: false,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        redirect: resolve(import.meta.dirname, "redirect.html"),
      },
      output: {
        // React is the largest piece of the start-up code and changes least often: its own chunk keeps
        // the entry under 500 kB and stays cached across app releases. (MSAL is left where the
        // bundler puts it, so the redirect bridge keeps loading only the small part it needs.)
        manualChunks: (id: string) => (/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id) ? "react" : undefined),
      },
    },
  },
});
