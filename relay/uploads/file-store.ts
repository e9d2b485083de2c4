// Where uploaded files live: a small interface (put/get/stat/delete, and free space where that
// means something), shared by the S3 store (s3-file-store.ts, for several relays) and the
// local one here in RELAY_DATA_DIR/files/ with a JSON sidecar per file holding its metadata.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  fileId: string;
  /** The visitor who uploaded it; only they may attach it to a message. */
  visitorId: string;
  name: string;
  /** Sniffed MIME type. */
  type: string;
  size: number;
  /** ms since epoch */
  createdAt: number;
}

export interface FileStore {
  /** Stores the bytes and their metadata; the file is visible to stat/get only once complete. */
  put(meta: StoredFile, data: Readable): Promise<void>;
  /** The bytes (optionally an inclusive byte range), or undefined for an unknown id. */
  get(fileId: string, range?: { start: number; end: number }): Promise<{ meta: StoredFile; data: Readable } | undefined>;
  stat(fileId: string): Promise<StoredFile | undefined>;
  delete(fileId: string): Promise<void>;
  /** Bytes still free for new files, when the store has such a limit (a local disk does). */
  freeBytes?(): Promise<number>;
  /** Lets go of connections (shutdown), for stores that hold any. */
  close?(): void;
}

/** 144 random bits, base64url: unguessable, and safe in a path segment and a file name. */
export function newFileId(): string {
  return randomBytes(18).toString('base64url');
}

export const FILE_ID = /^[A-Za-z0-9_-]{24}$/;

export function createLocalFileStore(dir: string): FileStore {
  // Two-character shards keep directories small; ids are validated before they touch a path.
  const pathsOf = (fileId: string) => {
    if (!FILE_ID.test(fileId)) return undefined;
    const shard = join(dir, fileId.slice(0, 2));
    return { shard, data: join(shard, `${fileId}.bin`), meta: join(shard, `${fileId}.json`) };
  };

  async function stat(fileId: string): Promise<StoredFile | undefined> {
    const paths = pathsOf(fileId);
    if (!paths) return undefined;
    try {
      return JSON.parse(await readFile(paths.meta, 'utf8')) as StoredFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  return {
    async put(meta, data) {
      const paths = pathsOf(meta.fileId);
      if (!paths) throw new Error('invalid file id');
      await mkdir(paths.shard, { recursive: true });
      const partial = `${paths.data}.${randomBytes(4).toString('hex')}.part`;
      try {
        await pipeline(data, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
        await rename(partial, paths.data);
        // The sidecar last: a file without one does not exist for stat/get.
        await writeFile(`${paths.meta}.part`, JSON.stringify(meta), { mode: 0o600 });
        await rename(`${paths.meta}.part`, paths.meta);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
    },
    async get(fileId, range) {
      const meta = await stat(fileId);
      const paths = pathsOf(fileId);
      if (!meta || !paths) return undefined;
      return { meta, data: createReadStream(paths.data, range ? { start: range.start, end: range.end } : {}) };
    },
    stat,
    async delete(fileId) {
      const paths = pathsOf(fileId);
      if (!paths) return;
      await rm(paths.meta, { force: true });
      await rm(paths.data, { force: true });
    },
    async freeBytes() {
      await mkdir(dir, { recursive: true });
      const fs = await statfs(dir);
      return fs.bavail * fs.bsize; // what an unprivileged process may still write
    },
  };
}
