/**
 * Waits `ms`; when `signal` aborts first, rejects at once with the signal's reason (an AbortError
 * DOMException unless the aborter gave one). This is how the platform's own waits behave (fetch,
 * scheduler.wait), and it means no caller can carry on as if the time had passed after a cancel.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The error an aborted wait rejects with. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("Cancelled.", "AbortError");
}

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
