import { batchResponseError } from "../../lib/graph/batch";
import { GraphError, type GraphNetworkError } from "../../lib/graph/graph-error";
import {
  buildCreateTapBatchRequest,
  deleteTemporaryAccessPass,
  listTemporaryAccessPassMethods,
} from "../../lib/graph/operations";
import type { BatchResponse, GraphClient, TemporaryAccessPassMethod } from "../../lib/graph/types";
import { userPath } from "../../lib/graph/user-key";
import { passVault, type PassVault } from "../../lib/tap/pass-vault";
import type { IssuedPass, LearnedPolicy, PolicyRefusal, RowOutcome } from "../../lib/tap/run-types";
import {
  classifyCreateFailure,
  describeCreateFailure,
  isExistingPassConflict,
  isPolicyBadRequest,
  lifetimeRangeOf,
  lifetimeRefusalReason,
  parseLifetimeRange,
  toKnownError,
  type FailureClass,
} from "./classify-failure";
import type {
  IssuanceRun,
  IssuanceSnapshot,
  IssueTarget,
  ReissueChange,
  RowPhase,
  RowView,
  RunCounts,
  RunStatus,
} from "./issuance-types";
import { TokenBucket } from "./token-bucket";

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface IssuanceOptions {
  /** Where issued values go; defaults to the app's single vault. */
  vault?: PassVault;
  /** Creates per $batch (≤ 20). */
  batchSize?: number;
  /** $batch requests in flight before any latency is known. */
  initialConcurrency?: number;
  /** Upper bound for $batch requests in flight. */
  maxConcurrentBatches?: number;
  /**
   * While spending the burst, creates in flight stay within this share of the creates the service has
   * accepted so far (never below `initialConcurrency` batches).
   */
  inFlightShareOfAccepted?: number;
  /** Steady write pace; Entra documents 3000 writes per 150 s per app and tenant (= 20/s). */
  writesPerSecond?: number;
  /** Writes that may go out at once before the steady pace applies. */
  burst?: number;
  /** Floor for the pace after repeated throttling. */
  minWritesPerSecond?: number;
  /** Pace multiplier on throttling (multiplicative decrease). */
  decreaseFactor?: number;
  /** Sends per row for failures other than throttling. */
  maxAttempts?: number;
  /** Sends per row that may be answered 429 before the row gives up. */
  maxThrottledAttempts?: number;
  backoff?: { baseMs: number; capMs: number };
  /** Throttle-free time after which the pace creeps up again. */
  increaseAfterMs?: number;
  /** Clock skew allowed when deciding which pass an unanswered attempt may have created. */
  cleanupSkewMs?: number;
  batchTimeoutMs?: number;
  notifyIntervalMs?: number;
  rateWindowMs?: number;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  /** What an earlier run learned from Entra about the tenant's policy. */
  learned?: LearnedPolicy;
}

type Settings = Required<Omit<IssuanceOptions, "vault" | "learned">> & { vault: PassVault };

const CLEANUP_ATTEMPTS = 4;

const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

function settingsFrom(options: IssuanceOptions): Settings {
  const settings: Settings = {
    vault: options.vault ?? passVault,
    batchSize: options.batchSize ?? 20,
    initialConcurrency: options.initialConcurrency ?? 3,
    maxConcurrentBatches: options.maxConcurrentBatches ?? 6,
    inFlightShareOfAccepted: options.inFlightShareOfAccepted ?? 0.3,
    writesPerSecond: options.writesPerSecond ?? 20,
    burst: options.burst ?? 3000,
    minWritesPerSecond: options.minWritesPerSecond ?? 2,
    decreaseFactor: options.decreaseFactor ?? 0.7,
    maxAttempts: options.maxAttempts ?? 6,
    maxThrottledAttempts: options.maxThrottledAttempts ?? 20,
    backoff: options.backoff ?? { baseMs: 1000, capMs: 30_000 },
    increaseAfterMs: options.increaseAfterMs ?? 3_000,
    cleanupSkewMs: options.cleanupSkewMs ?? 5 * 60_000,
    batchTimeoutMs: options.batchTimeoutMs ?? 90_000,
    notifyIntervalMs: options.notifyIntervalMs ?? 100,
    rateWindowMs: options.rateWindowMs ?? 15_000,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
  };
  if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1 || settings.batchSize > 20) {
    throw new RangeError("batchSize must be an integer from 1 to 20.");
  }
  if (settings.maxConcurrentBatches < 1 || settings.initialConcurrency < 1) {
    throw new RangeError("Concurrency must be at least 1.");
  }
  if (!(settings.writesPerSecond > 0) || settings.burst < settings.batchSize) {
    throw new RangeError("writesPerSecond must be positive and burst at least one batch.");
  }
  if (settings.maxAttempts < 1 || settings.maxThrottledAttempts < 1) throw new RangeError("Attempts must be at least 1.");
  return settings;
}

