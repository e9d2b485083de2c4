// The scale-out store: state, outbox claims, the Kit token cache and its lock in Redis
// (ioredis), atomic steps as Lua scripts (redis-scripts.ts), fan-out over pub/sub so an
// entry appended by any relay reaches listeners on every relay. Commands issued during one
// turn of the event loop travel as one pipeline (ioredis auto-pipelining): one round trip
// per batch, the Redis counterpart of the SQLite store's group commit.
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { MailboxEntry, MessageEntry } from '../../protocol/relay-api';
import { clampAfter, clampLimit } from './bounds';
import { createRedisFanout } from './redis-fanout';
import { redisGuards } from './redis-guards';
import { createKitLock } from './redis-lock';
import { REDIS_SCRIPTS, withRetention, type RedisScriptName } from './redis-scripts';
import { visitorFromHash, visitorToFields } from './redis-visitor';
import type { KitTokens, NewMailboxEntry, OutboxItem, Store } from './types';

export interface RedisStoreOptions {
  url: string;
  /** Namespaces every key and channel, e.g. `relay:`. */
  prefix?: string;
  log?: Logger;
  now?: () => number;
  /** Every key of a visitor expires after this long without a write to the visitor; 0 keeps them. */
  retentionMs?: number;
}

type ScriptArg = string | number;
type ClaimRow = [string, string, string, string, string, string, string | null];

/** Entry JSON without a seq: the scripts put the seq in front. */
function entryJson(entry: NewMailboxEntry): string {
  const { seq: _ignored, ...rest } = entry as NewMailboxEntry & { seq?: unknown };
  return JSON.stringify(rest);
}

