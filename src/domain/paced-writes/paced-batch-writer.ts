import { batchResponseError } from "../../lib/graph/batch";
import { GraphError } from "../../lib/graph/graph-error";
import type { BatchRequest, BatchResponse, GraphClient } from "../../lib/graph/types";
import type { Sleep } from "../sleep";
import { Pacer, type PacingOptions } from "./pacing";
import { classifyWriteFailure, toKnownError, type FailureClass, type KnownError } from "./write-failure";

/*
 * Sends writes through `$batch`, paced by a Pacer, and hands back one final answer per write. Owns
 * the queue (resends first, batches kept full), pause and stop, 429/424 resends, resends after
 * 5xx/lost answers with backoff, and halving the batches of writes whose whole answer was lost.
 * What an answer means for the caller's row stays with the caller (hooks). Issuing passes composes
 * it; so can any other kind of write (e.g. DELETEs of passes).
 */

/** The writer's bookkeeping for one write; lives on the caller's item so both can read it. */
export interface WriteState {
  /** Every send, throttled or not. */
  attempts: number;
  throttledAttempts: number;
  /** Send time of the first attempt that may have written without us seeing the answer. */
  firstAmbiguousAt: number | null;
  /** Batches this write was in whose whole answer was lost; its resends go in smaller batches. */
  lostBatches: number;
  notBefore: number;
}

export interface WriteItem {
  write: WriteState;
}

export function newWriteState(): WriteState {
  return { attempts: 0, throttledAttempts: 0, firstAmbiguousAt: null, lostBatches: 0, notBefore: 0 };
}

/** A write's final answer: accepted, or failed for good (after the resends its class allows). */
export type WriteAnswer = { kind: "accepted"; response: BatchResponse } | { kind: "failed"; error: KnownError; failureClass: FailureClass };

export interface WriterHooks<T extends WriteItem> {
  /** The $batch request for an item, under the id the writer gives it. */
  request(item: T, id: string): BatchRequest;
  /** Checks a 2xx answer; an error means the write may have happened but the answer is unusable (resent like a lost one). */
  checkAccepted(item: T, response: BatchResponse): KnownError | null;
  /** Plain words for a failure, shown while the item waits to be resent. */
  describe(item: T, error: KnownError): string;
  sending(item: T): void;
  retrying(item: T, problem: string): void;
  /** Called before an item goes back into the queue; false when the caller ended it instead. */
  mayResend(item: T): boolean;
  settled(item: T, answer: WriteAnswer): void;
  /** The item won't be sent (again): the writer stopped. */
  unsent(item: T): void;
  /**
   * Every further request would fail this way (not an HTTP answer, or an outer 401/403): the caller
   * records why; the writer then stops and hands every queued and in-batch item to `unsent`.
   */
  fatal(error: unknown): void;
  /** A bug broke the handling of a batch; the caller ends these items. */
  broken(items: T[], error: unknown): void;
  /** Something the caller shows may have changed. */
  changed(): void;
}

export interface WriterOptions extends PacingOptions {
  /** Sends per write for failures other than throttling. */
  maxAttempts: number;
  /** Sends per write that may be answered 429 before the write gives up. */
  maxThrottledAttempts: number;
  batchTimeoutMs: number;
  sleep: Sleep;
}

