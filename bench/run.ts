import { cpus, loadavg } from "node:os";
import { ALL_STAGES, FULL_SIZES, QUICK_SIZES, runBench, type StageName } from "./bench.ts";
import { startBenchEnvironment } from "./environment.ts";
import { formatTable } from "./report.ts";

/*
 * npm run bench [-- --quick] [--only csv,first-load,...] [--no-build] [--http1]
 * Stages: first-load, csv, unthrottled, throttled, documented, big-check, results, sensitivity
 * (e.g. `--only unthrottled --no-build` re-runs just the check + issue of 2,000 users).
 * Builds the production app, serves it, starts the emulated tenant in-process and drives headless
 * Chromium through the real UI; prints every figure beside its target.
 */
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyIndex = args.indexOf("--only");
const onlyArg = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const stages = (onlyArg ? onlyArg.split(",") : ALL_STAGES) as StageName[];
for (const stage of stages) if (!ALL_STAGES.includes(stage)) throw new Error(`unknown stage "${stage}" (${ALL_STAGES.join(", ")})`);

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const loadBefore = load();
log(`${quick ? "quick (smoke, not judged)" : "full"} run; load average ${loadBefore}; ${cpus().length} cores`);
log("building the app and starting the emulator, preview and Chromium…");
const env = await startBenchEnvironment({ skipBuild: args.includes("--no-build"), http1: args.includes("--http1") });
let failed = false;
try {
  const figures = await runBench(env, quick ? QUICK_SIZES : FULL_SIZES, { judge: !quick, stages, log });
  process.stdout.write(`\nTAP Desk benchmark — ${new Date().toISOString()} — ${quick ? "quick mode (figures not judged)" : "full run"}\n`);
  process.stdout.write(
    `load average before ${loadBefore}, after ${load()} (${cpus().length} cores); Chromium headless; emulator in-process, ` +
      `${env.protocol === "h2" ? "HTTPS + HTTP/2 (as Graph)" : "plain HTTP/1.1 (--http1)"}; app files served brotli-compressed\n\n`,
  );
  process.stdout.write(`${formatTable(figures)}\n`);
  const missed = figures.filter((figure) => figure.met === false);
  if (missed.length > 0) {
    process.stdout.write(`\n${missed.length} target(s) not met.\n`);
    failed = true;
  }
} finally {
  await env.close();
}
process.exitCode = failed ? 1 : 0;
