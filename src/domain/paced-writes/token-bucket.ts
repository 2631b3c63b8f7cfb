/**
 * Client-side mirror of Entra's write quota (a token bucket: documented 3000 writes per 150 s per
 * app and tenant, i.e. 20/s with a burst of 3000). One token per write. Times are in milliseconds.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private rate: number;
  private size: number;

  constructor(init: { capacity: number; perSecond: number; now: number; initialTokens?: number }) {
    if (!(init.capacity >= 1) || !(init.perSecond > 0)) throw new RangeError("A token bucket needs capacity ≥ 1 and a positive rate.");
    this.size = init.capacity;
    this.rate = init.perSecond;
    this.tokens = Math.min(init.capacity, init.initialTokens ?? init.capacity);
    this.last = init.now;
  }

  get capacity(): number {
    return this.size;
  }

  /** Shrinks or grows the burst; tokens above a smaller capacity are dropped. */
  setCapacity(capacity: number, now: number): void {
    this.refill(now);
    this.size = Math.max(1, capacity);
    this.tokens = Math.min(this.tokens, this.size);
  }

  get perSecond(): number {
    return this.rate;
  }

  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Milliseconds until `count` tokens are available (0 when they already are). */
  msUntil(count: number, now: number): number {
    this.refill(now);
    const wanted = Math.min(count, this.capacity);
    if (this.tokens + 1e-9 >= wanted) return 0;
    return Math.ceil(((wanted - this.tokens) / this.rate) * 1000);
  }

  /** Takes tokens that `msUntil` said are there. */
  take(count: number, now: number): void {
    this.refill(now);
    if (this.tokens + 1e-9 < count) throw new RangeError(`Only ${this.tokens.toFixed(3)} tokens left, wanted ${count}.`);
    this.tokens = Math.max(0, this.tokens - count);
  }

  setRate(perSecond: number, now: number): void {
    this.refill(now);
    this.rate = perSecond;
  }

  /** The service said its bucket is empty (429): ours is too. */
  drain(now: number): void {
    this.refill(now);
    this.tokens = 0;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.size, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
    }
  }
}