export class PacedBatchWriter<T extends WriteItem> {
  readonly pacer: Pacer;
  private readonly fresh: T[] = [];
  private freshHead = 0;
  private retryList: T[] = [];
  private isPaused = false;
  private isStopped = false;
  private inFlightWrites = 0;
  private activeTasks = 0;
  private changeSeq = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly client: GraphClient,
    private readonly hooks: WriterHooks<T>,
    private readonly options: WriterOptions,
  ) {
    this.pacer = new Pacer(options);
  }

  /** Queues writes not yet sent, behind those already queued. */
  add(items: readonly T[]): void {
    this.fresh.push(...items);
    this.wake();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get stopped(): boolean {
    return this.isStopped;
  }

  /** No new request starts (except the caller's clean-up after a stop); in-flight ones finish. */
  pause(): void {
    this.isPaused = true;
    this.wake();
  }

  resume(): void {
    this.isPaused = false;
    this.wake();
  }

  /** No write starts any more; every queued item goes to `unsent`. */
  stop(): void {
    this.isStopped = true;
    this.isPaused = false;
    const queued = [...this.retryList, ...this.fresh.slice(this.freshHead)];
    this.retryList = [];
    this.freshHead = this.fresh.length;
    for (const item of queued) this.hooks.unsent(item);
    this.wake();
  }

  /** Puts an item back in the queue, to go no earlier than `notBefore`. */
  resend(item: T, notBefore: number, problem: string): void {
    if (this.isStopped) return this.hooks.unsent(item);
    if (!this.hooks.mayResend(item)) return;
    item.write.notBefore = notBefore;
    this.retryList.push(item);
    this.hooks.retrying(item, problem);
  }

  /** Removes queued items for which `end` returns true (it ends them). */
  removeQueued(end: (item: T) => boolean): void {
    this.retryList = this.retryList.filter((item) => !end(item));
    const rest = this.fresh.slice(this.freshHead).filter((item) => !end(item));
    this.fresh.splice(0, this.fresh.length, ...rest);
    this.freshHead = 0;
  }

  /** Keeps the writer running until `release` is called (the caller's own requests, e.g. a clean-up). */
  hold(): () => void {
    this.activeTasks += 1;
    let held = true;
    return () => {
      if (held) this.activeTasks -= 1;
      held = false;
    };
  }

  /** Honours pause (unless stopped), the service's Retry-After and, for writes, the quota. */
  async waitToStart(isWrite: boolean): Promise<void> {
    for (;;) {
      const seq = this.changeSeq;
      const now = this.options.now();
      if (this.isPaused && !this.isStopped) {
        await this.waitForChange(seq, null);
        continue;
      }
      if (this.pacer.waitUntil > now) {
        await this.waitForChange(seq, this.pacer.waitUntil);
        continue;
      }
      if (isWrite) {
        const wait = this.pacer.msUntilWrites(1, now);
        if (wait > 0) {
          await this.waitForChange(seq, now + wait);
          continue;
        }
        this.pacer.takeWrites(1, now);
      }
      return;
    }
  }

  /** Wakes everything waiting for a change (pause, resume, an item queued or finished). */
  wake(): void {
    this.changeSeq += 1;
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Sends until nothing is queued and nothing held is outstanding. */
  async run(): Promise<void> {
    for (;;) {
      const seq = this.changeSeq;
      const now = this.options.now();
      if (this.isStopped || !this.hasQueued()) {
        if (this.activeTasks === 0 && !this.hasQueued()) return;
        await this.waitForChange(seq, null);
        continue;
      }
      const limit = this.pacer.inFlightLimit(now);
      const room = limit - this.inFlightWrites;
      if (this.isPaused || room <= 0) {
        await this.waitForChange(seq, null);
        continue;
      }
      if (this.pacer.waitUntil > now) {
        await this.waitForChange(seq, this.pacer.waitUntil);
        continue;
      }
      const size = this.pacer.batchSizeFor(limit, now);
      const ready = this.countReady(now, size);
      if (ready === 0) {
        await this.waitForChange(seq, this.earliestRetryAt());
        continue;
      }
      // Batches stay full: a batch that doesn't fit the room left waits for answers (unless none are due).
      if (ready > room && this.inFlightWrites > 0) {
        await this.waitForChange(seq, null);
        continue;
      }
      // …and wait for enough quota to send a full batch (or all that is ready).
      const wait = this.pacer.msUntilWrites(ready, now);
      if (wait > 0) {
        await this.waitForChange(seq, now + wait);
        continue;
      }
      const batch = this.takeReady(now, ready, size);
      this.pacer.takeWrites(batch.length, now);
      void this.sendBatch(batch);
    }
  }

  // ---- the queue ----------------------------------------------------------------------------

  private hasQueued(): boolean {
    return this.freshHead < this.fresh.length || this.retryList.length > 0;
  }

  private countReady(now: number, limit: number): number {
    let count = 0;
    for (const item of this.retryList) {
      if (item.write.notBefore <= now) count += 1;
      if (count >= limit) return limit;
    }
    return Math.min(limit, count + (this.fresh.length - this.freshHead));
  }

  private takeReady(now: number, count: number, size: number): T[] {
    let limit = count;
    const taken: T[] = [];
    const waiting: T[] = [];
    // Resends go first: they are older, and an unanswered write should be resolved quickly.
    for (const item of this.retryList) {
      if (taken.length < limit && item.write.notBefore <= now) {
        taken.push(item);
        // One dropped connection loses every answer in a batch. A write caught in that resends in a
        // batch half as large each time, so a flaky link costs it its own luck, not nineteen others'.
        const { lostBatches } = item.write;
        if (lostBatches > 0) limit = Math.min(limit, Math.max(taken.length, size >> lostBatches));
      } else waiting.push(item);
    }
    this.retryList = waiting;
    while (taken.length < limit && this.freshHead < this.fresh.length) {
      const item = this.fresh[this.freshHead];
      this.freshHead += 1;
      if (item) taken.push(item);
    }
    return taken;
  }

  private earliestRetryAt(): number | null {
    let earliest: number | null = null;
    for (const item of this.retryList) {
      if (earliest === null || item.write.notBefore < earliest) earliest = item.write.notBefore;
    }
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
        this.options.sleep(Math.max(0, deadline - this.options.now()), controller.signal).then(done, done);
      }
    });
  }

  private notify(): void {
    this.wake();
    this.hooks.changed();
  }

  // ---- sending and reading answers ---------------------------------------------------------

  private async sendBatch(batch: T[]): Promise<void> {
    this.inFlightWrites += batch.length;
    this.activeTasks += 1;
    const sentAt = this.options.now();
    for (const item of batch) {
      item.write.attempts += 1;
      this.hooks.sending(item);
    }
    this.notify();
    try {
      const requests = batch.map((item, index) => this.hooks.request(item, String(index + 1)));
      let responses: BatchResponse[] | null = null;
      let failure: unknown = null;
      try {
        responses = await this.client.batch(requests, { timeoutMs: this.options.batchTimeoutMs });
      } catch (error) {
        failure = error;
      }
      this.inFlightWrites -= batch.length;
      this.pacer.noteLatency(this.options.now() - sentAt);
      if (responses) this.handleResponses(batch, responses, sentAt);
      else this.handleBatchFailure(batch, failure, sentAt);
    } catch (error) {
      // Only a bug gets here; the caller still gives each item an outcome.
      this.hooks.broken(batch, error);
    } finally {
      this.activeTasks -= 1;
      this.notify();
    }
  }

  private handleResponses(batch: T[], responses: BatchResponse[], sentAt: number): void {
    const now = this.options.now();
    const byId = new Map(responses.map((response) => [response.id, response]));
    let throttled = false;
    let succeeded = false;
    let longestRetryAfter: number | null = null;
    const answered = batch.map((item, index) => ({
      item,
      response: byId.get(String(index + 1)) ?? { id: String(index + 1), status: 0, headers: {}, body: null },
    }));
    // Successes first: the caller may learn from an accepted write before reading a refusal in the same batch.
    answered.sort((a, b) => Number(a.response.status >= 300) - Number(b.response.status >= 300));
    for (const { item, response } of answered) {
      if (response.status >= 200 && response.status < 300) {
        const unusable = this.hooks.checkAccepted(item, response);
        if (unusable) {
          this.applyFailure(item, unusable, { kind: "transient", ambiguous: true }, sentAt);
          continue;
        }
        this.pacer.noteAccepted();
        succeeded = true;
        this.hooks.settled(item, { kind: "accepted", response });
        continue;
      }
      const error = batchResponseError(response, now) ?? new GraphError({ status: response.status, code: "unknown", message: "" });
      const failureClass = classifyWriteFailure(error);
      if (failureClass.kind === "throttled") {
        throttled = true;
        this.pacer.countThrottled();
        if (failureClass.retryAfterSeconds !== null) {
          longestRetryAfter = Math.max(longestRetryAfter ?? 0, failureClass.retryAfterSeconds);
        }
      }
      this.applyFailure(item, error, failureClass, sentAt);
    }
    if (throttled) this.pacer.noteThrottle(longestRetryAfter, sentAt);
    else if (succeeded) this.pacer.noteSuccess(now);
  }

  private handleBatchFailure(batch: T[], failure: unknown, sentAt: number): void {
    const known = toKnownError(failure);
    // Not an HTTP outcome (e.g. no token could be obtained), or the sign-in/permission was refused before
    // the batch was processed: nothing was written, and every further batch would fail the same way.
    if (!known || (known instanceof GraphError && (known.status === 401 || known.status === 403))) {
      this.hooks.fatal(known ?? failure);
      this.stop();
      for (const item of batch) this.hooks.unsent(item);
      return;
    }
    const failureClass = classifyWriteFailure(known);
    if (failureClass.kind === "throttled") {
      this.pacer.countThrottled();
      this.pacer.noteThrottle(failureClass.retryAfterSeconds, sentAt);
    } else if (known instanceof GraphError && known.retryAfter !== null) {
      this.pacer.noteRetryAfter(known.retryAfter);
    }
    if (failureClass.kind !== "throttled" && batch.length > 1) for (const item of batch) item.write.lostBatches += 1;
    for (const item of batch) this.applyFailure(item, known, failureClass, sentAt);
  }

  private applyFailure(item: T, error: KnownError, failureClass: FailureClass, sentAt: number): void {
    const { write } = item;
    if (failureClass.kind === "transient" && failureClass.ambiguous && write.firstAmbiguousAt === null) {
      write.firstAmbiguousAt = sentAt;
    }
    if (failureClass.kind === "permanent") return this.hooks.settled(item, { kind: "failed", error, failureClass });
    if (failureClass.kind === "throttled") {
      write.throttledAttempts += 1;
      if (write.throttledAttempts >= this.options.maxThrottledAttempts) {
        return this.hooks.settled(item, { kind: "failed", error, failureClass });
      }
      // The global wait (Retry-After or backoff) paces throttled writes; no per-write delay.
      return this.resend(item, 0, this.hooks.describe(item, error));
    }
    const failures = write.attempts - write.throttledAttempts;
    if (failures >= this.options.maxAttempts) return this.hooks.settled(item, { kind: "failed", error, failureClass });
    this.resend(item, this.options.now() + this.pacer.backoffMs(failures), this.hooks.describe(item, error));
  }
}
