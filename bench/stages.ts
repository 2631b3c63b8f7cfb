import { writeFile } from "node:fs/promises";
import type { BenchEnvironment } from "./environment.ts";
import { chooseCsv, csvOfUpns, installProbes, issueFromCsv, probes, signInThroughUi, timeUntilShown } from "./page-steps.ts";
import { accessToken, createTenant, deleteTenant, type LogEntry, readyUsers, requestLog, type BenchTenant } from "./tenant-control.ts";

/** Realistic Graph latency (median ms, log-normal spread), as the issue asks for. */
export const REALISTIC_LATENCY = { readMs: 120, writeMs: 250, spread: 0.35 };
/** Entra's documented pace: 3000 writes per 150 s = 20/s per app and tenant, after a 3000-write burst. */
export const DOCUMENTED_RATE = 20;
export const DOCUMENTED_BURST = 3000;

const SEED = 5;

/** Enough users that `wanted` of them are plain, issuable members (~85 % of a seeded directory). */
function directorySizeFor(wanted: number): number {
  return Math.max(300, Math.ceil(wanted / 0.78) + 100);
}

async function tenantWithReadyUsers(env: BenchEnvironment, wanted: number, knobs: Record<string, unknown>, persona?: string) {
  const tenant = await createTenant(env.tenantUrl, {
    userCount: directorySizeFor(wanted),
    seed: SEED,
    knobs,
    ...(persona ? { persona } : {}),
  });
  const ready = await readyUsers(tenant);
  if (ready.length < wanted) throw new Error(`the emulated tenant has only ${ready.length} ready users, ${wanted} wanted`);
  return { tenant, upns: ready.slice(0, wanted) };
}

function countWrites(entries: Awaited<ReturnType<typeof requestLog>>["entries"]) {
  const creates = entries.filter((entry) => entry.method === "POST" && /temporaryAccessPassMethods/i.test(entry.url));
  // When the 429s came, in seconds since the first create (to tell an opening overshoot from later probing).
  const firstAt = creates[0] ? Date.parse(creates[0].time) : 0;
  const throttledAtSeconds = creates.filter((entry) => entry.status === 429).map((entry) => (Date.parse(entry.time) - firstAt) / 1000);
  const lastAt = creates.length > 0 ? Date.parse(creates[creates.length - 1]?.time ?? "") : firstAt;
  return {
    serverSpanSeconds: (lastAt - firstAt) / 1000,
    throttledAtSeconds,
    createRequests: creates.length,
    throttled: creates.filter((entry) => entry.status === 429).length,
    batches: entries.filter((entry) => entry.method === "POST" && entry.url.endsWith("/$batch")).length,
  };
}

export interface BulkRunResult {
  users: number;
  issued: number;
  failed: number;
  wallSeconds: number;
  issuingSeconds: number;
  /** File chosen → rows shown. */
  parseSeconds: number;
  /** "Check" clicked → check shown. */
  checkSeconds: number;
  /** parse + check + issuing: the machine's part, the admin's pauses excluded. */
  machineSeconds: number;
  passesPerSecond: number;
  createRequests: number;
  throttled: number;
  batches: number;
  throttledAtSeconds: number[];
  /** First create → last create answered, as the emulator logged them. */
  serverSpanSeconds: number;
  /** Inner reads and $batch requests of the check. */
  checkReads: number;
  checkBatches: number;
}

/**
 * Issues passes to `users` ready users through the real UI against a tenant with `knobs`, signed in
 * as `persona` (default: the Privileged Authentication Administrator).
 */
export async function bulkRun(
  env: BenchEnvironment,
  users: number,
  knobs: Record<string, unknown>,
  persona?: string,
): Promise<BulkRunResult> {
  const { tenant, upns } = await tenantWithReadyUsers(env, users, knobs, persona);
  const { context, page } = await env.openPage(tenant.config);
  try {
    await signInThroughUi(page);
    let since = 0;
    let checkLog: LogEntry[] = [];
    const beforeCheck = (await requestLog(tenant)).lastSeq;
    const times = await issueFromCsv(page, upns, {
      beforeIssue: async () => {
        const log = await requestLog(tenant, beforeCheck);
        checkLog = log.entries;
        since = log.lastSeq;
      },
    });
    const writes = countWrites((await requestLog(tenant, since)).entries);
    const checkReads = checkLog.filter((entry) => entry.inBatch && entry.method === "GET").length;
    const checkBatches = checkLog.filter((entry) => entry.method === "POST" && entry.url.endsWith("/$batch")).length;
    return {
      users,
      issued: times.counts.issued,
      failed: times.counts.failed,
      wallSeconds: times.wallMs / 1000,
      issuingSeconds: times.issuingMs / 1000,
      parseSeconds: times.parseMs / 1000,
      checkSeconds: times.checkMs / 1000,
      machineSeconds: times.machineMs / 1000,
      passesPerSecond: times.counts.issued / (times.issuingMs / 1000),
      ...writes,
      checkReads,
      checkBatches,
    };
  } finally {
    await context.close();
    await deleteTenant(tenant);
  }
}

