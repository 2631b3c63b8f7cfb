import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

// The Playwright config builds the app into this folder before serving it.
const outDir = process.env.E2E_OUT_DIR ?? "dist";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

test.describe("the production build", () => {
  test("contains none of the emulated tenant's code", () => {
    const scripts = filesUnder(outDir).filter((file) => file.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const markers = ["/_emulator", "commitThenDrop", "startTenantServer", "Megan Bowen"];
    for (const file of scripts) {
      const text = readFileSync(file, "utf8");
      for (const marker of markers) expect(text.includes(marker), `${marker} in ${file}`).toBe(false);
    }
  });

  test("ships no config.json, so the emulated tenant's settings never reach a deployment", () => {
    expect(filesUnder(outDir).filter((file) => file.endsWith("config.json"))).toEqual([]);
    const shipped = filesUnder(outDir)
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    expect(shipped).not.toContain("localhost:4010");
  });

  test("ships the redirect bridge as its own page that does not load the app", () => {
    const bridge = readFileSync(join(outDir, "redirect.html"), "utf8");
    const app = readFileSync(join(outDir, "index.html"), "utf8");
    const bridgeScripts = [...bridge.matchAll(/src="([^"]+\.js)"/g)].map((match) => match[1]);
    const appScripts = [...app.matchAll(/src="([^"]+\.js)"/g)].map((match) => match[1]);
    expect(bridgeScripts.length).toBe(1);
    expect(appScripts).not.toContain(bridgeScripts[0]);
  });
});
