// In-memory fixed-window rate limits (per IP, per visitor, sessions per IP). Memory stays
// bounded: expired windows are swept periodically and the key count is capped.
import type { Request, RequestHandler, Response } from 'express';
import { tooMany } from '../errors';

export interface RateLimiter {
  /** Counts one hit; returns 0 when allowed, else the seconds until the window resets. */
  hit(key: string): number;
  /** Drops expired windows. */
  sweep(): void;
  /** Starts the periodic sweep (an unref'd timer, so it never keeps the process alive). */
  start(): void;
  stop(): void;
  readonly size: number;
}

export interface RateLimiterOptions {
  limit: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}

export function createRateLimiter({ limit, windowMs, maxKeys = 100_000, now = Date.now }: RateLimiterOptions): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let timer: NodeJS.Timeout | undefined;

  const limiter: RateLimiter = {
    hit(key) {
      const t = now();
      let w = windows.get(key);
      if (!w || w.resetAt <= t) {
        if (w) windows.delete(key);
        if (windows.size >= maxKeys) evict(t);
        w = { count: 0, resetAt: t + windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      return w.count > limit ? Math.max(1, Math.ceil((w.resetAt - t) / 1000)) : 0;
    },
    sweep() {
      const t = now();
      for (const [key, w] of windows) if (w.resetAt <= t) windows.delete(key);
    },
    start() {
      if (timer) return;
      timer = setInterval(() => limiter.sweep(), windowMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    get size() {
      return windows.size;
    },
  };

  // Under a flood of distinct keys: drop expired windows, then the oldest ones (Map keeps
  // insertion order), so memory has a hard ceiling.
  function evict(t: number) {
    for (const [key, w] of windows) if (w.resetAt <= t) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  }
  return limiter;
}

/** Express middleware: 429 RATE_LIMITED with Retry-After when `keyOf` has used its window. */
export function rateLimit(limiter: RateLimiter, keyOf: (req: Request, res: Response) => string | undefined): RequestHandler {
  return (req, res, next) => {
    const key = keyOf(req, res);
    const retryAfter = key === undefined ? 0 : limiter.hit(key);
    if (retryAfter === 0) return next();
    res.setHeader('Retry-After', String(retryAfter));
    next(tooMany());
  };
}
