/**
 * Requests counted per client in fixed one-minute windows (pure: the clock is passed in). A
 * client over its limit is told how many seconds remain in its window (Retry-After).
 */

export interface Limit {
  /** Requests allowed per window. */
  max: number;
  /** Window length, ms. */
  windowMs: number;
}

export type Decision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /**
   * `maxClients`: windows kept at most (each is a few dozen bytes); past it, ended windows are
   * dropped first, then the oldest.
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxClients = 10_000,
  ) {}

  /** Counts one request of `client` against `limit` (a refused request is not counted). */
  take(client: string, limit: Limit): Decision {
    const t = this.now();
    let w = this.windows.get(client);
    if (!w || t - w.start >= limit.windowMs) {
      this.windows.delete(client);
      w = { start: t, count: 0 };
      this.windows.set(client, w);
      this.trim(t, limit.windowMs);
    }
    if (w.count >= limit.max) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + limit.windowMs - t) / 1000)) };
    w.count++;
    return { ok: true, remaining: limit.max - w.count };
  }

  private trim(t: number, windowMs: number): void {
    if (this.windows.size <= this.maxClients) return;
    for (const [k, w] of this.windows) if (t - w.start >= windowMs) this.windows.delete(k);
    for (const k of this.windows.keys()) {
      if (this.windows.size <= this.maxClients) break;
      this.windows.delete(k);
    }
  }
}
