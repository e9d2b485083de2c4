// Contract: what the relay's abuse limits keep in the store: Kit event ids used up whatever
// became of the event, the upload ledger (quota per visitor, unattached uploads) and visitor
// token generations.
import { describe, expect, it } from 'vitest';
import type { UploadRecord } from '../../../relay/store/types';
import { newId, visitorRecord } from './builders';
import type { StoreGetter } from './contract';

const CLOSED = { type: 'conversation', state: 'closed' } as const;

export function guardsContract(store: StoreGetter): void {
  describe('Kit event ids used up without an entry', () => {
    it('remembers an ignored event id, so the same id can never append an entry afterwards', async () => {
      const visitor = newId('v');
      expect(await store().rememberKitEvent('ev-ignored', 60_000)).toBe(true);
      expect(await store().rememberKitEvent('ev-ignored', 60_000)).toBe(false);
      expect(await store().appendFromKit('ev-ignored', visitor, CLOSED, 60_000)).toBeUndefined();
      expect(await store().lastSeq(visitor)).toBe(0);
    });

    it('shares one set with appendFromKit: an id that appended is not new either', async () => {
      const visitor = newId('v');
      expect(await store().appendFromKit('ev-appended', visitor, CLOSED, 60_000)).toMatchObject({ seq: 1 });
      expect(await store().rememberKitEvent('ev-appended', 60_000)).toBe(false);
    });

    it('gives the id to exactly one of many concurrent callers', async () => {
      const visitor = newId('v');
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () => store().rememberKitEvent('ev-race', 60_000)),
        ...Array.from({ length: 5 }, () => store().appendFromKit('ev-race', visitor, CLOSED, 60_000).then((e) => e !== undefined)),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('upload ledger', () => {
    const upload = (visitorId: string, size: number, createdAt = 1_000): UploadRecord => ({ fileId: newId('f'), visitorId, size, createdAt });

    it('reserves uploads within the quota and refuses one that would pass it, changing nothing', async () => {
      const visitor = newId('v');
      expect(await store().reserveUpload(upload(visitor, 60), 100)).toBe(true);
      expect(await store().reserveUpload(upload(visitor, 40), 100)).toBe(true);
      const refused = upload(visitor, 1);
      expect(await store().reserveUpload(refused, 100)).toBe(false);
      expect(await store().uploadBytes(visitor)).toBe(100);
      expect(await store().dropUpload(refused.fileId)).toBeUndefined();
      // Another visitor has a quota of its own.
      expect(await store().reserveUpload(upload(newId('v'), 100), 100)).toBe(true);
    });

    it('never lets parallel reservations pass the quota together', async () => {
      const visitor = newId('v');
      const results = await Promise.all(Array.from({ length: 10 }, () => store().reserveUpload(upload(visitor, 30), 100)));
      expect(results.filter(Boolean)).toHaveLength(3);
      expect(await store().uploadBytes(visitor)).toBe(90);
    });

    it('settles a reservation to the stored size, and frees the bytes of a dropped upload', async () => {
      const visitor = newId('v');
      const first = upload(visitor, 100);
      expect(await store().reserveUpload(first, 100)).toBe(true);
      await store().settleUpload(first.fileId, 25);
      expect(await store().uploadBytes(visitor)).toBe(25);
      expect(await store().reserveUpload(upload(visitor, 75), 100)).toBe(true);
      expect(await store().dropUpload(first.fileId)).toEqual({ ...first, size: 25 });
      expect(await store().uploadBytes(visitor)).toBe(75);
      expect(await store().uploadBytes(newId('v'))).toBe(0);
    });

    it('attaches only the visitor\'s own uploads, and says which it found', async () => {
      const [mine, theirs] = [newId('v'), newId('v')];
      const a = upload(mine, 1);
      const b = upload(theirs, 1);
      await store().reserveUpload(a, 100);
      await store().reserveUpload(b, 100);
      expect(await store().attachUploads(mine, [a.fileId, b.fileId, 'no-such-file', a.fileId])).toEqual([a.fileId]);
      // Attaching again (a repeated message) finds it again.
      expect(await store().attachUploads(mine, [a.fileId])).toEqual([a.fileId]);
      expect(await store().attachUploads(mine, [])).toEqual([]);
    });

    it('hands each unattached upload older than the cut-off to exactly one sweeper and frees its bytes', async () => {
      const visitor = newId('v');
      const old = [upload(visitor, 10, 1_000), upload(visitor, 20, 2_000)];
      const attached = upload(visitor, 30, 1_500);
      const recent = upload(visitor, 40, 9_000);
      for (const u of [...old, attached, recent]) expect(await store().reserveUpload(u, 1_000)).toBe(true);
      await store().attachUploads(visitor, [attached.fileId]);

      const takes = await Promise.all([store().takeUnattachedUploads(5_000, 10), store().takeUnattachedUploads(5_000, 10)]);
      expect(takes.flat().sort((x, y) => x.createdAt - y.createdAt)).toEqual(old);
      expect(await store().uploadBytes(visitor)).toBe(70);
      expect(await store().takeUnattachedUploads(5_000, 10)).toEqual([]);
      expect(await store().takeUnattachedUploads(10_000, 0)).toEqual([]);
      expect(await store().takeUnattachedUploads(10_000, 10)).toEqual([recent]);
      expect(await store().attachUploads(visitor, [recent.fileId])).toEqual([]);
    });
  });

  describe('token generations', () => {
    it('start at 0, go up by one per bump, and stay apart per visitor', async () => {
      const [a, b] = [visitorRecord(newId('v')), visitorRecord(newId('v'))];
      await store().createVisitor(a);
      await store().createVisitor(b);
      expect(await store().tokenGeneration(a.visitorId)).toBe(0);
      expect(await store().bumpTokenGeneration(a.visitorId)).toBe(1);
      expect(await store().bumpTokenGeneration(a.visitorId)).toBe(2);
      expect(await store().tokenGeneration(a.visitorId)).toBe(2);
      expect(await store().tokenGeneration(b.visitorId)).toBe(0);
      // The generation is not part of the visitor record, and updates leave it alone.
      await store().updateVisitor(a.visitorId, { locale: 'de' });
      expect(await store().getVisitor(a.visitorId)).toEqual({ ...a, locale: 'de', updatedAt: expect.any(Number) });
      expect(await store().tokenGeneration(a.visitorId)).toBe(2);
    });

    it('count every one of concurrent bumps', async () => {
      const v = visitorRecord(newId('v'));
      await store().createVisitor(v);
      const results = await Promise.all(Array.from({ length: 10 }, () => store().bumpTokenGeneration(v.visitorId)));
      expect([...results].sort((x, y) => x! - y!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('are undefined for a visitor the store does not know, and a bump creates nobody', async () => {
      const unknown = newId('v');
      expect(await store().tokenGeneration(unknown)).toBeUndefined();
      expect(await store().bumpTokenGeneration(unknown)).toBeUndefined();
      expect(await store().getVisitor(unknown)).toBeUndefined();
    });
  });
}
