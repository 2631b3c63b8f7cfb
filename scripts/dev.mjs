// `npm run dev`: the emulated tenant on :4010 and the Vite dev server on :5173, stopped together.
import { spawn } from "node:child_process";

const children = [
  spawn("npx", ["tsx", "e2e/tenant/main.ts", "--port", "4010", ...process.argv.slice(2)], { stdio: "inherit" }),
  spawn("npx", ["vite"], { stdio: "inherit" }),
];

function stop(code) {
  for (const child of children) child.kill("SIGTERM");
  process.exit(code);
}
for (const child of children) child.on("exit", (code) => stop(code ?? 0));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
