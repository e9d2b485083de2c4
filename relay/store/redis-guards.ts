// The Redis side of what the relay's abuse limits keep in the store, apart from the message
// write path: Kit event ids used up by events that added nothing to a mailbox (the same
// ev:<event id> markers appendFromKit sets).
import type { Redis } from 'ioredis';
import type { StoreGuards } from './sqlite-guards';

export function redisGuards(redis: Redis, prefix: string): StoreGuards {
  return {
    async rememberKitEvent(eventId, ttlMs) {
      return (await redis.set(`${prefix}ev:${eventId}`, '1', 'PX', Math.max(1, Math.floor(ttlMs)), 'NX')) === 'OK';
    },
  };
}
