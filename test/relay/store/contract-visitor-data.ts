// Contract: verified users and their one visitor, erasure (nothing of the visitor left,
// others untouched, unsent outbox items gone) and the age sweep of uploads.
import { describe, expect, it } from 'vitest';
import type { UploadRecord } from '../../../relay/store/types';
import { newId, outboxFor, visitorMessage, visitorRecord } from './builders';
import type { StoreGetter } from './contract';

export function visitorDataContract(store: StoreGetter): void {
  const created = async () => {
    const record = visitorRecord(newId('v'));
    await store().createVisitor(record);
    return record.visitorId;
  };

  describe('verified users', () => {
    it('links a user to a free visitor once, and then always answers with that visitor', async () => {
      const [first, second] = [await created(), await created()];
      const user = newId('user');
      expect(await store().userVisitor(user)).toBeUndefined();
      expect(await store().linkUser(user, first)).toBe(first);
      expect(await store().linkUser(user, second)).toBe(first);
      expect(await store().userVisitor(user)).toBe(first);
      expect(await store().getVisitor(first)).toMatchObject({ userId: user });
      expect((await store().getVisitor(second))?.userId).toBeUndefined();
    });

    it('never links a visitor that is another user\'s or that does not exist', async () => {
      const visitor = await created();
      const [alice, bob] = [newId('alice'), newId('bob')];
      expect(await store().linkUser(alice, visitor)).toBe(visitor);
      expect(await store().linkUser(bob, visitor)).toBeUndefined();
      expect(await store().linkUser(bob, newId('v'))).toBeUndefined();
      expect(await store().userVisitor(bob)).toBeUndefined();
      expect(await store().getVisitor(visitor)).toMatchObject({ userId: alice });
    });

    it('gives a user exactly one visitor when several browsers link at once', async () => {
      const visitors = await Promise.all(Array.from({ length: 6 }, () => created()));
      const user = newId('user');
      const answers = await Promise.all(visitors.map((v) => store().linkUser(user, v)));
      expect(new Set(answers).size).toBe(1);
      expect(visitors).toContain(answers[0]);
    });

    it('keeps the link through profile updates, which cannot set or change it', async () => {
      const visitor = await created();
      const user = newId('user');
      await store().linkUser(user, visitor);
      await store().updateVisitor(visitor, { profile: { phone: '+1 555' }, ...({ userId: 'someone-else' } as object) });
      expect(await store().getVisitor(visitor)).toMatchObject({ userId: user, profile: { phone: '+1 555' } });
      expect(await store().userVisitor('someone-else')).toBeUndefined();
    });
  });

  describe('erasure', () => {
    const fill = async (visitorId: string) => {
      await store().accept(visitorId, visitorMessage('m1'), outboxFor(visitorId, 'm1', 1_000));
      await store().accept(visitorId, visitorMessage('m2'), outboxFor(visitorId, 'm2', 1_000));
      await store().appendFromKit(newId('ev'), visitorId, { type: 'conversation', state: 'closed' }, 60_000);
      const upload: UploadRecord = { fileId: newId('f'), visitorId, size: 10, createdAt: 1_000 };
      await store().reserveUpload(upload, 1_000);
      await store().attachUploads(visitorId, [upload.fileId]);
      return upload;
    };

    it('removes the record, user link, mailbox, unsent outbox items and uploads, and hands back the file ids', async () => {
      const [gone, kept] = [await created(), await created()];
      const user = newId('user');
      await store().linkUser(user, gone);
      const upload = await fill(gone);
      const keptUpload = await fill(kept);
      const depth = await store().outboxDepth();

      expect(await store().eraseVisitor(gone)).toEqual({ found: true, fileIds: [upload.fileId] });

      expect(await store().getVisitor(gone)).toBeUndefined();
      expect(await store().tokenGeneration(gone)).toBeUndefined();
      expect(await store().userVisitor(user)).toBeUndefined();
      expect(await store().list(gone, 0, 100)).toEqual([]);
      expect(await store().lastSeq(gone)).toBe(0);
      expect(await store().uploadBytes(gone)).toBe(0);
      expect(await store().dropUpload(upload.fileId)).toBeUndefined();
      expect(await store().outboxDepth()).toBe(depth - 2);
      // The other visitor's queue is what is left to send.
      const claimed = await store().claim('w', 10_000, 60_000, 10);
      expect(claimed.map((c) => [c.visitorId, c.messageId])).toEqual([[kept, 'm1']]);

      expect((await store().list(kept, 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(await store().uploadBytes(kept)).toBe(10);
      expect(await store().getVisitor(kept)).toBeDefined();
      expect(await store().dropUpload(keptUpload.fileId)).toMatchObject({ visitorId: kept });
    });

    it('lets an item already handed to a worker finish without writing anything back', async () => {
      const visitor = await created();
      await store().accept(visitor, visitorMessage('m1'), outboxFor(visitor, 'm1', 1_000));
      expect(await store().claim('w', 2_000, 60_000, 10)).toHaveLength(1);
      await store().eraseVisitor(visitor);
      await store().markDelivered(visitor, 'm1');
      await store().retryLater(visitor, 'm1', 3_000, 'late');
      expect(await store().list(visitor, 0, 10)).toEqual([]);
      expect(await store().claim('w', 1e12, 60_000, 10)).toEqual([]);
      expect(await store().outboxDepth()).toBe(0);
    });

    it('frees a user to start over, and says when the visitor was not known', async () => {
      const visitor = await created();
      const user = newId('user');
      await store().linkUser(user, visitor);
      await store().eraseVisitor(visitor);
      const next = await created();
      expect(await store().linkUser(user, next)).toBe(next);
      expect(await store().eraseVisitor(newId('v'))).toEqual({ found: false, fileIds: [] });
    });
  });

  describe('uploads past retention', () => {
    it('hands every upload created before the cut-off, attached or not, to exactly one sweeper', async () => {
      const visitor = await created();
      const upload = (size: number, createdAt: number): UploadRecord => ({ fileId: newId('f'), visitorId: visitor, size, createdAt });
      const [oldAttached, oldFree, recent] = [upload(1, 1_000), upload(2, 2_000), upload(4, 9_000)];
      for (const u of [oldAttached, oldFree, recent]) expect(await store().reserveUpload(u, 1_000)).toBe(true);
      await store().attachUploads(visitor, [oldAttached.fileId, recent.fileId]);

      const takes = await Promise.all([store().takeUploadsBefore(5_000, 10), store().takeUploadsBefore(5_000, 10)]);
      expect(takes.flat().sort((a, b) => a.createdAt - b.createdAt)).toEqual([oldAttached, oldFree]);
      expect(await store().uploadBytes(visitor)).toBe(4);
      expect(await store().takeUnattachedUploads(5_000, 10)).toEqual([]);
      expect(await store().takeUploadsBefore(5_000, 0)).toEqual([]);
      // What erasure finds afterwards is only what is left.
      expect((await store().eraseVisitor(visitor)).fileIds).toEqual([recent.fileId]);
    });
  });
}
