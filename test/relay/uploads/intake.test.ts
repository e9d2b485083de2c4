import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readUpload, sweepStaging, UploadLimitError } from '../../../relay/uploads/intake';
import { PNG, TEXT } from './fixtures';

const CHUNK = 64 * 1024;

/** A 50 MB body produced on demand, counting how much of it was ever pulled. */
function hugeBody() {
  const counter = { pulled: 0 };
  const stream = new Readable({
    read() {
      if (counter.pulled >= 50 * 1024 * 1024) return this.push(null);
      counter.pulled += CHUNK;
      this.push(Buffer.alloc(CHUNK, 0x41));
    },
  });
  return { stream, counter };
}

describe('readUpload', () => {
  it('stops pulling a 50 MB body just past the limit and leaves nothing on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-'));
    const { stream, counter } = hugeBody();
    const error = await readUpload(stream, dir, 1024 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadLimitError);
    expect((error as UploadLimitError).reason).toBe('too_large');
    // Nothing can pull the body any more: the stream is destroyed, or at least paused and unpiped.
    expect(stream.destroyed || stream.readableFlowing !== true).toBe(true);
    expect(counter.pulled).toBeLessThan(2 * 1024 * 1024);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the head and tail for sniffing and knows text from binary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-'));
    const png = await readUpload(Readable.from([PNG.subarray(0, 10), PNG.subarray(10)]), dir, 1024);
    expect(png.size).toBe(PNG.length);
    expect(Buffer.from(png.head).equals(PNG)).toBe(true);
    expect(png.utf8Text).toBe(false);
    expect(readFileSync(png.path).equals(PNG)).toBe(true);
    await png.discard();

    // A multi-byte character split across chunks is still valid UTF-8.
    const text = await readUpload(Readable.from([TEXT.subarray(0, TEXT.length - 3), TEXT.subarray(TEXT.length - 3)]), dir, 1024);
    expect(text.utf8Text).toBe(true);
    await text.discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an empty body and an exactly-at-limit body passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-'));
    await expect(readUpload(Readable.from([]), dir, 10)).rejects.toMatchObject({ reason: 'empty' });
    const exact = await readUpload(Readable.from([Buffer.alloc(10, 0x41)]), dir, 10);
    expect(exact.size).toBe(10);
    await exact.discard();
  });
});

describe('sweepStaging', () => {
  it('removes staging files an interrupted run left behind, and keeps uploads still in progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'staging-sweep-'));
    const now = Date.now();
    writeFileSync(join(dir, 'old.upload'), 'left by a crash');
    utimesSync(join(dir, 'old.upload'), new Date(now - 2 * 3_600_000), new Date(now - 2 * 3_600_000));
    writeFileSync(join(dir, 'fresh.upload'), 'still arriving');
    writeFileSync(join(dir, 'notes.txt'), 'not ours');

    expect(await sweepStaging(dir, 3_600_000, now)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['fresh.upload', 'notes.txt']);
    expect(await sweepStaging(join(dir, 'missing'), 3_600_000, now)).toBe(0);
  });
});
