import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { redirectBridgeHeaders, securityHeaders } from "./deploy/security-headers.mjs";

/**
 * `vite preview` serves the production build with the same security headers a deployment ships, so
 * end-to-end tests run under the real Content-Security-Policy. TAPDESK_TENANT_ORIGIN points the
 * policy at the test emulator instead of the demo one named in public/config.json.
 */
function securityHeadersOnPreview(): Plugin {
  const raw = readFileSync(resolve(import.meta.dirname, "public/config.json"), "utf8");
  const tenantOrigin = process.env.TAPDESK_TENANT_ORIGIN;
  const config = JSON.parse(tenantOrigin ? raw.replaceAll("http://localhost:4010", tenantOrigin) : raw);
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
  plugins: [react(), securityHeadersOnPreview()],
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
