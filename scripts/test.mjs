// `npm test`: every unit test (Vitest) and end-to-end test (Playwright), then one summary line.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync, rmSync } from "node:fs";

const out = ".tmp/test-results";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

const unitStatus = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${out}/unit.json`]);
const unit = readJson(`${out}/unit.json`);
const unitPassed = unit?.numPassedTests ?? 0;
// A runner that crashed before reporting counts as one failure so the summary can never look green.
const unitFailed = unit ? unit.numFailedTests + (unitStatus !== 0 && unit.numFailedTests === 0 ? 1 : 0) : 1;

const browserStatus = run("node", ["scripts/ensure-browser.mjs"]);
let e2ePassed = 0;
let e2eFailed = 1;
if (browserStatus === 0) {
  const e2eStatus = run("npx", ["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/e2e.json` });
  const e2e = readJson(`${out}/e2e.json`);
  if (e2e?.stats) {
    e2ePassed = e2e.stats.expected + e2e.stats.flaky;
    e2eFailed = e2e.stats.unexpected + (e2eStatus !== 0 && e2e.stats.unexpected === 0 ? 1 : 0);
  }
}

const passed = unitPassed + e2ePassed;
const failed = unitFailed + e2eFailed;
console.log(`unit: ${unitPassed} passed, ${unitFailed} failed; end-to-end: ${e2ePassed} passed, ${e2eFailed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
