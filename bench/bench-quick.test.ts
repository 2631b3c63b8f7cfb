import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUICK_SIZES, runBench } from "./bench.ts";
import { startBenchEnvironment, type BenchEnvironment } from "./environment.ts";
import type { Figure } from "./report.ts";

// Smoke test so the benchmark never rots: every stage runs end to end at tiny sizes. Timings are
// printed by `npm run bench`, never asserted here.
describe("npm run bench -- --quick", () => {
  let env: BenchEnvironment;
  let figures: Figure[];

  beforeAll(async () => {
    env = await startBenchEnvironment({ ports: { tenant: 0, app: 0 }, outDir: "bench/out/dist-bench-quick" });
    figures = await runBench(env, QUICK_SIZES, { judge: false });
  }, 300_000);

  afterAll(async () => {
    await env?.close();
  });

  const value = (stage: string, name: string) =>
    figures.find((figure) => figure.stage.includes(stage) && figure.name.startsWith(name))?.value;

  it("reports a figure for every stage and judges none of them", () => {
    for (const stage of [
      "first load",
      "CSV ingest",
      "bulk, burst",
      "documented quota",
      "bulk, unthrottled",
      "check of",
      "results view",
      "batch cost",
    ]) {
      expect(figures.some((figure) => figure.stage.includes(stage))).toBe(true);
    }
    expect(figures.every((figure) => figure.met === null)).toBe(true);
  });

  it("issues a pass to every user through the UI, throttled or not, with nothing failed", () => {
    const all = `${QUICK_SIZES.bulkUsers} / 0`;
    expect(value("bulk, burst", "passes issued / failed")).toBe(all);
    expect(value("bulk, unthrottled", "passes issued / failed")).toBe(all);
    expect(value("documented quota", "passes issued / failed")).toBe(`${QUICK_SIZES.documentedUsers} / 0`);
  });

  it("shows every issued row in the results view while keeping the table virtualised", () => {
    expect(value("results view", "issued rows in the view")).toBe(String(QUICK_SIZES.resultRows));
    expect(Number(value("results view", "table rows in the DOM"))).toBeLessThan(QUICK_SIZES.resultRows);
  });

  it("measures the first load as compressed bytes on the wire, brotli below gzip, the shell a part of it", () => {
    const read = (name: string) => {
      const match = /^(\d+\.\d) KB in (\d+) files$/.exec(value("first load", name) ?? "");
      expect(match, name).not.toBeNull();
      return { kb: Number(match?.[1]), files: Number(match?.[2]) };
    };
    const firstScreen = read("on the wire until the pick step is usable, br");
    const gzip = read("on the wire until the pick step is usable, gzip");
    expect(firstScreen.kb).toBeLessThan(gzip.kb);
    const shell = read("…of which the signed-in shell's critical path, br");
    expect(shell.kb).toBeGreaterThan(0);
    expect(shell.files).toBeGreaterThanOrEqual(1);
    expect(shell.kb).toBeLessThanOrEqual(firstScreen.kb);
    expect(shell.files).toBeLessThanOrEqual(firstScreen.files);
    // No size ceiling here: under the load of the other test files, chunks prefetched for the next step
    // land before the pick step is seen (323 KB measured in CI vs 255.9 KB on a quiet run), so the budget
    // is judged by a full `npm run bench`, not by this smoke test.
  });
});
