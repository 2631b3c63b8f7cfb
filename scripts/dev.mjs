// `npm run dev`: the emulated tenant on :4010 and the Vite dev server on :5173, stopped together.
// `npm run dev -- --config config.local.json`: only Vite, serving that file as /config.json, for a
// real tenant (the emulator's config.emulator.json stays as it is). Other flags go to the emulator.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const args = process.argv.slice(2);
const at = args.indexOf("--config");
const configFile = at === -1 ? null : args[at + 1];
if (at !== -1) {
  if (!configFile || !existsSync(configFile)) {
    console.error(`--config needs an existing file (got ${configFile ?? "nothing"}). Start from deploy/sample/config.json.`);
    process.exit(2);
  }
  args.splice(at, 2);
}

const children = [];
if (configFile) {
  console.log(`TAP Desk dev server with ${configFile} (no emulator). Register http://localhost:5173/redirect.html and`);
  console.log("http://localhost:5173/?signed-out as SPA redirect URIs on the app registration.");
  children.push(spawn("npx", ["vite"], { stdio: "inherit", env: { ...process.env, TAPDESK_CONFIG: configFile } }));
} else {
  children.push(spawn("npx", ["tsx", "e2e/tenant/main.ts", "--port", "4010", ...args], { stdio: "inherit" }));
  children.push(spawn("npx", ["vite"], { stdio: "inherit" }));
}

function stop(code) {
  for (const child of children) child.kill("SIGTERM");
  process.exit(code);
}
for (const child of children) child.on("exit", (code) => stop(code ?? 0));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
