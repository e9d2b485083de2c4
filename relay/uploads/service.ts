// The upload pipeline: read a body under the size limit, sniff its type, check it against the
// allow-list, store it under a fresh unguessable id; and the reverse for messages: resolve a
// visitor's fileIds into attachments with their public URLs.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { RelayError } from '../errors';
import type { Attachment } from '../../protocol/relay-api';
import { sanitiseName, withTypeExtension } from './file-name';
import { newFileId, type FileStore, type StoredFile } from './file-store';
import { readUpload, UploadLimitError } from './intake';
import { kindOf, sniffType } from './sniff';

export interface UploadsOptions {
  files: FileStore;
  /** Where bodies wait while they are read and sniffed (same disk as the store, ideally). */
  stagingDir: string;
  maxBytes: number;
  /** Allowed (sniffed) MIME types. */
  types: readonly string[];
  publicUrl: string;
  now: () => number;
}

export interface Uploads {
  /** Reads, sniffs and stores one file for a visitor; throws 413/415/400 RelayErrors. */
  accept(visitorId: string, body: Readable, hints: { name?: string; declaredType?: string }): Promise<StoredFile>;
  /** The visitor's own uploads for these ids, in order and without repeats; 400 for any other id. */
  resolve(visitorId: string, fileIds: readonly string[]): Promise<StoredFile[]>;
  urlOf(file: Pick<StoredFile, 'fileId' | 'name'>): string;
  attachmentOf(file: StoredFile): Attachment;
}

export const fileTooLarge = (maxBytes: number) =>
  new RelayError(413, 'FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`);
const unsupportedType = () => new RelayError(415, 'UNSUPPORTED_TYPE', 'This type of file is not accepted.');

export function createUploads(options: UploadsOptions): Uploads {
  const { files, maxBytes, publicUrl } = options;
  const allowed = new Set(options.types.map((t) => t.toLowerCase()));
  const urlOf: Uploads['urlOf'] = (file) => `${publicUrl}/files/${file.fileId}/${encodeURIComponent(file.name)}`;

  return {
    async accept(visitorId, body, hints) {
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
        const meta: StoredFile = {
          fileId: newFileId(),
          visitorId,
          name: withTypeExtension(rawName, type),
          type,
          size: intake.size,
          createdAt: options.now(),
        };
        await files.put(meta, createReadStream(intake.path));
        return meta;
      } finally {
        await intake.discard();
      }
    },

    async resolve(visitorId, fileIds) {
      const unique = [...new Set(fileIds)];
      const found = await Promise.all(unique.map((id) => files.stat(id)));
      // Unknown and foreign ids answer alike, so no one can probe for another visitor's files.
      if (found.some((f) => !f || f.visitorId !== visitorId)) {
        throw new RelayError(400, 'ATTACHMENT_NOT_FOUND', 'An attachment was not found; upload it again.');
      }
      return found as StoredFile[];
    },

    urlOf,
    attachmentOf(file) {
      return { kind: kindOf(file.type), url: urlOf(file), name: file.name, size: file.size, type: file.type };
    },
  };
}
