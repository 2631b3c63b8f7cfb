import { describe, expect, it } from "vitest";
import { TokenBucket } from "./token-bucket";

describe("TokenBucket", () => {
  it("starts full, then refills at its rate up to capacity", () => {
    const bucket = new TokenBucket({ capacity: 40, perSecond: 20, now: 0 });
    bucket.take(40, 0);
    expect(bucket.available(0)).toBe(0);
    expect(bucket.available(500)).toBeCloseTo(10);
    expect(bucket.available(60_000)).toBe(40);
  });

  it("says how long until enough tokens are there", () => {
    const bucket = new TokenBucket({ capacity: 40, perSecond: 20, now: 0, initialTokens: 5 });
    expect(bucket.msUntil(5, 0)).toBe(0);
    expect(bucket.msUntil(20, 0)).toBe(750);
    expect(() => bucket.take(20, 0)).toThrow(RangeError);
    bucket.take(20, 750);
    expect(bucket.available(750)).toBeCloseTo(0);
  });

  it("never asks to wait for more than its capacity", () => {
    const bucket = new TokenBucket({ capacity: 10, perSecond: 10, now: 0, initialTokens: 0 });
    expect(bucket.msUntil(50, 0)).toBe(1000);
  });

  it("drains on demand and refills at a changed rate", () => {
    const bucket = new TokenBucket({ capacity: 100, perSecond: 20, now: 0 });
    bucket.drain(0);
    bucket.setRate(5, 0);
    expect(bucket.available(1000)).toBeCloseTo(5);
  });

  it("drops tokens above a smaller capacity and refills only up to it", () => {
    const bucket = new TokenBucket({ capacity: 3000, perSecond: 20, now: 0 });
    bucket.setCapacity(40, 0);
    expect(bucket.available(0)).toBe(40);
    bucket.take(40, 0);
    expect(bucket.available(10_000)).toBe(40);
  });
});
