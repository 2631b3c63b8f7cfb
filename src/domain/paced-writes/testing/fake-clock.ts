/**
 * A manual clock for tests: `sleep` registers a timer that fires only when the test advances time.
 * `runUntilSettled` alternates "let every pending promise run" with "jump to the next timer", so a
 * whole run completes instantly and deterministically, and a run that waits for nothing fails loudly.
 * Its sleep aborts like the real one (src/domain/sleep.ts): it rejects with the signal's reason.
 */
import { abortReason } from "../../sleep";

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export class FakeClock {
  private time: number;
  private timers: Timer[] = [];
  private seq = 0;

  constructor(start = Date.parse("2026-01-05T09:00:00Z")) {
    this.time = start;
  }

  now = (): number => this.time;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fire: resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        "abort",
        () => {
          this.timers = this.timers.filter((candidate) => candidate !== timer);
          reject(abortReason(signal));
        },
        { once: true },
      );
    });

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves to the earliest timer and fires every timer due then. False when none is pending. */
  advanceToNextTimer(): boolean {
    if (this.timers.length === 0) return false;
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = this.timers[0]!.at;
    this.time = Math.max(this.time, next);
    const due = this.timers.filter((timer) => timer.at <= this.time);
    this.timers = this.timers.filter((timer) => timer.at > this.time);
    for (const timer of due) timer.fire();
    return true;
  }

  /** Advances by `ms`, firing timers in order on the way. */
  async advanceBy(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flushPromises();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.advanceToNextTimer();
    }
    this.time = target;
    await flushPromises();
  }

  async runUntilSettled<T>(promise: Promise<T>, maxSteps = 1_000_000): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let step = 0; step < maxSteps; step += 1) {
      await flushPromises();
      if (settled) return promise;
      if (!this.advanceToNextTimer()) throw new Error("Deadlock: the promise is pending and no timer is scheduled.");
    }
    throw new Error(`Still pending after ${maxSteps} timer steps.`);
  }
}

/** Lets every queued promise continuation run (microtasks drain before the next macrotask). */
export function flushPromises(): Promise<void> {
  // Tests run in Node; the app's tsconfig has no Node types, hence the narrow cast.
  const { setImmediate } = globalThis as unknown as { setImmediate: (callback: () => void) => void };
  return new Promise((resolve) => setImmediate(resolve));
}

/** Deterministic PRNG (mulberry32) for property-style tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Like the emulator's latency (e2e/tenant/knobs.ts sampleLatency): log-normal around `medianMs`. */
export function logNormalLatency(medianMs: number, spread: number, random: () => number): () => number {
  return () => {
    // Box–Muller: a standard normal from two uniforms.
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(medianMs * Math.exp(spread * normal)));
  };
}
