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
    // While few writes may fly they go 5 to a batch (see Pacer.batchSizeFor): a batch waits for its
    // slowest write, so small ones answer sooner and the same writes in flight issue faster.
    minBatchSize: overrides.minBatchSize ?? 5,
    // 35 writes before the service has shown any of its burst, then as many as it has shown (S) times
    // the share of the documented burst they make up (see Pacer.inFlightLimit). When its bucket is far
    // below the documented burst (other clients spent it), the writes in flight as it runs dry come
    // back 429: about half of those 35. Fewer would need a slower start, which every unthrottled run
    // would pay (see issuance-run.pacing.test.ts and README Performance).
    initialInFlight: overrides.initialInFlight ?? 35,
    // Over HTTP/2 (Graph's) batches share one connection; 400 writes in flight spend a burst fast.
    maxInFlight: overrides.maxInFlight ?? 400,
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
  if (!Number.isInteger(options.minBatchSize) || options.minBatchSize < 1 || options.minBatchSize > options.batchSize) {
    throw new RangeError("minBatchSize must be an integer from 1 to batchSize.");
  }
  if (options.maxInFlight < 1 || options.initialInFlight < 1) throw new RangeError("Writes in flight must be at least 1.");
  if (!(options.writesPerSecond > 0) || options.burst < options.batchSize) {
    throw new RangeError("writesPerSecond must be positive and burst at least one batch.");
  }
  if (options.maxAttempts < 1 || options.maxThrottledAttempts < 1) throw new RangeError("Attempts must be at least 1.");
  return options;
}
