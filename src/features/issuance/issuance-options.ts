import { passVault, type PassVault } from "../../lib/tap/pass-vault";
import type { LearnedPolicy } from "../../lib/tap/run-types";
import type { WriterOptions } from "../../domain/paced-writes/paced-batch-writer";
import type { Sleep } from "../../domain/sleep";
import { writerOptions } from "../../domain/paced-writes/writer-options";

export interface IssuanceOptions {
  /** Where issued values go; defaults to the app's single vault. */
  vault?: PassVault;
  /** Most creates per $batch (≤ 20). */
  batchSize?: number;
  /** Fewest creates per $batch while the creates in flight are spread over several batches. */
  minBatchSize?: number;
  /** Creates in flight before any answer is known. */
  initialInFlight?: number;
  /** Upper bound for creates in flight. */
  maxInFlight?: number;
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
  const { vault, cleanupSkewMs, notifyIntervalMs, rateWindowMs, learned: _learned, ...writer } = options;
  return {
    ...writerOptions(writer),
    vault: vault ?? passVault,
    cleanupSkewMs: cleanupSkewMs ?? 5 * 60_000,
    notifyIntervalMs: notifyIntervalMs ?? 100,
    rateWindowMs: rateWindowMs ?? 15_000,
  };
}
