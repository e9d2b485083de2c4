// Fixed-window rate limits behind one small interface, so a shared implementation (Redis, for
// several relays) can take the in-memory one's place. The in-memory one is an LRU with a hard
// key cap: every hit is O(1), and a flood of new keys evicts the least recently used window,
// never a busy one.
import type { Request, RequestHandler, Response } from 'express';
import { tooMany } from '../errors';

export interface RateLimiter {
  /** Counts one hit on key; resolves to 0 when allowed, else the seconds until its window resets. */
  hit(key: string): Promise<number>;
  /** The same answer as hit would give, without counting anything. */
  peek(key: string): Promise<number>;
}

export interface MemoryRateLimiter extends RateLimiter {
  /** Drops windows that have ended (the least recently used first). */
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

interface Window {
  count: number;
  resetAt: number;
}

export function createRateLimiter({ limit, windowMs, maxKeys = 100_000, now = Date.now }: RateLimiterOptions): MemoryRateLimiter {
  // A Map iterates in insertion order; re-inserting on every hit keeps it in recency order,
  // so the first key is always the least recently used one.
  const windows = new Map<string, Window>();
  let timer: NodeJS.Timeout | undefined;

  const retryAfter = (w: Window, t: number) => Math.max(1, Math.ceil((w.resetAt - t) / 1000));
  const current = (key: string, t: number): Window | undefined => {
    const w = windows.get(key);
    return w && w.resetAt > t ? w : undefined;
  };

  function hitNow(key: string): number {
    const t = now();
    let w = current(key, t);
    windows.delete(key);
    if (!w) {
      if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
      w = { count: 0, resetAt: t + windowMs };
    }
    windows.set(key, w);
    w.count += 1;
    return w.count > limit ? retryAfter(w, t) : 0;
  }

  const limiter: MemoryRateLimiter = {
    hit: async (key) => hitNow(key),
    async peek(key) {
      const t = now();
      const w = current(key, t);
      return w && w.count >= limit ? retryAfter(w, t) : 0;
    },
    sweep() {
      const t = now();
      // In order of last use: stop at the first live window. Some used more recently may have
      // ended too; they go at their next hit or when evicted.
      for (const [key, w] of windows) {
        if (w.resetAt > t) break;
        windows.delete(key);
      }
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
  return limiter;
}

/** Express middleware: 429 RATE_LIMITED with Retry-After when `keyOf` has used its window. */
export function rateLimit(limiter: RateLimiter, keyOf: (req: Request, res: Response) => string | undefined): RequestHandler {
  return async (req, res, next) => {
    const key = keyOf(req, res);
    const retryAfter = key === undefined ? 0 : await limiter.hit(key);
    if (retryAfter === 0) return next();
    next(limited(res, retryAfter));
  };
}

/** Sets Retry-After and returns the 429 to throw or pass on. */
export function limited(res: Response, retryAfterS: number, message?: string) {
  res.setHeader('Retry-After', String(retryAfterS));
  return tooMany(message);
}