interface RowRuntime {
  index: number;
  target: IssueTarget;
  /** Every send, throttled or not. */
  attempts: number;
  throttledAttempts: number;
  /** Send time of the first attempt whose create may have happened without us seeing the pass. */
  firstAmbiguousAt: number | null;
  /** Batches this row was in whose whole answer was lost; its resends go in smaller batches. */
  lostBatches: number;
  /** Whether a refusal after an unanswered attempt already got its one clean-up-and-resend. */
  conflictResent: boolean;
  notBefore: number;
  done: boolean;
}

type FailureDetails = Omit<Extract<RowOutcome, { kind: "failed" }>, "kind">;

/** The plain reason plus Graph's own code, inner code, message and request id. */
function failureDetails(error: GraphError | GraphNetworkError, reason: string, policyRefusal?: PolicyRefusal): FailureDetails {
  const refusal = policyRefusal ? { policyRefusal } : {};
  if (error instanceof GraphError) {
    return {
      reason,
      code: error.code,
      status: error.status,
      requestId: error.requestId,
      innerCode: error.innerCode,
      graphMessage: error.message,
      ...refusal,
    };
  }
  return { reason, code: error.reason === "timeout" ? "timeout" : "networkError", graphMessage: error.message, ...refusal };
}

const NOT_CERTAIN_ONE_TIME =
  "none was accepted in this run, so this tenant likely requires one-time passes (TAP Desk is not certain)";

function countKey(view: RowView): keyof Omit<RunCounts, "total"> {
  switch (view.phase) {
    case "queued":
    case "retrying":
      return "queued";
    case "sending":
    case "cleaning":
      return "inFlight";
    case "done":
      return view.outcome?.kind ?? "failed";
  }
}

/*
 * How the run works, in short:
 * - Creates go out in `$batch` requests of ≤ 20, kept full from one queue (resends first).
 * - A token bucket mirrors Entra's write quota (1 token per create). A 429 drains it, lowers the pace
 *   (×0.7), stops bursting, and holds every new write until the longest Retry-After (or a jittered
 *   backoff when none is readable); throttle-free time raises the pace again step by step.
 * - $batch requests in flight: enough to keep the bucket drained at the measured latency, capped; while
 *   spending the burst, no more creates in flight than 30 % of those already accepted (a burst smaller
 *   than documented then costs few 429s).
 * - A create that may have run without us seeing the pass (lost answer, 5xx, timeout) is "ambiguous".
 *   Resending is safe because a new pass replaces the old one; if the row gives up instead, the
 *   passes created since that attempt are deleted, so nobody holds a pass whose value nobody saw.
 */

/**
 * Issues a pass to every target through `$batch`, paced to the tenant's write quota, and ends every
 * row in exactly one outcome. Starts at once; subscribe for progress.
 */
export function startIssuanceRun(
  client: GraphClient,
  targets: readonly IssueTarget[],
  options: IssuanceOptions = {},
): IssuanceRun {
  return new IssuanceEngine(client, targets, options);
}

class IssuanceEngine implements IssuanceRun {
  readonly finished: Promise<IssuanceSnapshot>;

  private readonly settings: Settings;
  private readonly rows: RowRuntime[];
  private readonly views: RowView[];
  private readonly counts: RunCounts;
  private readonly fresh: RowRuntime[] = [];
  private freshHead = 0;
  private retryList: RowRuntime[] = [];

  private status: RunStatus = "running";
  private paused = false;
  private cancelRequested = false;
  private stopReason: string | null = null;
  private stopDetails: Omit<FailureDetails, "reason"> = {};
  private readonly startedAt: number;
  private finishedAt: number | null = null;

  private readonly bucket: TokenBucket;
  private rate: number;
  private latencyEma: number | null = null;
  /** Creates the service answered with a pass in this run. */
  private acceptedWrites = 0;
  private throttleUntil = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private lastThrottleAt = Number.NEGATIVE_INFINITY;
  private lastIncreaseAt = Number.NEGATIVE_INFINITY;
  private consecutiveThrottles = 0;
  private throttledResponses = 0;
  /** What Entra's refusals taught this run; creates that would be refused the same way are not sent. */
  private readonly learned: LearnedPolicy;
  private multiUseAccepted = false;

  private inFlightBatches = 0;
  private activeTasks = 0;
  private changeSeq = 0;
  private readonly waiters = new Set<() => void>();

  /** Finish times (and whether issued) for the progress rate; monotonic, trimmed from the front. */
  private readonly completions: Array<{ at: number; issued: boolean }> = [];
  private completionsHead = 0;

  private readonly listeners = new Set<() => void>();
  private snapshot: IssuanceSnapshot;
  private dirty = false;
  private publishScheduled = false;
  private lastPublishAt = Number.NEGATIVE_INFINITY;
  private resolveFinished!: (snapshot: IssuanceSnapshot) => void;

