import { TokenBucket } from "./token-bucket";

/*
 * How fast writes may go, in short:
 * - A token bucket mirrors Entra's write quota (1 token per write). A 429 drains it, lowers the pace
 *   (×0.7, once per round trip), stops bursting, and holds every new request until the longest
 *   Retry-After (or a jittered backoff when none is readable); throttle-free time raises the pace
 *   again step by step, then lets the burst grow back.
 * - Writes in flight: enough to keep the bucket drained at the measured latency, capped; while
 *   spending the burst, no more than the service has shown it can take (a burst smaller than
 *   documented then costs few 429s). They are spread over several batches while few may fly, so
 *   one slow write holds back only its own batch's answers.
 * Knows nothing of what is written: any kind of Graph write can be paced by it.
 */

/** While few writes may be in flight, they are spread over at least this many batches. */
const SPREAD_OVER_BATCHES = 8;

export interface PacingOptions {
  /** Most writes per $batch (≤ 20). */
  batchSize: number;
  /** Fewest writes per $batch while the writes in flight are spread over several batches. */
  minBatchSize: number;
  /** Writes in flight before any answer is known. */
  initialInFlight: number;
  /** Upper bound for writes in flight. */
  maxInFlight: number;
  /** Steady write pace; Entra documents 3000 writes per 150 s per app and tenant (= 20/s). */
  writesPerSecond: number;
  /** Writes that may go out at once before the steady pace applies (Entra documents 3000); also what the window of writes in flight is measured against. */
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
  /** Writes that may be in flight right now. */
  inFlight: number;
  /** 429 (and outer 424) answers seen so far. */
  throttledResponses: number;
}

export class Pacer {
  private readonly bucket: TokenBucket;
  private rate: number;
  private latencyEma: number | null = null;
  private acceptedWrites = 0;
  private firstWriteAt: number | null = null;
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
    if (this.firstWriteAt === null) this.firstWriteAt = now;
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

  /**
   * Writes the service has accepted beyond what its documented refill since the first write explains:
   * what it has shown of its burst.
   */
  private shownBurst(now: number): number {
    const elapsedSeconds = this.firstWriteAt === null ? 0 : (now - this.firstWriteAt) / 1000;
    return Math.max(0, this.acceptedWrites - this.options.writesPerSecond * elapsedSeconds);
  }

  /** Whether writes now spend the burst (documented or not), rather than go at the steady pace. */
  private spendingBurst(now: number): boolean {
    return this.bucket.available(now) >= this.options.maxInFlight;
  }

  /** How many writes may be in flight right now. */
  inFlightLimit(now: number): number {
    const { maxInFlight, initialInFlight, burst } = this.options;
    if (this.latencyEma === null) return Math.min(initialInFlight, maxInFlight);
    // With plenty of burst left, go wide — but only as wide as the service has shown it can take.
    // Its bucket may hold far less than the documented burst (other clients share it), and every
    // write in flight when it runs dry comes back 429. So the window is the writes shown (S) times
    // the share of the documented burst they make up (S / burst): 10 % of 300 shown, 50 % of 1,500.
    // A small bucket then costs few 429s, and a run with headroom still widens fast.
    if (this.spendingBurst(now)) {
      const shown = this.shownBurst(now);
      const vouched = Math.floor((shown * shown) / burst);
      // Slower than the refill, a run shows nothing of the burst (nor drains it): twice the refill at
      // the measured latency keeps the evidence growing when Graph is slow.
      const outpaceRefill = Math.ceil((2 * this.options.writesPerSecond * this.latencyEma) / 1000);
      return Math.min(maxInFlight, Math.max(initialInFlight, outpaceRefill, vouched));
    }
    // At the steady pace, keep enough in flight to use it, in whole full batches' worth.
    const { batchSize } = this.options;
    const needed = Math.ceil((this.rate * this.latencyEma) / 1000 / batchSize) * batchSize;
    return Math.min(maxInFlight, Math.max(1, needed));
  }

  /**
   * Writes per $batch when `limit` may be in flight. A batch answers only when its slowest write has,
   * so while a narrow window spends the burst its writes go in several smaller batches (answers, and
   * the evidence that widens the window, come back sooner). Wide, or at the steady pace (where the
   * quota, not the answers, sets the speed), batches are full: fewer requests.
   */
  batchSizeFor(limit: number, now: number): number {
    const { batchSize, minBatchSize } = this.options;
    const spread = this.spendingBurst(now) ? Math.max(minBatchSize, Math.ceil(limit / SPREAD_OVER_BATCHES)) : batchSize;
    return Math.max(1, Math.min(batchSize, spread, limit));
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
      inFlight: this.inFlightLimit(now),
      throttledResponses: this.throttledResponses,
    };
  }
}
