// The Redis store against the shared contract, plus what only a shared store can show:
// several relays on one Redis see each other's entries, never claim the same message
// twice and never log in to Kit at once. Needs REDIS_URL; CI must provide it.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxEntry } from '../../../protocol/relay-api';
import { Redis } from 'ioredis';
import { createRedisStore } from '../../../relay/store/redis';
import type { Store } from '../../../relay/store/types';
import { newId, outboxFor, sleep, visitorMessage } from './builders';
import { runStoreContract } from './contract';
import { deleteKeys, redisUrlOrSkip } from '../../helpers/redis';

const url = redisUrlOrSkip('the Redis store tests');

if (url) {
  runStoreContract('redis', async () => {
    const prefix = `test:${randomUUID()}:`;
    const store = await createRedisStore({ url, prefix });
    return { store, cleanup: async () => { await store.close(); await deleteKeys(url, prefix); } };
  });

  describe('redis store across relays', () => {
    let prefix = '';
    let stores: Store[] = [];
    const relays = async (count: number) => {
      prefix = `test:${randomUUID()}:`;
      stores = await Promise.all(Array.from({ length: count }, () => createRedisStore({ url, prefix })));
      return stores;
    };
    afterEach(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await deleteKeys(url, prefix);
    });

    it('delivers an entry appended on one relay to a visitor streaming from another', async () => {
      const [streaming, receiving] = await relays(2);
      const visitor = newId('v');
      const seen: MailboxEntry[] = [];
      const unsubscribe = streaming!.subscribe(visitor, (entry) => seen.push(entry));
      // Subscribing is asynchronous across relays; a no-op write here waits for it.
      await streaming!.markDelivered(visitor, 'nothing-pending');
      await receiving!.appendFromKit('event-1', visitor, { type: 'conversation', state: 'closed' }, 60_000);
      await expect.poll(() => seen).toEqual([{ seq: 1, type: 'conversation', state: 'closed' }]);
      unsubscribe();
    });

    it('never hands the same message to two relays claiming at once, and keeps each visitor in order', async () => {
      const [a, b] = await relays(2);
      const visitors = Array.from({ length: 6 }, () => newId('v'));
      for (const visitor of visitors) {
        for (let i = 1; i <= 3; i++) await a!.accept(visitor, visitorMessage(`m${i}`), outboxFor(visitor, `m${i}`, 0));
      }
      const delivered = new Map<string, string[]>();
      let claimed = 0;
      for (let round = 0; round < 10 && (await a!.outboxDepth()) > 0; round++) {
        const claimers = [a, b, a, b].map((store, i) => store!.claim(`relay-${i}`, 1, 60_000, 2));
        const claims = (await Promise.all(claimers)).flat();
        expect(new Set(claims.map((c) => c.visitorId)).size).toBe(claims.length);
        claimed += claims.length;
        for (const c of claims) delivered.set(c.visitorId, [...(delivered.get(c.visitorId) ?? []), c.messageId]);
        await Promise.all(claims.map((c) => b!.markDelivered(c.visitorId, c.messageId)));
      }
      expect(claimed).toBe(18);
      for (const visitor of visitors) expect(delivered.get(visitor)).toEqual(['m1', 'm2', 'm3']);
    });

    it('never lets two relays hold the Kit lock at once', async () => {
      const [a, b] = await relays(2);
      let active = 0;
      let most = 0;
      const login = (store: Store) =>
        store.withKitLock(async () => {
          active += 1;
          most = Math.max(most, active);
          await sleep(20);
          active -= 1;
        });
      await Promise.all([login(a!), login(b!), login(a!), login(b!)]);
      expect(most).toBe(1);
    });

    it('lets Redis expire every key of a visitor idle for the retention period, keeping an active one', async () => {
      prefix = `test:${randomUUID()}:`;
      const retentionMs = 1_500;
      const store = await createRedisStore({ url, prefix, retentionMs });
      stores = [store];
      const [idle, active] = [newId('v'), newId('v')];
      const user = newId('user');
      for (const visitorId of [idle, active]) {
        await store.createVisitor({ visitorId, profile: { name: 'Ada' }, createdAt: 1, updatedAt: 1 });
        await store.accept(visitorId, visitorMessage('m1'), outboxFor(visitorId, 'm1', 1));
        await store.markDelivered(visitorId, 'm1');
        await store.reserveUpload({ fileId: newId('f'), visitorId, size: 5, createdAt: 1 }, 100);
      }
      await store.linkUser(user, idle);
      const keysOf = async (visitorId: string) => (await store.getVisitor(visitorId)) !== undefined || (await store.lastSeq(visitorId)) > 0;
      // Keep one visitor active with a write every so often, until the other's keys are gone.
      const keepActive = setInterval(() => void store.appendFromKit(newId('ev'), active, { type: 'conversation', state: 'closed' }, 60_000), 300);
      try {
        await expect.poll(() => keysOf(idle), { timeout: 10_000, interval: 100 }).toBe(false);
      } finally {
        clearInterval(keepActive);
      }
      expect(await store.userVisitor(user)).toBeUndefined();
      expect(await store.uploadBytes(idle)).toBe(0);
      expect(await store.getVisitor(active)).toMatchObject({ profile: { name: 'Ada' } });
      expect(await store.uploadBytes(active)).toBe(5);
      const admin = new Redis(url);
      try {
        const left = (await admin.keys(`${prefix}*`)).filter((key) => key.includes(idle) || key.includes(user));
        expect(left).toEqual([]);
      } finally {
        await admin.quit();
      }
    });

    it('shares the Kit token cache between relays', async () => {
      const [a, b] = await relays(2);
      const tokens = { accessToken: 'x', refreshToken: 'y', accessExpiresAt: 10, refreshExpiresAt: 20 };
      await a!.setKitTokens(tokens);
      expect(await b!.getKitTokens()).toEqual(tokens);
    });
  });
}
