// Makes sure a Chromium is available for Playwright without ever downloading a browser build when
// the system has one: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then apt-get (as root), and
// only then Playwright's own installer.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  return candidates.find((path) => existsSync(path)) ?? null;
}

function run(command) {
  console.log(`$ ${command}`);
  execSync(command, { stdio: "inherit" });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (findChromium()) process.exit(0);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("No Chromium found: installing Debian's chromium package.");
    run("apt-get update -qq");
    run("DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium");
  } else {
    console.log("No system Chromium found: installing Playwright's Chromium.");
    run("npx playwright install chromium");
  }
}
