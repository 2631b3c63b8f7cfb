import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./e2e/support/chromium";

const chromium = chromiumExecutable();

// Ports can be moved (E2E_TENANT_PORT / E2E_APP_PORT) so several suites can run side by side.
const tenantPort = Number(process.env.E2E_TENANT_PORT ?? 4020);
const appPort = Number(process.env.E2E_APP_PORT ?? 4173);
const outDir = process.env.E2E_OUT_DIR ?? "dist";
export const TENANT_URL = `http://localhost:${tenantPort}`;
export const APP_URL = `http://localhost:${appPort}`;

// End-to-end journeys run the production build (vite preview) against the emulated tenant. Every test
// creates its own tenant through the emulator's control API, so tests can run in parallel.
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: process.env.E2E_APP_PORT ? `test-results-${appPort}` : "test-results",
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? ".tmp/test-results/e2e.json" }]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: CHROMIUM_ARGS,
    },
  },
  webServer: [
    {
      // Tenants register this app's redirect and post-logout URIs (as the README tells admins to).
      command: `npx tsx e2e/tenant/main.ts --port ${tenantPort} --app-origin ${APP_URL}`,
      url: `${TENANT_URL}/_emulator/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx vite build --logLevel warn --outDir ${outDir} && npx vite preview --port ${appPort} --strictPort --outDir ${outDir}`,
      env: { TAPDESK_TENANT_ORIGIN: TENANT_URL },
      url: APP_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
  ],
});
