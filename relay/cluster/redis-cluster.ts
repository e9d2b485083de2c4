// The cluster's shared limits and revocations in Redis (see cluster.ts): fixed rate-limit
// windows as counters with an expiry, open streams as sorted sets per visitor and per address
// whose members name the relay holding them (a relay that dies stops refreshing its liveness
// key, and its streams stop counting), and revocations on one pub/sub channel every relay
// listens to. Its own two connections, so a slow store command never holds up a limit check.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { RateLimiter } from '../http/rate-limit';
import type { StreamLimit } from '../realtime/sse-hub';
import type { Cluster, StreamSlot } from './cluster';
import { RATE_HIT, RATE_PEEK, STREAM_OPEN } from './redis-cluster-scripts';

export interface RedisClusterOptions {
  url: string;
  prefix: string;
  streamsPerVisitor: number;
  streamsPerAddress: number;
  /** Streams end by this age, so a slot whose release was lost stops counting after it. */
  streamMaxAgeMs: number;
  /** How long a relay that stops saying it is alive still counts as alive; RELAY_ALIVE_TTL_MS by default. */
  aliveTtlMs?: number;
  log?: Logger;
  now?: () => number;
}

/** A relay that has not said it is alive for this long is taken for dead. */
export const RELAY_ALIVE_TTL_MS = 30_000;

/** Slack past the maximum age before a stream's slot lapses by itself. */
const SLOT_GRACE_MS = 60_000;

type Scripted = Redis & {
  rateHit(key: string, windowMs: number): Promise<[number, number]>;
  ratePeek(key: string): Promise<[number, number]>;
  streamOpen(...args: (string | number)[]): Promise<'ok' | StreamLimit>;
};

export async function createRedisCluster(options: RedisClusterOptions): Promise<Cluster> {
  const { prefix, log, now = Date.now, aliveTtlMs = RELAY_ALIVE_TTL_MS } = options;
  // Fail at once while Redis is away, as the store does (see store/redis.ts).
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: false }) as Scripted;
  const sub = redis.duplicate({ enableOfflineQueue: true });
  for (const [name, conn] of [['cluster', redis], ['cluster subscriber', sub]] as const) {
    conn.on('error', (err: Error) => log?.warn({ connection: name, code: (err as { code?: string }).code, err: err.message }, 'redis connection error'));
  }
  const channel = `${prefix}revoked`;
  try {
    await Promise.all([redis.connect(), sub.connect()]);
    await sub.subscribe(channel);
  } catch (err) {
    redis.disconnect();
    sub.disconnect();
    throw err;
  }
  redis.defineCommand('rateHit', { numberOfKeys: 1, lua: RATE_HIT });
  redis.defineCommand('ratePeek', { numberOfKeys: 1, lua: RATE_PEEK });
  redis.defineCommand('streamOpen', { numberOfKeys: 3, lua: STREAM_OPEN });

  const relayId = randomBytes(9).toString('base64url');
  const aliveKey = `${prefix}relay:${relayId}`;
  const revoked: ((visitorId: string) => void)[] = [];
  sub.on('message', (from: string, visitorId: string) => {
    if (from === channel) for (const fn of revoked) fn(visitorId);
  });

  let streamCount = 0;
  /** Releases Redis did not take (it was away): sent again with the next liveness beat. */
  const unreleased = new Map<string, () => Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const releaseNow = (member: string, send: () => Promise<unknown>) =>
    track(send().then(
      () => unreleased.delete(member),
      () => unreleased.set(member, send),
    ));
  const beat = () => {
    track(redis.set(aliveKey, '1', 'PX', aliveTtlMs).catch(() => undefined));
    for (const [member, send] of unreleased) releaseNow(member, send);
  };
  let timer: NodeJS.Timeout | undefined;

  const windowKey = (name: string, key: string) => `${prefix}rl:${name}:${key}`;
  const retryAfter = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs / 1000));

  return {
    limiter(name, limit, windowMs): RateLimiter {
      return {
        async hit(key) {
          const [count, ttl] = await redis.rateHit(windowKey(name, key), windowMs);
          return count > limit ? retryAfter(ttl) : 0;
        },
        async peek(key) {
          const [count, ttl] = await redis.ratePeek(windowKey(name, key));
          return count >= limit ? retryAfter(ttl) : 0;
        },
      };
    },

    async openStream(visitorId, address) {
      const member = `${relayId}/${++streamCount}`;
      const keys = [`${prefix}streams:v:${visitorId}`, `${prefix}streams:a:${address}`];
      const t = now();
      const keepMs = options.streamMaxAgeMs + SLOT_GRACE_MS;
      const answer = await redis.streamOpen(
        keys[0]!, keys[1]!, aliveKey,
        member, t, t + keepMs, options.streamsPerVisitor, options.streamsPerAddress, `${prefix}relay:`, keepMs, aliveTtlMs,
      );
      if (answer !== 'ok') return answer;
      let released = false;
      const slot: StreamSlot = {
        release() {
          if (released) return;
          released = true;
          releaseNow(member, () => redis.multi().zrem(keys[0]!, member).zrem(keys[1]!, member).exec());
        },
      };
      return slot;
    },

    async revoke(visitorId) {
      for (const fn of revoked) fn(visitorId); // at once here; the others hear it over pub/sub
      await redis.publish(channel, visitorId);
    },
    onRevoked: (fn) => void revoked.push(fn),

    start() {
      if (timer) return;
      beat();
      timer = setInterval(beat, aliveTtlMs / 3);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    async close() {
      clearInterval(timer);
      timer = undefined;
      await Promise.allSettled([...inFlight]);
      await redis.del(aliveKey).catch(() => undefined);
      await Promise.all([redis, sub].map((conn) => (conn.status === 'end' ? undefined : conn.quit().catch(() => conn.disconnect()))));
    },
  };
}