export async function createRedisStore(options: RedisStoreOptions): Promise<Store> {
  const prefix = options.prefix ?? 'relay:';
  const now = options.now ?? Date.now;
  const log = options.log;
  // While Redis is away a command fails at once (503 with Retry-After for the caller) rather
  // than waiting in a queue through reconnection attempts. The subscriber keeps its queue: a
  // subscription asked for meanwhile is made once Redis is back.
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true, enableOfflineQueue: false });
  const sub = redis.duplicate({ enableOfflineQueue: true });
  // Without a listener ioredis reports errors as unhandled; the message never holds the URL's password.
  for (const [name, conn] of [['commands', redis], ['subscriber', sub]] as const) {
    conn.on('error', (err: Error) => log?.warn({ connection: name, code: (err as { code?: string }).code, err: err.message }, 'redis connection error'));
  }
  try {
    await Promise.all([redis.connect(), sub.connect()]);
  } catch (err) {
    // Otherwise ioredis keeps reconnecting in the background of a relay that failed to start.
    redis.disconnect();
    sub.disconnect();
    throw err;
  }

  const retentionMs = options.retentionMs ?? 0;
  for (const [name, lua] of Object.entries(REDIS_SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 0, lua: withRetention(lua, retentionMs) });
  /** Visitors one storeRetryNow call looks at. */
  const RETRY_NOW_BATCH = 500;
  const run = <T>(name: RedisScriptName, ...args: ScriptArg[]): Promise<T> =>
    (redis as unknown as Record<RedisScriptName, (...a: ScriptArg[]) => Promise<T>>)[name](prefix, ...args);

  const fanout = createRedisFanout(sub, `${prefix}ch:`, log);
  const withKitLock = createKitLock(redis, `${prefix}kit:lock`, {
    unlock: (token) => run('storeUnlock', token),
    renew: (token, leaseMs) => run('storeRenewLock', token, leaseMs),
  });
  // A write waits for this process's own pending subscription to that visitor, so a
  // subscribe followed by a write here is always delivered.
  const settled = async (visitorId: string) => {
    await fanout.ready(visitorId);
  };
  const parse = <T extends MailboxEntry>(json: string) => JSON.parse(json) as T;

  return {
    ...redisGuards(redis, prefix, retentionMs),
    async createVisitor(visitor) {
      const created = await run<number>('storeVisitor', visitor.visitorId, 'create', ...visitorToFields(visitor));
      if (created !== 1) throw new Error('A visitor with this id already exists.');
    },
    async getVisitor(visitorId) {
      return visitorFromHash(visitorId, await redis.hgetall(`${prefix}v:${visitorId}`));
    },
    async updateVisitor(visitorId, patch) {
      const fields = visitorToFields({ ...patch, updatedAt: patch.updatedAt ?? now() });
      await run('storeVisitor', visitorId, 'update', ...fields);
    },
    async userVisitor(userId) {
      return (await redis.get(`${prefix}u:${userId}`)) ?? undefined;
    },
    async linkUser(userId, visitorId) {
      return (await run<string | null>('storeLinkUser', userId, visitorId, JSON.stringify(userId))) ?? undefined;
    },
    async eraseVisitor(visitorId) {
      const [found, fileIds] = await run<[number, string[]]>('storeErase', visitorId);
      return { found: found === 1, fileIds };
    },
    // Idle visitors' keys expire by themselves (TOUCH_LUA); old uploads go by takeUploadsBefore.
    idleVisitors: async () => [],
    async append(visitorId, entry) {
      await settled(visitorId);
      return parse(await run<string>('storeAppend', visitorId, entryJson(entry)));
    },
    async list(visitorId, after, limit) {
      const count = clampLimit(limit);
      if (count === 0) return [];
      const rows = await redis.zrangebyscore(`${prefix}mb:${visitorId}`, `(${clampAfter(after)}`, '+inf', 'LIMIT', 0, count);
      return rows.map((row) => parse(row));
    },
    async listBefore(visitorId, before, limit) {
      const count = clampLimit(limit);
      if (count === 0) return [];
      const rows = await redis.zrevrangebyscore(`${prefix}mb:${visitorId}`, `(${clampAfter(before)}`, '-inf', 'LIMIT', 0, count);
      return rows.reverse().map((row) => parse(row));
    },
    async lastSeq(visitorId) {
      return Number((await redis.get(`${prefix}seq:${visitorId}`)) ?? 0);
    },
    async accept(visitorId, entry, outbox) {
      if (outbox.messageId !== entry.message.id || outbox.visitorId !== visitorId) {
        throw new Error('accept: the outbox item must match the visitor and the message id');
      }
      await settled(visitorId);
      const accepted = { ...entry, message: { ...entry.message, status: 'accepted' as const } };
      const [duplicate, json] = await run<[number, string | null]>(
        'storeAccept', visitorId, entry.message.id, entryJson(accepted), JSON.stringify(outbox.event), outbox.acceptedAt,
      );
      if (json === null) throw new Error('accept: the first entry for this message is missing from the mailbox');
      return { entry: parse<MessageEntry>(json), duplicate: duplicate === 1 };
    },
    async claim(owner, at, leaseMs, max) {
      if (max < 1) return [];
      const rows = await run<ClaimRow[]>('storeClaim', owner, at, leaseMs, Math.floor(max));
      return rows.map(([visitorId, messageId, event, acceptedAt, attempts, nextAttemptAt, lastError]): OutboxItem => ({
        visitorId,
        messageId,
        event: JSON.parse(event) as OutboxItem['event'],
        acceptedAt: Number(acceptedAt),
        attempts: Number(attempts),
        nextAttemptAt: Number(nextAttemptAt),
        ...(lastError === null ? {} : { lastError }),
      }));
    },
    async markDelivered(visitorId, messageId) {
      await settled(visitorId);
      await run('storeFinish', visitorId, messageId, JSON.stringify({ type: 'status', id: messageId, status: 'delivered' }));
    },
    async markFailed(visitorId, messageId, reason) {
      await settled(visitorId);
      await run('storeFinish', visitorId, messageId, JSON.stringify({ type: 'status', id: messageId, status: 'failed', reason }));
    },
    async retryLater(visitorId, messageId, nextAttemptAt, lastError) {
      await run('storeRetry', visitorId, messageId, nextAttemptAt, lastError);
    },
    async retryNow(now, keepWaiting) {
      // A bounded script per call keeps Redis responsive with many visitors waiting.
      let moved = 0;
      let left = 0;
      for (;;) {
        const [n, seen] = await run<[number, number]>('storeRetryNow', now, left, RETRY_NOW_BATCH, ...keepWaiting);
        moved += n;
        left += seen - n;
        if (seen < RETRY_NOW_BATCH) return moved;
      }
    },
    async outboxDepth() {
      return Number((await redis.get(`${prefix}obcount`)) ?? 0);
    },
    async appendFromKit(eventId, visitorId, entry, ttlMs) {
      await settled(visitorId);
      const json = await run<string | null>('storeFromKit', eventId, Math.max(1, Math.floor(ttlMs)), visitorId, entryJson(entry));
      return json === null ? undefined : parse(json);
    },
    subscribe: (visitorId, listener) => fanout.subscribe(visitorId, listener),
    // Pub/sub keeps nothing for a subscriber that is away: whatever was published meanwhile is lost to it.
    onFanoutInterrupted: (fn) => void sub.on('close', fn),
    async getKitTokens() {
      const json = await redis.get(`${prefix}kit:tokens`);
      return json === null ? undefined : (JSON.parse(json) as KitTokens);
    },
    async setKitTokens(tokens) {
      if (tokens === undefined) await redis.del(`${prefix}kit:tokens`);
      else await redis.set(`${prefix}kit:tokens`, JSON.stringify(tokens));
    },
    withKitLock,
    async ping() {
      await redis.ping();
    },
    async close() {
      await Promise.all([redis, sub].map((conn) => (conn.status === 'end' ? undefined : conn.quit().catch(() => conn.disconnect()))));
    },
  };
}
