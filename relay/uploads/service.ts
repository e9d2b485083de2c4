// The upload pipeline: check the disk and the visitor's quota, read a body under the size
// limit, sniff its type, check it against the allow-list, store it under a fresh unguessable
// id; the reverse for messages: resolve a visitor's fileIds into attachments (attaching them,
// so they are kept); and the sweep that deletes uploads no message ever used.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { RelayError } from '../errors';
import type { Attachment } from '../../protocol/relay-api';
import type { UploadLedger } from '../store/types';
import { sanitiseName, withTypeExtension } from './file-name';
import { newFileId, type FileStore, type StoredFile } from './file-store';
import { readUpload, UploadLimitError } from './intake';
import { kindOf, sniffType } from './sniff';

export interface UploadsOptions {
  files: FileStore;
  ledger: Omit<UploadLedger, 'uploadBytes'>;
  /** Where bodies wait while they are read and sniffed (same disk as the store, ideally). */
  stagingDir: string;
  maxBytes: number;
  /** Bytes of uploads kept per visitor. */
  quotaBytes: number;
  /** Uploads are refused while the file store would have less free space than this. */
  minFreeBytes: number;
  /** Allowed (sniffed) MIME types. */
  types: readonly string[];
  publicUrl: string;
  now: () => number;
}

export interface Uploads {
  /**
   * Reads, sniffs and stores one file for a visitor; `expectedBytes` (a Content-Length) is
   * what it reserves of the quota up front. Throws 413/415/400/507 RelayErrors.
   */
  accept(visitorId: string, body: Readable, hints: { name?: string; declaredType?: string }, expectedBytes?: number): Promise<StoredFile>;
  /**
   * The visitor's own uploads for these ids, in order and without repeats, now attached to a
   * message so the sweep keeps them; 400 for any other id.
   */
  resolve(visitorId: string, fileIds: readonly string[]): Promise<StoredFile[]>;
  /** Deletes uploads never attached to a message that are older than `unattachedMs`; resolves with how many. */
  sweepUnattached(unattachedMs: number): Promise<number>;
  urlOf(file: Pick<StoredFile, 'fileId' | 'name'>): string;
  attachmentOf(file: StoredFile): Attachment;
}

const SWEEP_BATCH = 200;

export const fileTooLarge = (maxBytes: number) =>
  new RelayError(413, 'FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`);
const unsupportedType = () => new RelayError(415, 'UNSUPPORTED_TYPE', 'This type of file is not accepted.');
const notFound = () => new RelayError(400, 'ATTACHMENT_NOT_FOUND', 'An attachment was not found; upload it again.');

export function createUploads(options: UploadsOptions): Uploads {
  const { files, ledger, maxBytes, publicUrl } = options;
  const allowed = new Set(options.types.map((t) => t.toLowerCase()));
  const urlOf: Uploads['urlOf'] = (file) => `${publicUrl}/files/${file.fileId}/${encodeURIComponent(file.name)}`;

  /** Reads the body into staging and stores it under `fileId`. */
  async function store(fileId: string, visitorId: string, body: Readable, hints: { name?: string; declaredType?: string }): Promise<StoredFile> {
    let intake;
    try {
      intake = await readUpload(body, options.stagingDir, maxBytes);
    } catch (err) {
      if (err instanceof UploadLimitError) {
        if (err.reason === 'too_large') throw fileTooLarge(maxBytes);
        if (err.reason === 'empty') throw new RelayError(400, 'EMPTY_FILE', 'The file is empty.');
        throw new RelayError(400, 'REQUEST_ABORTED', 'The upload was interrupted.');
      }
      throw err;
    }
    try {
      const rawName = sanitiseName(hints.name);
      const type = sniffType({ ...intake, name: rawName, ...(hints.declaredType ? { declaredType: hints.declaredType } : {}) });
      if (!type || !allowed.has(type)) throw unsupportedType();
      const meta: StoredFile = { fileId, visitorId, name: withTypeExtension(rawName, type), type, size: intake.size, createdAt: options.now() };
      urlOf(meta); // anything that cannot become a URL fails here, before a byte is stored
      await files.put(meta, createReadStream(intake.path));
      return meta;
    } finally {
      await intake.discard();
    }
  }

  return {
    async accept(visitorId, body, hints, expectedBytes) {
      const reserve = Math.min(maxBytes, expectedBytes ?? maxBytes);
      const free = await files.freeBytes?.();
      if (free !== undefined && free - reserve < options.minFreeBytes) {
        throw new RelayError(507, 'STORAGE_FULL', 'The relay cannot take files right now: its storage is nearly full.', { expose: true });
      }
      const fileId = newFileId();
      // Reserved before the body is read, so parallel uploads cannot pass the quota together.
      if (!(await ledger.reserveUpload({ fileId, visitorId, size: reserve, createdAt: options.now() }, options.quotaBytes))) {
        throw new RelayError(413, 'UPLOAD_QUOTA_EXCEEDED', `Your uploads would pass ${options.quotaBytes} bytes; attach or remove some first.`);
      }
      try {
        const meta = await store(fileId, visitorId, body, hints);
        await ledger.settleUpload(fileId, meta.size);
        return meta;
      } catch (err) {
        await ledger.dropUpload(fileId);
        throw err;
      }
    },

    async resolve(visitorId, fileIds) {
      const unique = [...new Set(fileIds)];
      if (unique.length === 0) return [];
      // Unknown and foreign ids answer alike, so no one can probe for another visitor's files.
      if ((await ledger.attachUploads(visitorId, unique)).length !== unique.length) throw notFound();
      const found = await Promise.all(unique.map((id) => files.stat(id)));
      if (found.some((f) => !f || f.visitorId !== visitorId)) throw notFound();
      return found as StoredFile[];
    },

    async sweepUnattached(unattachedMs) {
      let removed = 0;
      for (;;) {
        const batch = await ledger.takeUnattachedUploads(options.now() - unattachedMs, SWEEP_BATCH);
        for (const upload of batch) await files.delete(upload.fileId);
        removed += batch.length;
        if (batch.length < SWEEP_BATCH) return removed;
      }
    },

    urlOf,
    attachmentOf(file) {
      return { kind: kindOf(file.type), url: urlOf(file), name: file.name, size: file.size, type: file.type };
    },
  };
}
