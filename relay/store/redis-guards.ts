// The Redis side of what the relay's abuse limits keep in the store, apart from the message
// write path: Kit event ids used up by events that added nothing to a mailbox (the same
// ev:<event id> markers appendFromKit sets), the upload ledger and visitor token generations
// (redis-guard-scripts.ts).
import type { Redis } from 'ioredis';
import { REDIS_GUARD_SCRIPTS, type RedisGuardScriptName } from './redis-guard-scripts';
import type { StoreGuards } from './sqlite-guards';
import { withRetention } from './redis-scripts';
import type { Store, UploadRecord } from './types';

type Arg = string | number;

export function redisGuards(redis: Redis, prefix: string, retentionMs: number): StoreGuards & Pick<Store, 'takeUploadsBefore'> {
  for (const [name, lua] of Object.entries(REDIS_GUARD_SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 0, lua: withRetention(lua, retentionMs) });
  const run = <T>(name: RedisGuardScriptName, ...args: Arg[]): Promise<T> =>
    (redis as unknown as Record<RedisGuardScriptName, (...a: Arg[]) => Promise<T>>)[name](prefix, ...args);
  const record = (fileId: string, [visitorId, size, createdAt]: (string | null)[]): UploadRecord =>
    ({ fileId, visitorId: visitorId!, size: Number(size), createdAt: Number(createdAt) });
  /** Forgets up to `max` uploads created before `createdBefore`, oldest first, from one index. */
  const takeBefore = async (index: 'upfree' | 'upat', createdBefore: number, max: number): Promise<UploadRecord[]> => {
    if (max < 1) return [];
    const rows = await run<[string, string, string, string][]>('guardTakeBefore', createdBefore, Math.floor(max), index);
    return rows.map(([fileId, ...fields]) => record(fileId, fields));
  };

  return {
    async rememberKitEvent(eventId, ttlMs) {
      return (await redis.set(`${prefix}ev:${eventId}`, '1', 'PX', Math.max(1, Math.floor(ttlMs)), 'NX')) === 'OK';
    },
    async reserveUpload(upload, quotaBytes) {
      return (await run<number>('guardReserveUpload', upload.fileId, upload.visitorId, upload.size, upload.createdAt, quotaBytes)) === 1;
    },
    async settleUpload(fileId, size) {
      await run('guardSettleUpload', fileId, size);
    },
    async dropUpload(fileId) {
      const fields = await run<(string | null)[] | null>('guardDropUpload', fileId);
      return fields ? record(fileId, fields) : undefined;
    },
    async attachUploads(visitorId, fileIds) {
      const unique = [...new Set(fileIds)];
      return unique.length === 0 ? [] : run<string[]>('guardAttachUploads', visitorId, ...unique);
    },
    takeUnattachedUploads: (createdBefore, max) => takeBefore('upfree', createdBefore, max),
    takeUploadsBefore: (createdBefore, max) => takeBefore('upat', createdBefore, max),
    async uploadBytes(visitorId) {
      return Number((await redis.get(`${prefix}upb:${visitorId}`)) ?? 0);
    },
    async tokenGeneration(visitorId) {
      return (await run<number | null>('guardTokenGeneration', visitorId)) ?? undefined;
    },
    async bumpTokenGeneration(visitorId) {
      return (await run<number | null>('guardBumpGeneration', visitorId)) ?? undefined;
    },
  };
}
