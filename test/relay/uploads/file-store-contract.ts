// What every file store promises (relay/uploads/file-store.ts), run against each one by
// file-store.test.ts: a file is visible whole or not at all, ranges are exact, ids that are
// not ours never reach a path or a key, and a delete is final.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { newFileId, type FileStore, type StoredFile } from '../../../relay/uploads/file-store';

const metaFor = (size: number, name = 'photo.png'): StoredFile => ({
  fileId: newFileId(), visitorId: 'visitor-0123456789abcd', name, type: 'image/png', size, createdAt: 1_767_000_000_000,
});

async function bytesOf(data: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of data) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `size` bytes in 64 KB chunks, made as they are read, never all at once. */
function generated(size: number, seed: number): { stream: Readable; sha256: string } {
  const hash = createHash('sha256');
  const chunk = (i: number) => Buffer.alloc(Math.min(65536, size - i * 65536), (seed + i) % 256);
  for (let i = 0; i * 65536 < size; i++) hash.update(chunk(i));
  let i = 0;
  const stream = new Readable({
    read() {
      if (i * 65536 >= size) this.push(null);
      else this.push(chunk(i++));
    },
  });
  return { stream, sha256: hash.digest('hex') };
}

export function fileStoreContract(name: string, make: () => Promise<{ files: FileStore; close(): Promise<void> }>): void {
  describe(`${name} file store`, () => {
    let files: FileStore;
    beforeEach(async () => {
      const made = await make();
      files = made.files;
      return () => made.close();
    });

    it('keeps the bytes and the metadata of a file, non-Latin name included', async () => {
      const body = randomBytes(3000);
      const meta = metaFor(body.length, 'счёт №7 — 東京.png');
      await files.put(meta, Readable.from([body]));
      expect(await files.stat(meta.fileId)).toEqual(meta);
      const got = await files.get(meta.fileId);
      expect(got?.meta).toEqual(meta);
      expect((await bytesOf(got!.data)).equals(body)).toBe(true);
    });

    it('streams a multi-megabyte body in and out unchanged', async () => {
      const size = 5 * 1024 * 1024 + 123;
      const { stream, sha256 } = generated(size, 7);
      const meta = metaFor(size);
      await files.put(meta, stream);
      const got = await files.get(meta.fileId);
      const hash = createHash('sha256');
      let read = 0;
      for await (const chunk of got!.data) {
        hash.update(chunk as Buffer);
        read += (chunk as Buffer).length;
      }
      expect(read).toBe(size);
      expect(hash.digest('hex')).toBe(sha256);
    });

    it('serves exactly the inclusive byte range asked for', async () => {
      const body = Buffer.from('0123456789abcdefghij');
      const meta = metaFor(body.length);
      await files.put(meta, Readable.from([body]));
      const head = await files.get(meta.fileId, { start: 0, end: 4 });
      expect((await bytesOf(head!.data)).toString()).toBe('01234');
      const tail = await files.get(meta.fileId, { start: 15, end: 19 });
      expect((await bytesOf(tail!.data)).toString()).toBe('fghij');
    });

    it('knows nothing of unknown or malformed ids, and deleting one is harmless', async () => {
      for (const id of [newFileId(), '../../relay-secret', 'A'.repeat(25), '']) {
        expect(await files.stat(id)).toBeUndefined();
        expect(await files.get(id)).toBeUndefined();
        await expect(files.delete(id)).resolves.toBeUndefined();
      }
    });

    it('forgets a deleted file for good, and only that one', async () => {
      const kept = metaFor(3);
      const gone = metaFor(3);
      await files.put(kept, Readable.from([Buffer.from('one')]));
      await files.put(gone, Readable.from([Buffer.from('two')]));
      await files.delete(gone.fileId);
      expect(await files.stat(gone.fileId)).toBeUndefined();
      expect(await files.get(gone.fileId)).toBeUndefined();
      expect(await files.stat(kept.fileId)).toEqual(kept);
    });

    it('shows nothing of a file whose body failed on the way in', async () => {
      const meta = metaFor(200_000);
      let sent = 0;
      const failing = new Readable({
        read() {
          if (sent >= 100_000) this.destroy(new Error('client went away'));
          else {
            sent += 50_000;
            this.push(Buffer.alloc(50_000, 1));
          }
        },
      });
      await expect(files.put(meta, failing)).rejects.toThrow();
      expect(await files.stat(meta.fileId)).toBeUndefined();
      expect(await files.get(meta.fileId)).toBeUndefined();
    });
  });
}
