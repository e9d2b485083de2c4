// What the relays of a deployment must share beyond the store: rate-limit windows, the count of
// open event streams per visitor and per address, and word of a visitor's revoked tokens. One
// process keeps them in memory (createLocalCluster); with REDIS_URL they live in Redis
// (redis-cluster.ts), so N relays allow what one relay allows, not N times as much.
import type { StreamLimit } from '../realtime/sse-hub';
import { createRateLimiter, type MemoryRateLimiter, type RateLimiter } from '../http/rate-limit';

export interface StreamSlot {
  /** Gives the slot back (idempotent). */
  release(): void;
}

export interface Cluster {
  /** A limiter of `limit` hits per `windowMs` for each key, counted across every relay; `name` keeps limiters apart. */
  limiter(name: string, limit: number, windowMs: number): RateLimiter;
  /**
   * Takes a slot for one more event stream of this visitor from this address, under the
   * per-visitor and per-address caps counted across relays; or names the cap that refuses it.
   * A single process leaves the caps to its SseHub and always grants.
   */
  openStream(visitorId: string, address: string): Promise<StreamSlot | StreamLimit>;
  /** Tells every relay (this one included) that a visitor's tokens were revoked. */
  revoke(visitorId: string): Promise<void>;
  /** Registers what to do when any relay revokes a visitor (end its streams here). */
  onRevoked(fn: (visitorId: string) => void): void;
  /** Starts background upkeep (unref'd timers). */
  start(): void;
  stop(): void;
  /** Lets go of connections. */
  close(): Promise<void>;
}

const GRANTED: StreamSlot = { release: () => undefined };

export function createLocalCluster(now: () => number = Date.now): Cluster {
  const limiters: MemoryRateLimiter[] = [];
  const revoked: ((visitorId: string) => void)[] = [];
  let started = false;
  return {
    limiter(_name, limit, windowMs) {
      const limiter = createRateLimiter({ limit, windowMs, now });
      limiters.push(limiter);
      if (started) limiter.start();
      return limiter;
    },
    openStream: async () => GRANTED,
    async revoke(visitorId) {
      for (const fn of revoked) fn(visitorId);
    },
    onRevoked: (fn) => void revoked.push(fn),
    start() {
      started = true;
      for (const l of limiters) l.start();
    },
    stop() {
      started = false;
      for (const l of limiters) l.stop();
    },
    close: async () => undefined,
  };
}
