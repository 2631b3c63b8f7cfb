import { passVault, type PassVault } from "../../lib/tap/pass-vault";
import type { LearnedPolicy } from "../../lib/tap/run-types";
import type { WriterOptions } from "./paced-batch-writer";
import { realSleep, type Sleep } from "./sleep";

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

export interface IssuanceSettings extends WriterOptions {
  vault: PassVault;
  cleanupSkewMs: number;
  notifyIntervalMs: number;
  rateWindowMs: number;
}

export function settingsFrom(options: IssuanceOptions): IssuanceSettings {
  const settings: IssuanceSettings = {
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
