// Contract: the outbox hands out each visitor's messages in order, one at a time, only
// when due, and takes a message back when its lease runs out.
import { describe, expect, it } from 'vitest';
import { newId, outboxFor, visitorMessage } from './builders';
import type { StoreGetter } from './contract';

const T = 1_700_000_000_000;
const LEASE = 30_000;

export function outboxContract(store: StoreGetter): void {
  const accept = (visitorId: string, messageId: string, at = T) =>
    store().accept(visitorId, visitorMessage(messageId), outboxFor(visitorId, messageId, at));
  const claimedIds = async (now: number, max = 10, owner = 'worker-a') =>
    (await store().claim(owner, now, LEASE, max)).map((item) => `${item.visitorId}/${item.messageId}`).sort();

  describe('outbox', () => {
    it('hands out only each visitor’s oldest message, one per visitor', async () => {
      const [a, b] = [newId('a'), newId('b')];
      await accept(a, 'a1');
      await accept(a, 'a2');
      await accept(b, 'b1');
      expect(await claimedIds(T)).toEqual([`${a}/a1`, `${b}/b1`].sort());
      expect(await claimedIds(T + 1, 10, 'worker-b')).toEqual([]);
    });

    it('hands out a visitor’s next message only after the previous one is sent', async () => {
      const a = newId('a');
      await accept(a, 'a1');
      await accept(a, 'a2');
      expect(await claimedIds(T)).toEqual([`${a}/a1`]);
      await store().markDelivered(a, 'a1');
      expect(await claimedIds(T + 1)).toEqual([`${a}/a2`]);
    });

    it('returns the item as accepted, with its Kit event unchanged and attempts counted', async () => {
      const a = newId('a');
      const outbox = outboxFor(a, 'a1', T, 'exact text');
      await store().accept(a, visitorMessage('a1'), outbox);
      const [item] = await store().claim('worker-a', T, LEASE, 10);
      expect(item).toEqual({ ...outbox, attempts: 1, nextAttemptAt: T });
    });

    it('lets another worker take a message whose lease ran out', async () => {
      const a = newId('a');
      await accept(a, 'a1');
      await store().claim('worker-a', T, LEASE, 10);
      expect(await claimedIds(T + LEASE - 1, 10, 'worker-b')).toEqual([]);
      const [again] = await store().claim('worker-b', T + LEASE, LEASE, 10);
      expect(again).toMatchObject({ messageId: 'a1', attempts: 2 });
    });

    it('waits until a retry is due and holds the visitor’s later messages back meanwhile', async () => {
      const a = newId('a');
      await accept(a, 'a1');
      await accept(a, 'a2');
      await store().claim('worker-a', T, LEASE, 10);
      await store().retryLater(a, 'a1', T + 5_000, 'KIT_UNAVAILABLE');
      expect(await claimedIds(T + 4_999)).toEqual([]);
      const [retry] = await store().claim('worker-a', T + 5_000, LEASE, 10);
      expect(retry).toMatchObject({ messageId: 'a1', attempts: 2, nextAttemptAt: T + 5_000, lastError: 'KIT_UNAVAILABLE' });
    });

    it('makes messages in backoff due now on retryNow, leaving Kit-set waits, claims and later messages alone', async () => {
      const [a, b, c, d] = [newId('a'), newId('b'), newId('c'), newId('d')];
      await accept(a, 'a1');
      await accept(a, 'a2');
      await accept(b, 'b1');
      await accept(d, 'd1');
      await store().claim('worker-a', T, LEASE, 10);
      await store().retryLater(a, 'a1', T + 60_000, 'KIT_UNAVAILABLE');
      await store().retryLater(b, 'b1', T + 60_000, 'KIT_RATE_LIMITED');
      await accept(c, 'c1', T + 60_000); // never tried: not in backoff
      // d1 stays claimed by worker-a.
      expect(await store().retryNow(T + 10, ['KIT_RATE_LIMITED'])).toBe(1);
      const claimed = await store().claim('worker-b', T + 10, LEASE, 10);
      expect(claimed.map((i) => `${i.visitorId}/${i.messageId}`)).toEqual([`${a}/a1`]);
      expect(claimed[0]).toMatchObject({ attempts: 2, nextAttemptAt: T + 10, lastError: 'KIT_UNAVAILABLE' });
      expect(await store().retryNow(T + 20, [])).toBe(1); // b1, now that nothing keeps it waiting
      expect(await claimedIds(T + 20, 10, 'worker-c')).toEqual([`${b}/b1`]);
    });

    it('does not hand out a message before it is due', async () => {
      const a = newId('a');
      await accept(a, 'a1', T + 1_000);
      expect(await claimedIds(T)).toEqual([]);
      expect(await claimedIds(T + 1_000)).toEqual([`${a}/a1`]);
    });

    it('hands out at most the number of items asked for', async () => {
      for (let i = 0; i < 5; i++) await accept(newId('v'), 'm');
      expect(await store().claim('worker-a', T, LEASE, 3)).toHaveLength(3);
      expect(await store().claim('worker-a', T, LEASE, 10)).toHaveLength(2);
      expect(await store().claim('worker-a', T, LEASE, 10)).toHaveLength(0);
    });

    it('marks a message sent: removes it and tells the visitor', async () => {
      const a = newId('a');
      await accept(a, 'a1');
      await store().claim('worker-a', T, LEASE, 10);
      await store().markDelivered(a, 'a1');
      expect(await store().outboxDepth()).toBe(0);
      expect(await store().list(a, 1, 10)).toEqual([{ seq: 2, type: 'status', id: 'a1', status: 'delivered' }]);
      expect(await claimedIds(T + LEASE * 2)).toEqual([]);
    });

    it('marks a message failed: removes it and tells the visitor why', async () => {
      const a = newId('a');
      await accept(a, 'a1');
      await accept(a, 'a2');
      await store().markFailed(a, 'a1', 'DEADLINE_PASSED');
      expect(await store().outboxDepth()).toBe(1);
      expect(await store().list(a, 2, 10)).toEqual([{ seq: 3, type: 'status', id: 'a1', status: 'failed', reason: 'DEADLINE_PASSED' }]);
      expect(await claimedIds(T)).toEqual([`${a}/a2`]);
    });

    it('writes no second status when a message is marked twice', async () => {
      const a = newId('a');
      await accept(a, 'a1');
      await store().markDelivered(a, 'a1');
      await store().markDelivered(a, 'a1');
      await store().markFailed(a, 'a1', 'late');
      expect(await store().lastSeq(a)).toBe(2);
    });

    it('counts the messages waiting across all visitors', async () => {
      expect(await store().outboxDepth()).toBe(0);
      const [a, b] = [newId('a'), newId('b')];
      await accept(a, 'a1');
      await accept(a, 'a2');
      await accept(b, 'b1');
      expect(await store().outboxDepth()).toBe(3);
      await store().markDelivered(a, 'a1');
      expect(await store().outboxDepth()).toBe(2);
    });
  });
}
