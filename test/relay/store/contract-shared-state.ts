// Contract: visitors, the Kit token cache and its lock, and the health check.
import { describe, expect, it } from 'vitest';
import type { KitTokens } from '../../../relay/store/types';
import { newId, sleep, visitorRecord } from './builders';
import type { StoreGetter } from './contract';

const TOKENS: KitTokens = { accessToken: 'access-1', refreshToken: 'refresh-1', accessExpiresAt: 1_700_000_100_000, refreshExpiresAt: 1_700_001_000_000 };

export function sharedStateContract(store: StoreGetter): void {
  describe('visitors', () => {
    it('keeps a visitor as created', async () => {
      const record = { ...visitorRecord(newId('v')), utm: { source: 'mail' }, device: { type: 'desktop' } };
      await store().createVisitor(record);
      expect(await store().getVisitor(record.visitorId)).toEqual(record);
      expect(await store().getVisitor(newId('v'))).toBeUndefined();
    });

    it('merges profile fields one by one and replaces the other fields', async () => {
      const record = visitorRecord(newId('v'));
      await store().createVisitor(record);
      await store().updateVisitor(record.visitorId, { profile: { phone: '+100', name: 'Grace' }, page: { url: 'https://shop.example/b' }, updatedAt: record.updatedAt + 5 });
      expect(await store().getVisitor(record.visitorId)).toEqual({
        ...record,
        profile: { name: 'Grace', email: 'ada@example.com', phone: '+100' },
        page: { url: 'https://shop.example/b' },
        updatedAt: record.updatedAt + 5,
      });
    });

    it('does not create a visitor by updating an unknown one', async () => {
      const visitorId = newId('v');
      await store().updateVisitor(visitorId, { locale: 'de' });
      expect(await store().getVisitor(visitorId)).toBeUndefined();
    });
  });

  describe('Kit token cache', () => {
    it('keeps the token pair until it is replaced or cleared', async () => {
      expect(await store().getKitTokens()).toBeUndefined();
      await store().setKitTokens(TOKENS);
      expect(await store().getKitTokens()).toEqual(TOKENS);
      await store().setKitTokens({ ...TOKENS, accessToken: 'access-2' });
      expect((await store().getKitTokens())?.accessToken).toBe('access-2');
      await store().setKitTokens(undefined);
      expect(await store().getKitTokens()).toBeUndefined();
    });

    it('never runs two Kit logins at once, and frees the lock when one fails', async () => {
      let active = 0;
      let most = 0;
      const login = (n: number) =>
        store().withKitLock(async () => {
          active += 1;
          most = Math.max(most, active);
          await sleep(5);
          active -= 1;
          if (n === 1) throw new Error('login rejected');
          return n;
        });
      const results = await Promise.allSettled([0, 1, 2, 3].map(login));
      expect(most).toBe(1);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(await store().withKitLock(async () => 'free again')).toBe('free again');
    });
  });

  describe('health', () => {
    it('answers ping while open', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });
  });
}
