// A small streaming multipart/form-data reader that takes the first file part of a request
// and skips (bounded) anything else. It never buffers more than a delimiter's length of the
// file plus bounded headers, so the size limit holds exactly as for a raw body.
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { RelayError } from '../errors';
import { UploadLimitError } from './intake';

const MAX_HEADER_BYTES = 8 * 1024;
const MAX_PREAMBLE_BYTES = 8 * 1024;
/** Bytes of non-file fields and framing tolerated around the file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface FilePart {
  name?: string;
  type?: string;
}

const invalid = (message: string) => new RelayError(400, 'INVALID_MULTIPART', message);

/** The boundary of a multipart/form-data Content-Type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Streams the first file part of `req` into `file`; `part` resolves once its headers are read. */
export function readFilePart(req: Readable, boundary: string, maxFileBytes: number): { part: Promise<FilePart>; file: PassThrough } {
  const file = new PassThrough();
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let state: 'start' | 'after' | 'headers' | 'skip' | 'file' | 'done' = 'start';
  let buf: Buffer = Buffer.alloc(0);
  let total = 0;
  let skipped = 0;
  let resolvePart!: (p: FilePart) => void;
  let rejectPart!: (err: Error) => void;
  const part = new Promise<FilePart>((resolve, reject) => ((resolvePart = resolve), (rejectPart = reject)));
  part.catch(() => {}); // the caller may stop listening once it has failed
  // The reader may attach late or never (a failed form): an error must never go unhandled.
  file.on('error', () => {});

  const fail = (err: Error) => {
    if (state === 'done') return;
    state = 'done';
    req.off('data', onData);
    req.pause();
    rejectPart(err);
    file.destroy(err);
  };
  const emit = (bytes: Buffer) => {
    if (state === 'skip') {
      skipped += bytes.length;
      if (skipped > MULTIPART_OVERHEAD_BYTES) fail(new UploadLimitError('too_large'));
    } else if (bytes.length > 0 && !file.write(bytes)) {
      req.pause();
      file.once('drain', () => req.resume());
    }
  };

  function onData(chunk: Buffer) {
    total += chunk.length;
    if (total > maxFileBytes + MULTIPART_OVERHEAD_BYTES) return fail(new UploadLimitError('too_large'));
    if (state === 'done') return;
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    for (;;) {
      if ((state as string) === 'done') return; // emit() may have failed the upload
      if (state === 'start') {
        const i = buf.indexOf(dashBoundary);
        if (i < 0) {
          if (buf.length > MAX_PREAMBLE_BYTES) return fail(invalid('No multipart boundary found.'));
          return;
        }
        buf = buf.subarray(i + dashBoundary.length);
        state = 'after';
      } else if (state === 'after') {
        if (buf.length < 2) return;
        if (buf[0] === 0x2d && buf[1] === 0x2d) return fail(invalid('The form has no file.'));
        if (buf[0] !== 0x0d || buf[1] !== 0x0a) return fail(invalid('Malformed multipart body.'));
        buf = buf.subarray(2);
        state = 'headers';
      } else if (state === 'headers') {
        const i = buf.indexOf('\r\n\r\n');
        if (i < 0) {
          if (buf.length > MAX_HEADER_BYTES) return fail(invalid('Multipart headers are too long.'));
          return;
        }
        const info = parsePartHeaders(buf.subarray(0, i).toString('utf8'));
        buf = buf.subarray(i + 4);
        state = info ? 'file' : 'skip';
        if (info) resolvePart(info);
      } else {
        const i = buf.indexOf(delimiter);
        if (i < 0) {
          // Hold back what could be the start of a delimiter split across chunks.
          const safe = buf.length - (delimiter.length - 1);
          if (safe > 0) {
            emit(buf.subarray(0, safe));
            buf = buf.subarray(safe);
          }
          return;
        }
        emit(buf.subarray(0, i));
        buf = buf.subarray(i + delimiter.length);
        if (state === 'file') {
          // Only the first file counts; the rest of the body is read and dropped (bounded above).
          state = 'done';
          file.end();
          return;
        }
        state = 'after';
      }
    }
  }

  req.on('data', onData);
  req.on('end', () => {
    if (state !== 'done') fail(state === 'file' ? new UploadLimitError('aborted') : invalid('The form has no file.'));
  });
  req.on('aborted', () => fail(new UploadLimitError('aborted')));
  req.on('error', () => fail(new UploadLimitError('aborted')));
  return { part, file };
}

/** The file name and type of a part with `filename` in its Content-Disposition; undefined for other fields. */
function parsePartHeaders(block: string): FilePart | undefined {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const extended = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(disposition);
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/i.exec(disposition);
  if (!extended && !plain) return undefined;
  let name = plain ? (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1') : undefined;
  if (extended?.[1]) {
    try {
      name = decodeURIComponent(extended[1]);
    } catch {
      // Keep the plain name.
    }
  }
  const type = headers.get('content-type');
  return { ...(name ? { name } : {}), ...(type ? { type } : {}) };
}