  constructor(
    private readonly client: GraphClient,
    targets: readonly IssueTarget[],
    private readonly options: IssuanceOptions,
  ) {
    this.settings = settingsFrom(options);
    this.learned = { lifetimeRange: options.learned?.lifetimeRange ?? null, forcesOneTime: options.learned?.forcesOneTime ?? false };
    this.startedAt = this.settings.now();
    this.rate = this.settings.writesPerSecond;
    this.bucket = new TokenBucket({ capacity: this.settings.burst, perSecond: this.rate, now: this.startedAt });
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));

    const rowIds = new Set<string>();
    this.rows = targets.map((target, index) => {
      if (rowIds.has(target.rowId)) throw new Error(`Duplicate rowId "${target.rowId}".`);
      rowIds.add(target.rowId);
      return {
        index,
        target,
        attempts: 0,
        throttledAttempts: 0,
        firstAmbiguousAt: null,
        lostBatches: 0,
        conflictResent: false,
        notBefore: 0,
        done: false,
      };
    });
    this.views = this.rows.map((row) => ({
      rowId: row.target.rowId,
      displayLabel: row.target.displayLabel,
      phase: "queued" as RowPhase,
      attempts: 0,
      lastProblem: null,
      outcome: null,
    }));
    this.counts = { total: this.rows.length, queued: this.rows.length, inFlight: 0, issued: 0, failed: 0, skipped: 0 };

    const firstRowForUser = new Map<string, RowRuntime>();
    for (const row of this.rows) {
      try {
        userPath(row.target.userKey);
      } catch {
        this.finishRow(row, { kind: "failed", reason: "The user identifier isn't valid.", code: "invalidUserKey" });
        continue;
      }
      const userKey = row.target.userKey.toLowerCase();
      const first = firstRowForUser.get(userKey);
      if (first) {
        // A second create would replace the first pass and leave its value useless.
        this.finishRow(row, {
          kind: "skipped",
          reason: `Same user as "${first.target.displayLabel}"; a second pass would replace the first.`,
        });
        continue;
      }
      firstRowForUser.set(userKey, row);
      if (this.endIfRefusedAhead(row)) continue;
      this.fresh.push(row);
    }

    this.snapshot = this.buildSnapshot();
    void this.loop().catch((error: unknown) => this.abortOnBug(error));
  }

  // ---- public API -------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): IssuanceSnapshot => this.snapshot;

  pause(): void {
    if (this.finishedAt !== null || this.stopping() || this.paused) return;
    this.paused = true;
    this.status = "paused";
    this.changed(true);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (!this.stopping() && this.finishedAt === null) this.status = "running";
    this.changed(true);
  }

  cancel(): void {
    if (this.finishedAt !== null || this.cancelRequested) return;
    this.cancelRequested = true;
    this.paused = false;
    if (this.stopReason === null) this.status = "cancelling";
    this.drainQueue();
    this.changed(true);
  }

  retryFailed(): IssuanceRun {
    if (this.finishedAt === null) throw new Error("Retry the failed rows only after the run has finished.");
    const failed = this.rows.filter((row) => this.views[row.index]?.outcome?.kind === "failed").map((row) => row.target);
    // The learned range is Entra's own statement; the one-time guess is not, so "retry" sends rows as asked.
    const learned = { lifetimeRange: this.learned.lifetimeRange, forcesOneTime: false };
    return new IssuanceEngine(this.client, failed, { ...this.options, learned });
  }

  reissueRefused(change: ReissueChange): IssuanceRun {
    if (this.finishedAt === null) throw new Error("Re-issue only after the run has finished.");
    const targets: IssueTarget[] = [];
    for (const row of this.rows) {
      const outcome = this.views[row.index]?.outcome;
      if (outcome?.kind !== "failed" || !outcome.policyRefusal) continue;
      const body = { ...row.target.body };
      if (change.lifetimeInMinutes !== undefined && this.lifetimeRefused(body.lifetimeInMinutes, outcome.policyRefusal)) {
        body.lifetimeInMinutes = change.lifetimeInMinutes;
      }
      if (change.isUsableOnce === true && body.isUsableOnce === false) body.isUsableOnce = true;
      targets.push({ ...row.target, body });
    }
    return new IssuanceEngine(this.client, targets, { ...this.options, learned: { ...this.learned } });
  }

  private lifetimeRefused(lifetime: number | undefined, refusal: PolicyRefusal): boolean {
    if (refusal.kind === "lifetime") return true;
    const range = this.learned.lifetimeRange;
    return lifetime !== undefined && range !== null && (lifetime < range.min || lifetime > range.max);
  }

  // ---- learning from Entra's refusals -----------------------------------------------------

  /** Why Entra would refuse this row's create, going by what this run learned; null when nothing says so. */
  private refusalAhead(row: RowRuntime): { refusal: PolicyRefusal; reason: string } | null {
    const { lifetimeInMinutes, isUsableOnce } = row.target.body;
    const range = this.learned.lifetimeRange;
    if (range && lifetimeInMinutes !== undefined && (lifetimeInMinutes < range.min || lifetimeInMinutes > range.max)) {
      return {
        refusal: { kind: "lifetime", requestedMinutes: lifetimeInMinutes },
        reason: `Not sent: ${lifetimeRefusalReason(range, lifetimeInMinutes)} (Entra said so when it refused an earlier row.)`,
      };
    }
    if (this.learned.forcesOneTime && isUsableOnce === false) {
      return {
        refusal: { kind: "multiUse" },
        reason: `Not sent as a multi-use pass: Entra refused one and ${NOT_CERTAIN_ONE_TIME}.`,
      };
    }
    return null;
  }

  /** Ends a row that has not been sent (again) when Entra would refuse it the way it refused another. */
  private endIfRefusedAhead(row: RowRuntime): boolean {
    const ahead = this.refusalAhead(row);
    if (!ahead) return false;
    this.finishRow(row, { kind: "failed", reason: ahead.reason, policyRefusal: ahead.refusal });
    return true;
  }

  /** After learning something: queued rows that would be refused the same way end now, unsent. */
  private sweepQueue(): void {
    this.retryList = this.retryList.filter((row) => row.firstAmbiguousAt !== null || !this.endIfRefusedAhead(row));
    const rest = this.fresh.slice(this.freshHead).filter((row) => !this.endIfRefusedAhead(row));
    this.fresh.splice(0, this.fresh.length, ...rest);
    this.freshHead = 0;
    this.changed();
  }

  /**
   * A 400 badRequest to a create: Entra's answer when the create breaks the TAP policy. Learns the
   * range when Graph named it, or that one-time use is likely forced; returns the row's refusal.
   */
  private learnFromRefusal(row: RowRuntime, error: GraphError): PolicyRefusal | undefined {
    const { lifetimeInMinutes, isUsableOnce } = row.target.body;
    const range = parseLifetimeRange(error.message);
    if (range) {
      const known = this.learned.lifetimeRange;
      if (!known || known.min !== range.min || known.max !== range.max) {
        this.learned.lifetimeRange = range;
        this.sweepQueue();
      }
      return lifetimeInMinutes === undefined ? undefined : { kind: "lifetime", requestedMinutes: lifetimeInMinutes };
    }
    if (isUsableOnce === false && !this.multiUseAccepted) {
      if (!this.learned.forcesOneTime) {
        this.learned.forcesOneTime = true;
        this.sweepQueue();
      }
      return { kind: "multiUse" };
    }
    return undefined;
  }

  // ---- scheduling -------------------------------------------------------------------------

  private stopping(): boolean {
    return this.cancelRequested || this.stopReason !== null;
  }

  private hasQueued(): boolean {
    return this.freshHead < this.fresh.length || this.retryList.length > 0;
  }

  private async loop(): Promise<void> {
    const { batchSize } = this.settings;
    for (;;) {
      const seq = this.changeSeq;
      const now = this.settings.now();
      if (this.stopping() || !this.hasQueued()) {
        if (this.activeTasks === 0 && !this.hasQueued()) break;
        await this.waitForChange(seq, null);
        continue;
      }
      if (this.paused || this.inFlightBatches >= this.concurrencyLimit(now)) {
        await this.waitForChange(seq, null);
        continue;
      }
      if (this.throttleUntil > now) {
        await this.waitForChange(seq, this.throttleUntil);
        continue;
      }
      const ready = this.countReady(now, batchSize);
      if (ready === 0) {
        await this.waitForChange(seq, this.earliestRetryAt());
        continue;
      }
      // Wait for enough tokens to send a full batch (or all that is ready), so batches stay full.
      const wait = this.bucket.msUntil(ready, now);
      if (wait > 0) {
        await this.waitForChange(seq, now + wait);
        continue;
      }
      const batch = this.takeReady(now, ready);
      this.bucket.take(batch.length, now);
      void this.sendBatch(batch);
    }
    this.finish();
  }

  private concurrencyLimit(now: number): number {
    const { batchSize, maxConcurrentBatches, initialConcurrency } = this.settings;
    if (this.latencyEma === null) return Math.min(initialConcurrency, maxConcurrentBatches);
    // With plenty of burst left, go wide — but only as wide as the writes already accepted vouch for.
    // The service's bucket may hold far less than the documented burst (other clients share it) and
    // every create in flight when it runs dry comes back 429: widening with evidence keeps that
    // overshoot to a fraction of what was there, while a run with headroom still reaches the cap.
    if (this.bucket.available(now) >= batchSize * maxConcurrentBatches) {
      const vouched = Math.floor((this.acceptedWrites * this.settings.inFlightShareOfAccepted) / batchSize);
      return Math.min(maxConcurrentBatches, Math.max(initialConcurrency, vouched));
    }
    // At the steady pace, keep just enough in flight to use it.
    const needed = Math.ceil((this.rate * this.latencyEma) / 1000 / batchSize);
    return Math.min(maxConcurrentBatches, Math.max(1, needed));
  }

  private countReady(now: number, limit: number): number {
    let count = 0;
    for (const row of this.retryList) {
      if (row.notBefore <= now) count += 1;
      if (count >= limit) return limit;
    }
    return Math.min(limit, count + (this.fresh.length - this.freshHead));
  }

  private takeReady(now: number, count: number): RowRuntime[] {
    let limit = count;
    const taken: RowRuntime[] = [];
    const waiting: RowRuntime[] = [];
    // Resends go first: they are older, and an unanswered create should be resolved quickly.
    for (const row of this.retryList) {
      if (taken.length < limit && row.notBefore <= now) {
        taken.push(row);
        // One dropped connection loses every answer in a batch. A row caught in that resends in a
        // batch half as large each time, so a flaky link costs it its own luck, not nineteen others'.
        if (row.lostBatches > 0) limit = Math.min(limit, Math.max(taken.length, this.settings.batchSize >> row.lostBatches));
      } else waiting.push(row);
    }
    this.retryList = waiting;
    while (taken.length < limit && this.freshHead < this.fresh.length) {
      const row = this.fresh[this.freshHead];
      this.freshHead += 1;
      if (row) taken.push(row);
    }
    return taken;
  }

  private earliestRetryAt(): number | null {
    let earliest: number | null = null;
    for (const row of this.retryList) if (earliest === null || row.notBefore < earliest) earliest = row.notBefore;
    return earliest;
  }

  private waitForChange(seq: number, deadline: number | null): Promise<void> {
    if (this.changeSeq !== seq) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const controller = new AbortController();
      const done = () => {
        this.waiters.delete(done);
        controller.abort();
        resolve();
      };
      this.waiters.add(done);
      if (deadline !== null) {
        this.settings.sleep(Math.max(0, deadline - this.settings.now()), controller.signal).then(done, done);
      }
    });
  }

  private wake(): void {
    this.changeSeq += 1;
    for (const waiter of [...this.waiters]) waiter();
  }

  private backoffMs(failures: number): number {
    const { baseMs, capMs } = this.settings.backoff;
    // Full jitter: spreads resends so rows failed together do not come back together.
    return Math.floor(this.settings.random() * Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1)));
  }

  // ---- sending ----------------------------------------------------------------------------

  private async sendBatch(batch: RowRuntime[]): Promise<void> {
    this.inFlightBatches += 1;
    this.activeTasks += 1;
    const sentAt = this.settings.now();
    for (const row of batch) {
      row.attempts += 1;
      this.updateView(row, { phase: "sending", attempts: row.attempts });
    }
    this.changed();
    try {
      const requests = batch.map((row, index) =>
        buildCreateTapBatchRequest(String(index + 1), row.target.userKey, row.target.body),
      );
      let responses: BatchResponse[] | null = null;
      let failure: unknown = null;
      try {
        responses = await this.client.batch(requests, { timeoutMs: this.settings.batchTimeoutMs });
      } catch (error) {
        failure = error;
      }
      this.inFlightBatches -= 1;
      const now = this.settings.now();
      const latency = now - sentAt;
      this.latencyEma = this.latencyEma === null ? latency : this.latencyEma * 0.8 + latency * 0.2;
      if (responses) this.handleResponses(batch, responses, sentAt);
      else this.handleBatchFailure(batch, failure, sentAt);
    } catch (error) {
      // Only a bug gets here; still give each row of the batch an outcome.
      for (const row of batch) {
        if (!row.done) {
          this.finishRow(row, { kind: "failed", reason: `Internal error: ${error instanceof Error ? error.message : "unknown"}` });
        }
      }
    } finally {
      this.activeTasks -= 1;
      this.changed();
    }
  }

  private handleResponses(batch: RowRuntime[], responses: BatchResponse[], sentAt: number): void {
    const now = this.settings.now();
    const byId = new Map(responses.map((response) => [response.id, response]));
    let throttled = false;
    let succeeded = false;
    let longestRetryAfter: number | null = null;
    const answered = batch.map((row, index) => ({
      row,
      response: byId.get(String(index + 1)) ?? { id: String(index + 1), status: 0, headers: {}, body: null },
    }));
    // Successes first: a multi-use pass accepted in this batch rules out "the tenant forces one-time"
    // before any refusal in the same batch is read.
    answered.sort((a, b) => Number(a.response.status >= 300) - Number(b.response.status >= 300));
    answered.forEach(({ row, response }) => {
      if (response.status >= 200 && response.status < 300) {
        const method = response.body as Partial<TemporaryAccessPassMethod> | null;
        if (method && typeof method.temporaryAccessPass === "string" && method.temporaryAccessPass !== "") {
          this.issue(row, method as TemporaryAccessPassMethod);
          succeeded = true;
          return;
        }
        // A pass exists that nobody saw; resending replaces it with one whose value we get.
        const error = new GraphError({
          status: response.status,
          code: "passValueMissing",
          message: "Microsoft Graph created a pass but did not return its value.",
        });
        this.applyFailure(row, error, { kind: "transient", ambiguous: true }, sentAt);
        return;
      }
      const error = batchResponseError(response, now) ?? new GraphError({ status: response.status, code: "unknown", message: "" });
      const failureClass = classifyCreateFailure(error);
      if (failureClass.kind === "throttled") {
        throttled = true;
        this.throttledResponses += 1;
        if (failureClass.retryAfterSeconds !== null) {
          longestRetryAfter = Math.max(longestRetryAfter ?? 0, failureClass.retryAfterSeconds);
        }
      }
      this.applyFailure(row, error, failureClass, sentAt);
    });
    if (throttled) this.noteThrottle(longestRetryAfter, sentAt);
    else if (succeeded) this.noteSuccess(now);
  }

  private handleBatchFailure(batch: RowRuntime[], failure: unknown, sentAt: number): void {
    const known = toKnownError(failure);
    if (!known) {
      // Not an HTTP outcome (e.g. no token could be obtained): nothing was sent, nothing will work.
      const detail = failure instanceof Error ? failure.message : String(failure);
      this.stopRun(`Requests could not be sent (${detail}). Sign in again, then retry the failed rows.`, {});
      for (const row of batch) this.stopRow(row);
      return;
    }
    if (known instanceof GraphError && (known.status === 401 || known.status === 403)) {
      // Checked before the batch is processed, so nothing was created; every further batch would fail the same way.
      const reason =
        known.status === 401
          ? describeCreateFailure(known)
          : `Microsoft Graph refused every request (${known.status} ${known.code}): ${known.message}`;
      this.stopRun(reason, failureDetails(known, ""));
      for (const row of batch) this.stopRow(row);
      return;
    }
    const failureClass = classifyCreateFailure(known);
    if (failureClass.kind === "throttled") {
      this.throttledResponses += 1;
      this.noteThrottle(failureClass.retryAfterSeconds, sentAt);
    } else if (known instanceof GraphError && known.retryAfter !== null) {
      this.throttleUntil = Math.max(this.throttleUntil, this.settings.now() + known.retryAfter * 1000);
    }
    if (failureClass.kind !== "throttled" && batch.length > 1) for (const row of batch) row.lostBatches += 1;
    for (const row of batch) this.applyFailure(row, known, failureClass, sentAt);
  }

  private applyFailure(
    row: RowRuntime,
    error: GraphError | GraphNetworkError,
    failureClass: FailureClass,
    sentAt: number,
  ): void {
    if (failureClass.kind === "transient" && failureClass.ambiguous && row.firstAmbiguousAt === null) {
      row.firstAmbiguousAt = sentAt;
    }
    const reason = describeCreateFailure(error, row.target.body);
    const failures = row.attempts - row.throttledAttempts;
    if (failureClass.kind === "permanent") {
      const named = lifetimeRangeOf(error) !== null;
      if (
        row.firstAmbiguousAt !== null &&
        !named &&
        !row.conflictResent &&
        (isExistingPassConflict(error) || isPolicyBadRequest(error)) &&
        failures < this.settings.maxAttempts
      ) {
        // A tenant that refuses to replace passes may be refusing the one our unanswered attempt
        // created (the codes can't tell): remove it, then send once more.
        row.conflictResent = true;
        void this.cleanUp(row, failureDetails(error, reason), true);
        return;
      }
      const refusal = error instanceof GraphError && isPolicyBadRequest(error) ? this.learnFromRefusal(row, error) : undefined;
      const refusalReason = refusal?.kind === "multiUse" ? `Entra refused this multi-use pass and ${NOT_CERTAIN_ONE_TIME}.` : reason;
      return this.giveUp(row, failureDetails(error, refusalReason, refusal));
    }
    if (failureClass.kind === "throttled") {
      row.throttledAttempts += 1;
      if (row.throttledAttempts >= this.settings.maxThrottledAttempts) {
        return this.giveUp(row, failureDetails(error, reason));
      }
      // The global wait (Retry-After or backoff) paces throttled rows; no per-row delay.
      return this.requeue(row, 0, reason);
    }
    if (failures >= this.settings.maxAttempts) return this.giveUp(row, failureDetails(error, reason));
    this.requeue(row, this.settings.now() + this.backoffMs(failures), reason);
  }

  private requeue(row: RowRuntime, notBefore: number, problem: string): void {
    if (this.stopping()) return this.stopRow(row);
    if (row.firstAmbiguousAt === null && this.endIfRefusedAhead(row)) return;
    row.notBefore = notBefore;
    this.retryList.push(row);
    this.updateView(row, { phase: "retrying", lastProblem: problem });
  }

  private giveUp(row: RowRuntime, failure: FailureDetails): void {
    if (row.firstAmbiguousAt !== null) {
      void this.cleanUp(row, failure);
      return;
    }
    this.finishRow(row, { kind: "failed", ...failure });
  }

  /** Ends a row that is not in flight because the run was cancelled or stopped. */
  private stopRow(row: RowRuntime): void {
    if (row.done) return;
    const failure: FailureDetails =
      this.stopReason !== null
        ? { reason: `Not issued: ${this.stopReason}`, ...this.stopDetails }
        : { reason: "Cancelled before issuing." };
    if (row.firstAmbiguousAt !== null) {
      void this.cleanUp(row, this.stopReason !== null ? failure : { reason: "Cancelled after an unanswered attempt." });
      return;
    }
    if (this.stopReason !== null) this.finishRow(row, { kind: "failed", ...failure });
    else this.finishRow(row, { kind: "skipped", reason: failure.reason });
  }

  private stopRun(reason: string, details: Omit<FailureDetails, "reason">): void {
    if (this.stopReason === null) {
      this.stopReason = reason;
      this.stopDetails = {
        code: details.code,
        status: details.status,
        requestId: details.requestId,
        innerCode: details.innerCode,
        graphMessage: details.graphMessage,
      };
      this.status = "stopped";
      this.paused = false;
    }
    this.drainQueue();
  }

  /** Ends every queued row at once (after cancel or stop). */
  private drainQueue(): void {
    const queued = [...this.retryList, ...this.fresh.slice(this.freshHead)];
    this.retryList = [];
    this.freshHead = this.fresh.length;
    for (const row of queued) this.stopRow(row);
  }

  // ---- adapting the pace ------------------------------------------------------------------

  private noteThrottle(retryAfterSeconds: number | null, sentAt: number): void {
    const now = this.settings.now();
    this.consecutiveThrottles += 1;
    this.lastThrottleAt = now;
    // React once per round trip: answers to requests sent before the last decrease are old news.
    if (sentAt >= this.lastDecreaseAt) {
      this.rate = Math.max(this.settings.minWritesPerSecond, this.rate * this.settings.decreaseFactor);
      this.bucket.setRate(this.rate, now);
      // The service's bucket was emptier than ours assumed (shared quota, or a smaller one): stop bursting.
      this.bucket.setCapacity(this.settings.batchSize * 2, now);
      this.lastDecreaseAt = now;
    }
    this.bucket.drain(now);
    const waitMs =
      retryAfterSeconds !== null ? Math.ceil(retryAfterSeconds * 1000) : this.backoffMs(this.consecutiveThrottles);
    this.throttleUntil = Math.max(this.throttleUntil, now + waitMs);
  }

  private noteSuccess(now: number): void {
    this.consecutiveThrottles = 0;
    const { writesPerSecond, increaseAfterMs } = this.settings;
    const { burst } = this.settings;
    if (this.rate >= writesPerSecond && this.bucket.capacity >= burst) return;
    if (now - this.lastThrottleAt < increaseAfterMs || now - this.lastIncreaseAt < increaseAfterMs) return;
    // Additive increase of the pace; the burst grows back (doubling) only once the pace is restored.
    if (this.rate < writesPerSecond) this.rate = Math.min(writesPerSecond, this.rate + writesPerSecond / 10);
    else this.bucket.setCapacity(Math.min(burst, this.bucket.capacity * 2), now);
    this.bucket.setRate(this.rate, now);
    this.lastIncreaseAt = now;
  }

  // ---- outcomes ---------------------------------------------------------------------------

  private issue(row: RowRuntime, method: TemporaryAccessPassMethod): void {
    const { target } = row;
    const lifetime = method.lifetimeInMinutes ?? target.body.lifetimeInMinutes ?? 0;
    const startDateTime = method.startDateTime ?? method.createdDateTime;
    const startMs = Date.parse(startDateTime);
    const pass: IssuedPass = {
      rowId: target.rowId,
      userId: target.userId ?? target.userKey,
      userPrincipalName: target.userPrincipalName ?? (target.userKey.includes("@") ? target.userKey : ""),
      displayName: target.displayLabel,
      value: method.temporaryAccessPass ?? "",
      methodId: method.id,
      createdDateTime: method.createdDateTime,
      startDateTime,
      endDateTime: Number.isNaN(startMs) ? "" : new Date(startMs + lifetime * 60_000).toISOString(),
      lifetimeInMinutes: lifetime,
      isUsableOnce: method.isUsableOnce ?? target.body.isUsableOnce ?? false,
    };
    this.settings.vault.put(pass);
    this.acceptedWrites += 1;
    if (target.body.isUsableOnce === false) {
      // Entra accepted a multi-use pass: the guess that the tenant forces one-time use was wrong.
      this.multiUseAccepted = true;
      this.learned.forcesOneTime = false;
    }
    this.finishRow(row, { kind: "issued" });
  }

  /**
   * An attempt may have created a pass whose value we never saw. Rather than leave it, delete every
   * pass created since that attempt (allowing for clock skew); never touches rows without one.
   */
  private async cleanUp(row: RowRuntime, failure: FailureDetails, resendIfClean = false): Promise<void> {
    this.activeTasks += 1;
    this.updateView(row, { phase: "cleaning" });
    this.changed();
    let clean = false;
    try {
      clean = await this.removeUnseenPass(row);
    } catch {
      clean = false;
    } finally {
      this.activeTasks -= 1;
      if (clean && resendIfClean) {
        row.firstAmbiguousAt = null;
        this.requeue(row, this.settings.now(), failure.reason);
      } else {
        const reason = clean
          ? `${failure.reason} No pass was left on the account.`
          : `${failure.reason} This user may hold a pass nobody has seen: check their authentication methods in Entra and delete it.`;
        this.finishRow(row, { kind: "failed", ...failure, reason });
      }
      this.changed();
    }
  }

  private async removeUnseenPass(row: RowRuntime): Promise<boolean> {
    const since = (row.firstAmbiguousAt ?? 0) - this.settings.cleanupSkewMs;
    const key = row.target.userKey;
    let methods: TemporaryAccessPassMethod[];
    try {
      methods = await this.withCleanupRetries(() => listTemporaryAccessPassMethods(this.client, key), false);
    } catch (error) {
      return error instanceof GraphError && error.status === 404;
    }
    for (const method of methods) {
      const created = Date.parse(method.createdDateTime);
      if (Number.isNaN(created)) return false;
      if (created < since) continue;
      try {
        await this.withCleanupRetries(() => deleteTemporaryAccessPass(this.client, key, method.id), true);
      } catch (error) {
        if (!(error instanceof GraphError && error.status === 404)) return false;
      }
    }
    return true;
  }

  private async withCleanupRetries<T>(call: () => Promise<T>, isWrite: boolean): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      await this.waitToStartRequest(isWrite);
      try {
        return await call();
      } catch (error) {
        const known = toKnownError(error);
        if (!known) throw error;
        const failureClass = classifyCreateFailure(known);
        if (failureClass.kind === "permanent" || attempt >= CLEANUP_ATTEMPTS) throw error;
        if (failureClass.kind === "throttled") this.noteThrottle(failureClass.retryAfterSeconds, this.settings.now());
        else await this.settings.sleep(this.backoffMs(attempt));
      }
    }
  }

  /** Honours pause (unless stopping), the service's Retry-After and, for writes, the token bucket. */
  private async waitToStartRequest(isWrite: boolean): Promise<void> {
    for (;;) {
      const seq = this.changeSeq;
      const now = this.settings.now();
      if (this.paused && !this.stopping()) {
        await this.waitForChange(seq, null);
        continue;
      }
      if (this.throttleUntil > now) {
        await this.waitForChange(seq, this.throttleUntil);
        continue;
      }
      if (isWrite) {
        const wait = this.bucket.msUntil(1, now);
        if (wait > 0) {
          await this.waitForChange(seq, now + wait);
          continue;
        }
        this.bucket.take(1, now);
      }
      return;
    }
  }

  private finishRow(row: RowRuntime, outcome: RowOutcome): void {
    if (row.done) return;
    row.done = true;
    this.updateView(row, { phase: "done", outcome, lastProblem: null });
    this.completions.push({ at: this.settings.now(), issued: outcome.kind === "issued" });
  }

  private finish(): void {
    this.finishedAt = this.settings.now();
    this.status = this.stopReason !== null ? "stopped" : this.cancelRequested ? "cancelled" : "completed";
    this.publish();
    this.resolveFinished(this.snapshot);
  }

  private abortOnBug(error: unknown): void {
    const reason = `Internal error: ${error instanceof Error ? error.message : "unknown"}`;
    for (const row of this.rows) if (!row.done) this.finishRow(row, { kind: "failed", reason });
    this.stopReason ??= reason;
    this.finish();
  }

  // ---- snapshots --------------------------------------------------------------------------

  private updateView(row: RowRuntime, change: Partial<Omit<RowView, "rowId" | "displayLabel">>): void {
    const before = this.views[row.index];
    if (!before) return;
    const after: RowView = { ...before, ...change };
    this.counts[countKey(before)] -= 1;
    this.counts[countKey(after)] += 1;
    this.views[row.index] = after;
    this.dirty = true;
  }

  /** Wakes waiters and schedules a snapshot; `immediate` for state the user just asked for. */
  private changed(immediate = false): void {
    this.dirty = true;
    this.wake();
    if (this.finishedAt !== null) return;
    const now = this.settings.now();
    if (immediate || now - this.lastPublishAt >= this.settings.notifyIntervalMs) {
      this.publish();
      return;
    }
    if (this.publishScheduled) return;
    this.publishScheduled = true;
    void this.settings.sleep(this.lastPublishAt + this.settings.notifyIntervalMs - now).then(() => {
      this.publishScheduled = false;
      if (this.dirty && this.finishedAt === null) this.publish();
    });
  }

  private publish(): void {
    this.dirty = false;
    this.lastPublishAt = this.settings.now();
    this.snapshot = this.buildSnapshot();
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A failing subscriber must not break the run.
      }
    }
  }

  private buildSnapshot(): IssuanceSnapshot {
    const now = this.settings.now();
    const windowStart = now - this.settings.rateWindowMs;
    while (this.completionsHead < this.completions.length && (this.completions[this.completionsHead]?.at ?? 0) < windowStart) {
      this.completionsHead += 1;
    }
    const seconds = Math.max(1, Math.min(now - this.startedAt, this.settings.rateWindowMs) / 1000);
    let issued = 0;
    for (let index = this.completionsHead; index < this.completions.length; index += 1) {
      if (this.completions[index]?.issued) issued += 1;
    }
    const finishedPerSecond = (this.completions.length - this.completionsHead) / seconds;
    const remaining = this.counts.queued + this.counts.inFlight;
    return {
      status: this.status,
      counts: { ...this.counts },
      rows: Object.freeze([...this.views]),
      passesPerSecond: issued / seconds,
      etaSeconds: remaining === 0 ? 0 : finishedPerSecond > 0 ? remaining / finishedPerSecond : null,
      throttle: {
        waitingUntil: this.throttleUntil > now ? this.throttleUntil : null,
        writesPerSecond: this.rate,
        concurrency: this.concurrencyLimit(now),
        throttledResponses: this.throttledResponses,
      },
      stopReason: this.stopReason,
      learned: { ...this.learned },
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
    };
  }
}