export interface ThrottledResult extends BulkRunResult {
  burst: number;
  rate: number;
  idealSeconds: number;
  ratio: number;
  throttledShare: number;
}

/** Stage 1: the write quota binds, with the documented burst or one far below it (other clients spent it). */
export async function throttledBulkRun(env: BenchEnvironment, users: number, burst: number): Promise<ThrottledResult> {
  const run = await bulkRun(env, users, {
    latency: REALISTIC_LATENCY,
    quota: { capacity: burst, refillPerSecond: DOCUMENTED_RATE },
  });
  const idealSeconds = Math.max(0, run.issued - burst) / DOCUMENTED_RATE;
  return {
    ...run,
    burst,
    rate: DOCUMENTED_RATE,
    idealSeconds,
    ratio: idealSeconds > 0 ? run.issuingSeconds / idealSeconds : Number.NaN,
    throttledShare: run.createRequests > 0 ? run.throttled / run.createRequests : 0,
  };
}

export interface SeedLoopResult {
  users: number;
  seconds: number;
  perUserMs: number;
  failures: number;
}

/**
 * The seed's algorithm, as its PowerShell loop does it: one create after the other, each waiting for
 * its answer (no batching, no parallelism), with a script's token.
 */
export async function seedLoop(env: BenchEnvironment, users: number): Promise<SeedLoopResult> {
  const { tenant, upns } = await tenantWithReadyUsers(env, users, { latency: REALISTIC_LATENCY, quota: null });
  try {
    const token = await accessToken(tenant);
    let failures = 0;
    const started = performance.now();
    for (const upn of upns) {
      const response = await fetch(`${tenant.tenantUrl}/v1.0/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ lifetimeInMinutes: 60, isUsableOnce: false }),
      });
      await response.arrayBuffer();
      if (response.status !== 201) failures += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    return { users, seconds, perUserMs: (seconds * 1000) / users, failures };
  } finally {
    await deleteTenant(tenant);
  }
}

export interface CsvIngestResult {
  rows: number;
  bytes: number;
  seconds: number;
  longestTaskMs: number;
  longTasks: number;
}

/** Stage 3: a large CSV from "file chosen" to the validated rows shown; longest main-thread task meanwhile. */
export async function csvIngest(env: BenchEnvironment, rows: number): Promise<CsvIngestResult> {
  const tenant = await createTenant(env.tenantUrl, { userCount: 300, seed: SEED });
  const { context, page } = await env.openPage(tenant.config);
  try {
    await signInThroughUi(page);
    await page.getByTestId("csv-file-input").waitFor({ state: "attached", timeout: 60_000 });
    const lines = ["UserPrincipalName,DisplayName,Department"];
    for (let index = 0; index < rows; index += 1) lines.push(`new.hire${index}@contoso.example,New Hire ${index},Onboarding`);
    const bytes = Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8");
    await installProbes(page);
    await chooseCsv(page, "big-onboarding.csv", bytes);
    const shownAt = await timeUntilShown(page, '[data-testid="import-summary"]', 120_000);
    // Let any task still running after the paint finish and be reported.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    const state = await probes(page);
    if (state.fileChosenAt === null) throw new Error("the page did not record the file being chosen");
    const chosenAt = state.fileChosenAt;
    const during = state.longTasks.filter((task) => task.start + task.duration >= chosenAt && task.start <= shownAt + 300);
    return {
      rows,
      bytes: bytes.length,
      seconds: (shownAt - chosenAt) / 1000,
      longestTaskMs: during.reduce((longest, task) => Math.max(longest, task.duration), 0),
      longTasks: during.length,
    };
  } finally {
    await context.close();
    await deleteTenant(tenant);
  }
}

export interface ResultsViewResult {
  rows: number;
  issued: number;
  domRows: number;
  domElements: number;
  frameMedianMs: number;
  frameP95Ms: number;
  frameMaxMs: number;
  frames: number;
  heapMb: number;
}

/** Stage 4: `users` issued rows in the results view: DOM size, scrolling frames and the heap. */
export async function resultsView(env: BenchEnvironment, users: number): Promise<ResultsViewResult> {
  const { tenant, upns } = await tenantWithReadyUsers(env, users, { quota: null });
  const { context, page } = await env.openPage(tenant.config);
  try {
    await signInThroughUi(page);
    const times = await issueFromCsv(page, upns);
    const dom = await page.evaluate(() => ({
      rows: document.querySelectorAll('[role="table"][aria-label="Results per user"] [role="rowgroup"] + [role="rowgroup"] [role="row"]')
        .length,
      elements: document.getElementsByTagName("*").length,
    }));
    const frames = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const table = document.querySelector('[role="table"][aria-label="Results per user"]');
          const scroller = table?.parentElement;
          if (!scroller) throw new Error("results table not found");
          const deltas: number[] = [];
          let last = performance.now();
          const end = last + 3000;
          const step = (now: number) => {
            deltas.push(now - last);
            last = now;
            // A brisk, steady scroll (120 px a frame, ~7,000 px/s at 60 Hz), wrapping at the end.
            scroller.scrollTop = scroller.scrollTop + 120 >= scroller.scrollHeight - scroller.clientHeight ? 0 : scroller.scrollTop + 120;
            if (now < end) requestAnimationFrame(step);
            else resolve(deltas.slice(1));
          };
          requestAnimationFrame(step);
        }),
    );
    const sorted = [...frames].sort((a, b) => a - b);
    const cdp = await context.newCDPSession(page);
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
    return {
      rows: users,
      issued: times.counts.issued,
      domRows: dom.rows,
      domElements: dom.elements,
      frameMedianMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
      frameP95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN,
      frameMaxMs: sorted[sorted.length - 1] ?? Number.NaN,
      frames: frames.length,
      heapMb: heap.usedSize / 1024 / 1024,
    };
  } finally {
    await context.close();
    await deleteTenant(tenant);
  }
}

export interface FirstLoadResult {
  /** How the server compressed what it sent (the Content-Encoding of the responses). */
  encoding: string;
  /** Bytes on the wire (compressed bodies) of the signed-in shell's critical path: the HTML pages and their static imports. */
  shellBytes: number;
  shellFiles: number;
  /** …and of every file the app's origin sent until the pick step (search + CSV drop) is on screen. */
  pickBytes: number;
  pickFiles: number;
  /** The same files uncompressed. */
  pickRawBytes: number;
  shellSeconds: number;
  /** Every file by the pick step, in arrival order, with its compressed size. */
  files: { file: string; bytes: number; beforeShell: boolean }[];
}

/**
 * Stage 5: what a cold production load transfers from the app's origin before the first screen is
 * usable, served with real compression (`encoding`, as a static host does): each response's
 * Content-Length, i.e. the compressed body on the wire (headers not counted).
 */
export async function firstLoad(env: BenchEnvironment, encoding: "br" | "gzip"): Promise<FirstLoadResult> {
  const tenant = await createTenant(env.tenantUrl, { userCount: 300, seed: SEED });
  env.setCompression(encoding);
  const { context, page } = await env.openPage(tenant.config);
  try {
    // First response per URL (the sign-in redirect loads the entry twice; the second comes from cache).
    const files = new Map<string, { bytes: number; raw: number; encoding: string }>();
    const pending: Promise<void>[] = [];
    page.on("response", (response) => {
      const url = response.url();
      if (!url.startsWith(env.appUrl) || files.has(url) || new URL(url).pathname === "/config.json") return;
      const entry = { bytes: 0, raw: 0, encoding: "" };
      files.set(url, entry);
      pending.push(
        (async () => {
          const headers = await response.allHeaders();
          const body = await response.body().catch(() => Buffer.alloc(0));
          entry.raw = body.length;
          entry.encoding = headers["content-encoding"] ?? "identity";
          entry.bytes = Number(headers["content-length"] ?? body.length);
        })(),
      );
    });
    const started = Date.now();
    await signInThroughUi(page);
    const shellSeconds = (Date.now() - started) / 1000;
    const beforeShell = new Set(files.keys());
    await page.getByTestId("csv-drop-zone").waitFor({ state: "visible", timeout: 60_000 });
    await Promise.all(pending);
    // The shell's critical path: the HTML pages (app and sign-in bridge) and the scripts they load or
    // preload. Chunks the flow imports on demand may race the shell's paint; they count in the pick figure.
    const critical = new Set<string>([`${env.appUrl}/`, `${env.appUrl}/redirect.html`]);
    for (const html of ["/", "/redirect.html"]) {
      const text = await (await fetch(`${env.appUrl}${html}`)).text();
      for (const match of text.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+\.(?:m?js|css))"/g)) {
        if (match[1]) critical.add(new URL(match[1], env.appUrl).href);
      }
    }
    const urls = [...files.keys()];
    const shellUrls = urls.filter((url) => critical.has(url.split("?")[0] ?? url) && beforeShell.has(url));
    const sum = (list: string[], key: "bytes" | "raw") => list.reduce((total, url) => total + (files.get(url)?.[key] ?? 0), 0);
    const encodings = new Set(urls.map((url) => files.get(url)?.encoding ?? "").filter((value) => value !== "identity"));
    return {
      encoding: [...encodings].join("+") || "none",
      shellBytes: sum(shellUrls, "bytes"),
      shellFiles: shellUrls.length,
      pickBytes: sum(urls, "bytes"),
      pickFiles: urls.length,
      pickRawBytes: sum(urls, "raw"),
      shellSeconds,
      files: urls.map((url) => ({ file: new URL(url).pathname, bytes: files.get(url)?.bytes ?? 0, beforeShell: shellUrls.includes(url) })),
    };
  } finally {
    await context.close();
    await deleteTenant(tenant);
  }
}

export interface BigCheckResult {
  rows: number;
  directoryUsers: number;
  checkSeconds: number;
  parseSeconds: number;
  longestTaskMs: number;
  longTasks: number;
  /** Largest used JS heap sampled (every 250 ms) from file chosen to check shown. */
  peakHeapMb: number;
  /** …and after the check, once garbage was collected. */
  heapAfterGcMb: number;
}

/** A CSV of `rows` users through the check against a directory that big: responsiveness and memory. */
export async function bigCheck(env: BenchEnvironment, rows: number): Promise<BigCheckResult> {
  const { tenant, upns } = await tenantWithReadyUsers(env, rows, { latency: REALISTIC_LATENCY, quota: null });
  const { context, page } = await env.openPage(tenant.config);
  try {
    await signInThroughUi(page);
    await installProbes(page);
    // The page's used JS heap, read through CDP every 250 ms while the file is parsed and checked.
    const cdp = await context.newCDPSession(page);
    let peakHeap = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const usage = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
        peakHeap = Math.max(peakHeap, usage.usedSize);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    await page.getByTestId("csv-file-input").waitFor({ state: "attached", timeout: 60_000 });
    // BENCH_CPU_PROFILE=<file.cpuprofile>: record a CPU profile of the page over the whole span (to find long tasks).
    const profilePath = process.env.BENCH_CPU_PROFILE;
    if (profilePath) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
      await cdp.send("Profiler.start");
    }
    await chooseCsv(page, "all-staff.csv", csvOfUpns(upns));
    const rowsShownAt = await timeUntilShown(page, '[data-testid="import-summary"]', 120_000);
    await page.getByRole("button", { name: `Check ${rows} users` }).click();
    const shownAt = await timeUntilShown(page, 'section[aria-label="Check results"]', 15 * 60_000);
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    sampling = false;
    await sampler;
    if (profilePath) {
      const { profile } = (await cdp.send("Profiler.stop")) as { profile: unknown };
      await writeFile(profilePath, JSON.stringify(profile));
    }
    const state = await probes(page);
    if (state.fileChosenAt === null || state.checkClickedAt === null) throw new Error("the page did not record the file or the click");
    const chosenAt = state.fileChosenAt;
    const during = state.longTasks.filter((task) => task.start + task.duration >= chosenAt && task.start <= shownAt + 300);
    if (process.env.BENCH_LONG_TASKS)
      await writeFile(process.env.BENCH_LONG_TASKS, JSON.stringify({ chosenAt, checkClickedAt: state.checkClickedAt, shownAt, during }));
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
    return {
      rows,
      directoryUsers: directorySizeFor(rows),
      checkSeconds: (shownAt - state.checkClickedAt) / 1000,
      parseSeconds: (rowsShownAt - chosenAt) / 1000,
      longestTaskMs: during.reduce((longest, task) => Math.max(longest, task.duration), 0),
      longTasks: during.length,
      peakHeapMb: peakHeap / 1024 / 1024,
      heapAfterGcMb: heap.usedSize / 1024 / 1024,
    };
  } finally {
    await context.close();
    await deleteTenant(tenant);
  }
}

export type { BenchTenant };
