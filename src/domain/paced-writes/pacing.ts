import { TokenBucket } from "./token-bucket";

/*
 * How fast writes may go, in short:
 * - A token bucket mirrors Entra's write quota (1 token per write). A 429 drains it, lowers the pace
 *   (×0.7, once per round trip), stops bursting, and holds every new request until the longest
 *   Retry-After (or a jittered backoff when none is readable); throttle-free time raises the pace
 *   again step by step, then lets the burst grow back.
 * - Batches in flight: enough to keep the bucket drained at the measured latency, capped; while
 *   spending the burst, no more writes in flight than 30 % of those already accepted (a burst smaller
 *   than documented then costs few 429s).
 * Knows nothing of what is written: any kind of Graph write can be paced by it.
 */

export interface PacingOptions {
  /** Writes per $batch (≤ 20). */
  batchSize: number;
  /** $batch requests in flight before any latency is known. */
  initialConcurrency: number;
  /** Upper bound for $batch requests in flight. */
  maxConcurrentBatches: number;
  /** While spending the burst, writes in flight stay within this share of the writes accepted so far. */
  inFlightShareOfAccepted: number;
  /** Steady write pace; Entra documents 3000 writes per 150 s per app and tenant (= 20/s). */
  writesPerSecond: number;
  /** Writes that may go out at once before the steady pace applies. */
  burst: number;
  /** Floor for the pace after repeated throttling. */
  minWritesPerSecond: number;
  /** Pace multiplier on throttling (multiplicative decrease). */
  decreaseFactor: number;
  backoff: { baseMs: number; capMs: number };
  /** Throttle-free time after which the pace creeps up again. */
  increaseAfterMs: number;
  now: () => number;
  random: () => number;
}

export interface PaceState {
  /** Epoch ms until which no new request starts because the service asked us to wait, else null. */
  waitingUntil: number | null;
  writesPerSecond: number;
  /** $batch requests that may be in flight right now. */
  concurrency: number;
  /** 429 (and outer 424) answers seen so far. */
  throttledResponses: number;
}

export class Pacer {
  private readonly bucket: TokenBucket;
  private rate: number;
  private latencyEma: number | null = null;
  private acceptedWrites = 0;
  private holdUntil = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private lastThrottleAt = Number.NEGATIVE_INFINITY;
  private lastIncreaseAt = Number.NEGATIVE_INFINITY;
  private consecutiveThrottles = 0;
  private throttledResponses = 0;

  constructor(private readonly options: PacingOptions) {
    this.rate = options.writesPerSecond;
    this.bucket = new TokenBucket({ capacity: options.burst, perSecond: this.rate, now: options.now() });
  }

  /** Epoch ms before which no request may start (Retry-After or backoff); in the past when none. */
  get waitUntil(): number {
    return this.holdUntil;
  }

  /** Milliseconds until `count` writes may start (0 when they may now). */
  msUntilWrites(count: number, now: number): number {
    return this.bucket.msUntil(count, now);
  }

  /** Spends the quota of `count` writes that `msUntilWrites` allowed. */
  takeWrites(count: number, now: number): void {
    this.bucket.take(count, now);
  }

  /** A $batch answer (or failure) arrived after `ms`. */
  noteLatency(ms: number): void {
    this.latencyEma = this.latencyEma === null ? ms : this.latencyEma * 0.8 + ms * 0.2;
  }

  /** The service accepted a write: evidence that its bucket holds at least that much. */
  noteAccepted(): void {
    this.acceptedWrites += 1;
  }

  /** Counts 429 / outer 424 answers for the progress display. */
  countThrottled(count = 1): void {
    this.throttledResponses += count;
  }

  concurrencyLimit(now: number): number {
    const { batchSize, maxConcurrentBatches, initialConcurrency } = this.options;
    if (this.latencyEma === null) return Math.min(initialConcurrency, maxConcurrentBatches);
    // With plenty of burst left, go wide — but only as wide as the writes already accepted vouch for.
    // The service's bucket may hold far less than the documented burst (other clients share it) and
    // every write in flight when it runs dry comes back 429: widening with evidence keeps that
    // overshoot to a fraction of what was there, while a run with headroom still reaches the cap.
    if (this.bucket.available(now) >= batchSize * maxConcurrentBatches) {
      const vouched = Math.floor((this.acceptedWrites * this.options.inFlightShareOfAccepted) / batchSize);
      return Math.min(maxConcurrentBatches, Math.max(initialConcurrency, vouched));
    }
    // At the steady pace, keep just enough in flight to use it.
    const needed = Math.ceil((this.rate * this.latencyEma) / 1000 / batchSize);
    return Math.min(maxConcurrentBatches, Math.max(1, needed));
  }

  /** The service throttled a request sent at `sentAt`; waits `retryAfterSeconds` or a backoff. */
  noteThrottle(retryAfterSeconds: number | null, sentAt: number): void {
    const now = this.options.now();
    this.consecutiveThrottles += 1;
    this.lastThrottleAt = now;
    // React once per round trip: answers to requests sent before the last decrease are old news.
    if (sentAt >= this.lastDecreaseAt) {
      this.rate = Math.max(this.options.minWritesPerSecond, this.rate * this.options.decreaseFactor);
      this.bucket.setRate(this.rate, now);
      // The service's bucket was emptier than ours assumed (shared quota, or a smaller one): stop bursting.
      this.bucket.setCapacity(this.options.batchSize * 2, now);
      this.lastDecreaseAt = now;
    }
    this.bucket.drain(now);
    const waitMs = retryAfterSeconds !== null ? Math.ceil(retryAfterSeconds * 1000) : this.backoffMs(this.consecutiveThrottles);
    this.holdUntil = Math.max(this.holdUntil, now + waitMs);
  }

  /** A non-throttling answer (e.g. 503) named a Retry-After: no new request before it. */
  noteRetryAfter(seconds: number): void {
    this.holdUntil = Math.max(this.holdUntil, this.options.now() + seconds * 1000);
  }

  /** A batch had accepted writes and no throttled one. */
  noteSuccess(now: number): void {
    this.consecutiveThrottles = 0;
    const { writesPerSecond, increaseAfterMs, burst } = this.options;
    if (this.rate >= writesPerSecond && this.bucket.capacity >= burst) return;
    if (now - this.lastThrottleAt < increaseAfterMs || now - this.lastIncreaseAt < increaseAfterMs) return;
    // Additive increase of the pace; the burst grows back (doubling) only once the pace is restored.
    if (this.rate < writesPerSecond) this.rate = Math.min(writesPerSecond, this.rate + writesPerSecond / 10);
    else this.bucket.setCapacity(Math.min(burst, this.bucket.capacity * 2), now);
    this.bucket.setRate(this.rate, now);
    this.lastIncreaseAt = now;
  }

  /** Full-jitter exponential backoff: spreads resends so writes failed together do not come back together. */
  backoffMs(failures: number): number {
    const { baseMs, capMs } = this.options.backoff;
    return Math.floor(this.options.random() * Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1)));
  }

  state(now: number): PaceState {
    return {
      waitingUntil: this.holdUntil > now ? this.holdUntil : null,
      writesPerSecond: this.rate,
      concurrency: this.concurrencyLimit(now),
      throttledResponses: this.throttledResponses,
    };
  }
}
