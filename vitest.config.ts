import { defineConfig } from "vitest/config";

// Unit tests: pure logic in src/ and the emulated tenant's contract tests in e2e/tenant/.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "e2e/tenant/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    restoreMocks: true,
    unstubGlobals: true,
    setupFiles: ["src/test/dom-setup.ts"],
  },
});
