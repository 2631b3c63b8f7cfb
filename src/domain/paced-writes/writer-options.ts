import { sleep as realSleep } from "../sleep";
import type { WriterOptions } from "./paced-batch-writer";

/**
 * The writer's settings for Entra's documented write quota (3000 writes per 150 s per app and
 * tenant = 20/s, with a burst). Every kind of paced write (issue, remove) starts from these, so
 * they share one tuning; tests override what they need.
 */
export function writerOptions(overrides: Partial<WriterOptions> = {}): WriterOptions {
  const options: WriterOptions = {
    batchSize: overrides.batchSize ?? 20,
    // Two batches before any write is vouched for, then in flight ≤ 20 % of the writes accepted. When
    // the service's bucket is far below the documented burst (other clients spent it), the writes in
    // flight as it runs dry come back 429: ~40 of them at a 300 burst (1.4 % of 2,000). Fewer would
    // need a slower ramp, which every unthrottled run would pay (see issuance-run.pacing.test.ts).
    initialConcurrency: overrides.initialConcurrency ?? 2,
    // Over HTTP/2 (Graph's) batches share one connection; 10 × 20 writes in flight spend a burst fast.
    maxConcurrentBatches: overrides.maxConcurrentBatches ?? 10,
    inFlightShareOfAccepted: overrides.inFlightShareOfAccepted ?? 0.2,
    writesPerSecond: overrides.writesPerSecond ?? 20,
    burst: overrides.burst ?? 3000,
    minWritesPerSecond: overrides.minWritesPerSecond ?? 2,
    decreaseFactor: overrides.decreaseFactor ?? 0.7,
    maxAttempts: overrides.maxAttempts ?? 6,
    maxThrottledAttempts: overrides.maxThrottledAttempts ?? 20,
    backoff: overrides.backoff ?? { baseMs: 1000, capMs: 30_000 },
    increaseAfterMs: overrides.increaseAfterMs ?? 3_000,
    batchTimeoutMs: overrides.batchTimeoutMs ?? 90_000,
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? realSleep,
    random: overrides.random ?? Math.random,
  };
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 20) {
    throw new RangeError("batchSize must be an integer from 1 to 20.");
  }
  if (options.maxConcurrentBatches < 1 || options.initialConcurrency < 1) {
    throw new RangeError("Concurrency must be at least 1.");
  }
  if (!(options.writesPerSecond > 0) || options.burst < options.batchSize) {
    throw new RangeError("writesPerSecond must be positive and burst at least one batch.");
  }
  if (options.maxAttempts < 1 || options.maxThrottledAttempts < 1) throw new RangeError("Attempts must be at least 1.");
  return options;
}
