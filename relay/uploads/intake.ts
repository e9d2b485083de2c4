// Reads an upload body into a staging file without ever holding more than the size limit:
// it stops reading the moment the limit is passed. On the way it keeps what sniffing needs
// (the first and last bytes, whether the whole body is UTF-8 text without NULs).
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { RelayError } from '../errors';
import { SNIFF_WINDOW_BYTES } from './sniff';

export interface Intake {
  /** The staging file; the caller removes it (discard()) once done. */
  path: string;
  size: number;
  head: Uint8Array;
  tail: Uint8Array;
  utf8Text: boolean;
  discard(): Promise<void>;
}

export class UploadLimitError extends Error {
  constructor(readonly reason: 'too_large' | 'aborted' | 'empty') {
    super(reason);
    this.name = 'UploadLimitError';
  }
}

export async function readUpload(source: Readable, stagingDir: string, maxBytes: number): Promise<Intake> {
  await mkdir(stagingDir, { recursive: true });
  const path = join(stagingDir, `${randomBytes(12).toString('hex')}.upload`);
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const discard = () => rm(path, { force: true });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let utf8Text = true;

  const done = new Promise<void>((resolve, reject) => {
    let settled = false;
    const stop = (err?: Error) => {
      if (settled) return;
      settled = true;
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onAbort);
      source.off('aborted', onAbort);
      source.off('close', onClose);
      if (err) {
        // Stop pulling: nothing past the limit is read into memory or onto disk.
        source.pause();
        out.destroy();
        reject(err);
      } else out.end(() => resolve());
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return stop(new UploadLimitError('too_large'));
      if (head.length < SNIFF_WINDOW_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_WINDOW_BYTES - head.length)]);
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > SNIFF_WINDOW_BYTES) tail = tail.subarray(tail.length - SNIFF_WINDOW_BYTES);
      if (utf8Text) utf8Text = isTextChunk(decoder, chunk, false);
      if (!out.write(chunk)) {
        source.pause();
        out.once('drain', () => source.resume());
      }
    };
    const onEnd = () => {
      if (utf8Text) utf8Text = isTextChunk(decoder, new Uint8Array(0), true);
      if (size === 0) return stop(new UploadLimitError('empty'));
      stop();
    };
    // A parser in front (multipart) may fail with its own reason; keep it.
    const onAbort = (err?: unknown) => stop(err instanceof UploadLimitError || err instanceof RelayError ? err : new UploadLimitError('aborted'));
    const onClose = () => {
      if (!source.readableEnded) onAbort(source.errored);
    };
    out.on('error', (err) => stop(err));
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onAbort);
    source.on('aborted', onAbort);
    source.on('close', onClose);
    source.resume();
  });

  try {
    await done;
  } catch (err) {
    await discard();
    throw err;
  }
  return { path, size, head, tail, utf8Text, discard };
}

function isTextChunk(decoder: TextDecoder, chunk: Uint8Array, final: boolean): boolean {
  if (chunk.includes(0)) return false;
  try {
    decoder.decode(chunk, { stream: !final });
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes staging files older than `olderThanMs`: what uploads cut short by a crash left
 * behind. Younger ones may belong to an upload in progress (another relay may share the dir).
 */
export async function sweepStaging(stagingDir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(stagingDir);
  } catch {
    return 0; // no staging dir yet
  }
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.upload')) continue;
    const path = join(stagingDir, name);
    try {
      if (now - (await stat(path)).mtimeMs > olderThanMs) {
        await rm(path, { force: true });
        removed++;
      }
    } catch {
      /* gone meanwhile */
    }
  }
  return removed;
}
