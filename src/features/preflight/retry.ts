import { abortReason, sleep, type Sleep } from "../../domain/sleep";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";

/** Reads only: a repeated GET does no harm, so throttling, 5xx and lost answers are all retried. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500 || status === 0;
}

export function isTransientError(error: unknown): boolean {
  if (error instanceof GraphError) return isTransientStatus(error.status);
  if (error instanceof GraphNetworkError) return error.reason !== "aborted";
  return false;
}

export interface BackoffOptions {
  /** First wait when the service gave no Retry-After (doubles each attempt). */
  baseDelayMs?: number;
  /** Longest computed backoff. */
  maxDelayMs?: number;
  /** Longest Retry-After we honour; a larger value is cut to this so a run never hangs for long. */
  maxRetryAfterMs?: number;
  /** 0–1; tests pass a constant. */
  random?: () => number;
}

const DEFAULTS = { baseDelayMs: 1_000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 } as const;

/**
 * Wait before attempt `attempt + 1` (attempt counts from 1). Retry-After (seconds) wins when the
 * service sent one; otherwise capped exponential backoff with jitter so parallel batches spread out.
 */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | null, options: BackoffOptions = {}): number {
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
  if (retryAfterSeconds !== null && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0) {
    return Math.min(Math.ceil(retryAfterSeconds * 1000), maxRetryAfterMs);
  }
  const base = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const exponential = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const random = options.random ?? Math.random;
  return Math.round(exponential * (0.5 + random() * 0.5));
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (error instanceof GraphNetworkError) return error.reason === "aborted";
  return error instanceof DOMException && error.name === "AbortError";
}

export interface RetryOptions extends BackoffOptions {
  signal?: AbortSignal;
  /** Total attempts including the first (default 5). */
  maxAttempts?: number;
  sleep?: Sleep;
}

/** Runs a read, repeating it on transient failures; the last error is thrown when attempts run out. */
export async function withRetry<T>(run: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt += 1) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    try {
      return await run(attempt);
    } catch (error) {
      if (isAbort(error, options.signal) || !isTransientError(error) || attempt >= maxAttempts) throw error;
      const retryAfter = error instanceof GraphError ? error.retryAfter : null;
      await wait(retryDelayMs(attempt, retryAfter, options), options.signal);
    }
  }
}
