// Contract: the per-visitor mailbox (seq, paging, isolation), accept idempotency, Kit
// callback de-duplication, and fan-out to subscribers.
import { describe, expect, it } from 'vitest';
import type { MailboxEntry } from '../../../protocol/relay-api';
import { newId, outboxFor, visitorMessage } from './builders';
import type { StoreGetter } from './contract';

const closed = { type: 'conversation', state: 'closed', reason: 'CLOSED_BY_AGENT' } as const;
const agentSays = (text: string) =>
  ({ type: 'message', message: { id: newId('agent'), from: 'agent', text, createdAt: '2025-01-01T00:00:00.000Z' } }) as const;

export function mailboxContract(store: StoreGetter): void {
  describe('mailbox', () => {
    it('numbers a visitor’s entries from 1 with no gaps, even when appends race', async () => {
      const visitor = newId('v');
      const written = await Promise.all(Array.from({ length: 40 }, (_, i) => store().append(visitor, agentSays(`n${i}`))));
      const seqs = written.map((e) => e.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      const listed = await store().list(visitor, 0, 100);
      expect(listed.map((e) => e.seq)).toEqual(seqs);
      expect(listed).toEqual([...written].sort((a, b) => a.seq - b.seq));
      expect(await store().lastSeq(visitor)).toBe(40);
    });

    it('pages through the mailbox with after and limit, oldest first', async () => {
      const visitor = newId('v');
      for (let i = 0; i < 7; i++) await store().append(visitor, agentSays(`n${i}`));
      expect((await store().list(visitor, 2, 3)).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect((await store().list(visitor, 5, 100)).map((e) => e.seq)).toEqual([6, 7]);
      expect(await store().list(visitor, 7, 10)).toEqual([]);
      expect(await store().list(visitor, 0, 0)).toEqual([]);
    });

    it('pages back through the mailbox with before and limit: the newest entries below it, oldest first', async () => {
      const visitor = newId('v');
      const other = newId('v');
      for (let i = 0; i < 7; i++) await store().append(visitor, agentSays(`n${i}`));
      await store().append(other, agentSays('not yours'));
      expect((await store().listBefore(visitor, 6, 3)).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect((await store().listBefore(visitor, 3, 100)).map((e) => e.seq)).toEqual([1, 2]);
      // Past the newest: the newest page, as a first load of a long conversation asks for it.
      const newest = await store().listBefore(visitor, Number.MAX_SAFE_INTEGER, 2);
      expect(newest.map((e) => e.seq)).toEqual([6, 7]);
      expect(newest).toEqual(await store().list(visitor, 5, 2));
      expect(await store().listBefore(visitor, 1, 10)).toEqual([]);
      expect(await store().listBefore(visitor, 0, 10)).toEqual([]);
      expect(await store().listBefore(visitor, 7, 0)).toEqual([]);
      expect((await store().listBefore(other, 100, 10)).map((e) => e.seq)).toEqual([1]);
    });

    it('starts an unknown visitor at seq 0 with an empty mailbox', async () => {
      const visitor = newId('v');
      expect(await store().lastSeq(visitor)).toBe(0);
      expect(await store().list(visitor, 0, 10)).toEqual([]);
      expect(await store().listBefore(visitor, 10, 10)).toEqual([]);
    });

    it('never shows one visitor’s entries to another', async () => {
      const [a, b] = [newId('v'), newId('v')];
      await store().append(a, agentSays('for a'));
      await store().append(b, closed);
      await store().append(a, closed);
      const shape = (entries: MailboxEntry[]) => entries.map((e) => [e.seq, e.type]);
      expect(shape(await store().list(a, 0, 10))).toEqual([[1, 'message'], [2, 'conversation']]);
      expect(await store().list(b, 0, 10)).toEqual([{ seq: 1, ...closed }]);
    });
  });

  describe('accept', () => {
    it('writes the visitor’s message as queued to the mailbox and the outbox in one step', async () => {
      const visitor = newId('v');
      const result = await store().accept(visitor, visitorMessage('m1'), outboxFor(visitor, 'm1', 1000));
      expect(result.duplicate).toBe(false);
      expect(result.entry).toMatchObject({ seq: 1, type: 'message', message: { id: 'm1', status: 'accepted' } });
      expect(await store().list(visitor, 0, 10)).toEqual([result.entry]);
      expect(await store().outboxDepth()).toBe(1);
    });

    it('answers a repeated message id with the first entry and never queues it twice', async () => {
      const visitor = newId('v');
      const first = await store().accept(visitor, visitorMessage('m1', 'first'), outboxFor(visitor, 'm1', 1000));
      await store().append(visitor, closed);
      const again = await store().accept(visitor, visitorMessage('m1', 'second'), outboxFor(visitor, 'm1', 2000));
      expect(again).toEqual({ entry: first.entry, duplicate: true });
      expect(await store().lastSeq(visitor)).toBe(2);
      expect(await store().outboxDepth()).toBe(1);
    });

    it('keeps message ids apart per visitor', async () => {
      const [a, b] = [newId('v'), newId('v')];
      await store().accept(a, visitorMessage('same'), outboxFor(a, 'same', 1000));
      const other = await store().accept(b, visitorMessage('same'), outboxFor(b, 'same', 1000));
      expect(other.duplicate).toBe(false);
      expect(await store().outboxDepth()).toBe(2);
    });
  });

  describe('callbacks from Kit', () => {
    it('delivers a Kit event once, however often Kit repeats it', async () => {
      const visitor = newId('v');
      const event = newId('event');
      const first = await store().appendFromKit(event, visitor, agentSays('hello'), 60_000);
      expect(first).toMatchObject({ seq: 1, message: { text: 'hello' } });
      expect(await store().appendFromKit(event, visitor, agentSays('hello'), 60_000)).toBeUndefined();
      expect(await store().lastSeq(visitor)).toBe(1);
    });

    it('accepts an event id again once its de-duplication window has passed', async () => {
      const visitor = newId('v');
      const event = newId('event');
      await store().appendFromKit(event, visitor, closed, 20);
      // A repeat inside the window adds nothing, so polling until one is taken ends at seq 2.
      await expect.poll(() => store().appendFromKit(event, visitor, closed, 20), { interval: 10 }).toMatchObject({ seq: 2 });
      expect(await store().lastSeq(visitor)).toBe(2);
    });
  });

  describe('subscribe', () => {
    it('tells a listener about every new entry for its visitor, in order, and nothing else', async () => {
      const [visitor, other] = [newId('v'), newId('v')];
      const seen: MailboxEntry[] = [];
      const unsubscribe = store().subscribe(visitor, (entry) => seen.push(entry));
      await store().append(other, closed);
      await store().accept(visitor, visitorMessage('m1'), outboxFor(visitor, 'm1', 0));
      await store().accept(visitor, visitorMessage('m1'), outboxFor(visitor, 'm1', 0));
      await store().markDelivered(visitor, 'm1');
      await store().appendFromKit('e1', visitor, agentSays('hi'), 60_000);
      await store().appendFromKit('e1', visitor, agentSays('hi'), 60_000);
      await store().append(visitor, closed);
      await expect.poll(() => seen.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(seen.map((e) => e.type)).toEqual(['message', 'status', 'message', 'conversation']);
      expect(seen).toEqual(await store().list(visitor, 0, 10));
      unsubscribe();
    });

    it('stops delivering to a listener once it unsubscribes', async () => {
      const visitor = newId('v');
      const gone: MailboxEntry[] = [];
      const stays: MailboxEntry[] = [];
      const unsubscribe = store().subscribe(visitor, (entry) => gone.push(entry));
      const unsubscribeOther = store().subscribe(visitor, (entry) => stays.push(entry));
      await store().append(visitor, closed);
      await expect.poll(() => gone).toHaveLength(1);
      unsubscribe();
      await store().append(visitor, closed);
      await expect.poll(() => stays).toHaveLength(2);
      expect(gone.map((e) => e.seq)).toEqual([1]);
      unsubscribeOther();
    });

    it('keeps appending and delivering when a listener throws', async () => {
      const visitor = newId('v');
      const seen: number[] = [];
      const offBroken = store().subscribe(visitor, () => {
        throw new Error('broken stream');
      });
      const offGood = store().subscribe(visitor, (entry) => seen.push(entry.seq));
      await expect(store().append(visitor, closed)).resolves.toMatchObject({ seq: 1 });
      await expect.poll(() => seen).toEqual([1]);
      offBroken();
      offGood();
    });
  });
}
