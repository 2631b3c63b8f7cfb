import { describe, expect, it } from "vitest";
import { Pacer, type PacingOptions } from "./pacing";

function setup(overrides: Partial<PacingOptions> = {}) {
  const clock = { now: 1_000_000 };
  const pacer = new Pacer({
    batchSize: 20,
    minBatchSize: 5,
    initialInFlight: 60,
    maxInFlight: 120,
    writesPerSecond: 20,
    burst: 3000,
    minWritesPerSecond: 2,
    decreaseFactor: 0.7,
    backoff: { baseMs: 1000, capMs: 30_000 },
    increaseAfterMs: 3000,
    now: () => clock.now,
    random: () => 0.5,
    ...overrides,
  });
  return { clock, pacer };
}

/** How many writes may start back to back right now (spends them). */
function spendAll(pacer: Pacer, now: number): number {
  let count = 0;
  while (pacer.msUntilWrites(1, now) === 0 && count < 10_000) {
    pacer.takeWrites(1, now);
    count += 1;
  }
  return count;
}

function accept(pacer: Pacer, count: number): void {
  for (let index = 0; index < count; index += 1) pacer.noteAccepted();
}

describe("Pacer: how many writes go at once", () => {
  it("starts with the initial number of writes before any latency is known", () => {
    expect(setup().pacer.inFlightLimit(0)).toBe(60);
    expect(setup({ maxInFlight: 40 }).pacer.inFlightLimit(0)).toBe(40);
  });

  it("while spending the burst, widens only as far as the service has shown it can take, never below 60 nor above 120 writes", () => {
    const { pacer, clock } = setup();
    pacer.takeWrites(1, clock.now);
    pacer.noteLatency(500);
    expect(pacer.inFlightLimit(clock.now)).toBe(60);
    accept(pacer, 300); // 300 shown, a tenth of the documented 3000: a window of 30
    expect(pacer.inFlightLimit(clock.now)).toBe(60);
    accept(pacer, 200); // 500 shown: 500 × 500 / 3000 = 83.3
    expect(pacer.inFlightLimit(clock.now)).toBe(83);
    // 5 s later, 100 of those 500 are what the service's refill (20/s) explains: 400 shown, a window of 53.
    expect(pacer.inFlightLimit(clock.now + 5000)).toBe(60);
    accept(pacer, 100); // 600 shown at once: 120
    expect(pacer.inFlightLimit(clock.now)).toBe(120);
    accept(pacer, 5000);
    expect(pacer.inFlightLimit(clock.now)).toBe(120);
  });

  it("keeps at least twice the refill in flight when Graph is slow, so the run still shows the burst", () => {
    const { pacer, clock } = setup();
    pacer.takeWrites(1, clock.now);
    pacer.noteLatency(2000); // 20/s × 2 s × 2 = 80 writes, above the initial 60
    expect(pacer.inFlightLimit(clock.now)).toBe(80);
  });

  it("at the steady pace keeps just enough writes in flight to use it at the measured latency, in whole batches", () => {
    const { pacer, clock } = setup({ burst: 100 });
    accept(pacer, 5000);
    pacer.noteLatency(2000);
    // Less than the widest window of quota left: 20 writes/s × 2 s = 40 writes = 2 batches.
    expect(pacer.inFlightLimit(clock.now)).toBe(40);
    pacer.noteLatency(7000); // average now 0.8 × 2000 + 0.2 × 7000 = 3000 ms → 60 writes
    expect(pacer.inFlightLimit(clock.now)).toBe(60);
    pacer.noteLatency(3100); // 3020 ms → 60.4 writes → 4 batches
    expect(pacer.inFlightLimit(clock.now)).toBe(80);
  });

  it("while spending the burst, spreads a narrow window over eight batches of at least 5 writes, and a wide one over full batches", () => {
    const { pacer, clock } = setup();
    expect(pacer.batchSizeFor(3, clock.now)).toBe(3);
    expect(pacer.batchSizeFor(20, clock.now)).toBe(5);
    expect(pacer.batchSizeFor(40, clock.now)).toBe(5);
    expect(pacer.batchSizeFor(41, clock.now)).toBe(6);
    expect(pacer.batchSizeFor(80, clock.now)).toBe(10);
    expect(pacer.batchSizeFor(160, clock.now)).toBe(20);
    expect(pacer.batchSizeFor(1000, clock.now)).toBe(20);
  });

  it("at the steady pace sends full batches: the quota, not the answers, sets the speed", () => {
    const { pacer, clock } = setup({ burst: 100 });
    pacer.takeWrites(100, clock.now);
    expect(pacer.batchSizeFor(20, clock.now)).toBe(20);
    expect(pacer.batchSizeFor(40, clock.now)).toBe(20);
  });
});

