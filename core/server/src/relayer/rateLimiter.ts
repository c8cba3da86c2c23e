/**
 * Requests per minute per key (a signer, a client address), as a token bucket: `perMinute` tokens, refilled
 * continuously, so a client may burst up to its limit and then keeps the average. In memory: a restart forgives.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly ratePerMs: number;

  constructor(private readonly perMinute: number) {
    this.ratePerMs = perMinute / 60_000;
  }

  /** Takes a token for `key`; returns 0 if allowed, else the seconds until a token is back. */
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.ratePerMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    if (this.buckets.size > 100_000) this.sweep(now);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerMs / 1_000));
  }

  /** Forgets full buckets, so the map holds only recently active keys. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.ratePerMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}