describe("Pacer: the write quota", () => {
  it("lets the burst go at once, then the steady pace", () => {
    const { pacer, clock } = setup({ burst: 100 });
    expect(spendAll(pacer, clock.now)).toBe(100);
    expect(pacer.msUntilWrites(20, clock.now)).toBe(1000);
    expect(spendAll(pacer, clock.now + 1000)).toBe(20);
  });
});

describe("Pacer: after a 429", () => {
  it("waits the Retry-After and lowers the pace", () => {
    const { pacer, clock } = setup();
    pacer.noteThrottle(7, clock.now);
    expect(pacer.waitUntil).toBe(clock.now + 7000);
    expect(pacer.state(clock.now)).toMatchObject({ waitingUntil: clock.now + 7000, writesPerSecond: 14 });
    expect(pacer.state(clock.now + 7000).waitingUntil).toBeNull();
  });

  it("stops bursting: however long the wait, at most two batches may start at once, then the lowered pace", () => {
    const { pacer, clock } = setup();
    pacer.noteThrottle(30, clock.now);
    // 60 s at 14 writes/s would refill 840 writes into a 3000-write burst; two batches are allowed.
    const later = clock.now + 60_000;
    expect(spendAll(pacer, later)).toBe(40);
    expect(pacer.msUntilWrites(14, later)).toBe(1000);
  });

  it("drains the quota: nothing starts until the pace has refilled it", () => {
    const { pacer, clock } = setup();
    pacer.noteThrottle(0, clock.now);
    expect(pacer.msUntilWrites(1, clock.now)).toBeGreaterThan(0);
    expect(pacer.msUntilWrites(7, clock.now)).toBe(500);
  });

  it("lowers the pace once per round trip: answers to requests sent before the last decrease are old news", () => {
    const { pacer, clock } = setup();
    const sentAt = clock.now;
    clock.now += 500;
    pacer.noteThrottle(1, sentAt);
    pacer.noteThrottle(1, sentAt);
    expect(pacer.state(clock.now).writesPerSecond).toBe(14);
    pacer.noteThrottle(1, clock.now);
    expect(pacer.state(clock.now).writesPerSecond).toBeCloseTo(9.8);
  });

  it("never goes below the floor", () => {
    const { pacer, clock } = setup();
    for (let round = 0; round < 20; round += 1) {
      clock.now += 1000;
      pacer.noteThrottle(1, clock.now);
    }
    expect(pacer.state(clock.now).writesPerSecond).toBe(2);
  });

  it("without a readable Retry-After, waits a jittered backoff that doubles with each throttle in a row", () => {
    const { pacer, clock } = setup();
    pacer.noteThrottle(null, clock.now);
    expect(pacer.waitUntil).toBe(clock.now + 500); // random 0.5 × 1 s
    clock.now += 500;
    pacer.noteThrottle(null, clock.now);
    expect(pacer.waitUntil).toBe(clock.now + 1000); // random 0.5 × 2 s
    pacer.noteSuccess(clock.now); // a success ends the series
    clock.now += 2000;
    pacer.noteThrottle(null, clock.now);
    expect(pacer.waitUntil).toBe(clock.now + 500);
  });

  it("keeps the longest wait asked for", () => {
    const { pacer, clock } = setup();
    pacer.noteThrottle(10, clock.now);
    pacer.noteThrottle(2, clock.now);
    expect(pacer.waitUntil).toBe(clock.now + 10_000);
  });
});

describe("Pacer: other waits and recovery", () => {
  it("honours a Retry-After on a non-throttling answer without lowering the pace", () => {
    const { pacer, clock } = setup();
    pacer.noteRetryAfter(12);
    expect(pacer.state(clock.now)).toMatchObject({ waitingUntil: clock.now + 12_000, writesPerSecond: 20 });
  });

  it("raises the pace step by step after throttle-free time, then lets the burst grow back", () => {
    const { pacer, clock } = setup({ burst: 160 });
    pacer.noteThrottle(1, clock.now);
    pacer.noteSuccess(clock.now + 1000);
    expect(pacer.state(clock.now).writesPerSecond).toBe(14);
    const paces: number[] = [];
    for (let step = 1; step <= 4; step += 1) {
      pacer.noteSuccess(clock.now + step * 3000);
      paces.push(pacer.state(clock.now + step * 3000).writesPerSecond);
    }
    expect(paces).toEqual([16, 18, 20, 20]);
    // The fourth step doubled the burst from two batches to four.
    expect(spendAll(pacer, clock.now + 120_000)).toBe(80);
  });

  it("caps the backoff", () => {
    const { pacer } = setup({ random: () => 0.999, backoff: { baseMs: 1000, capMs: 8000 } });
    expect(pacer.backoffMs(1)).toBe(999);
    expect(pacer.backoffMs(10)).toBe(7992);
  });

  it("counts throttled answers for the progress display", () => {
    const { pacer, clock } = setup();
    pacer.countThrottled();
    pacer.countThrottled(2);
    expect(pacer.state(clock.now).throttledResponses).toBe(3);
  });
});
