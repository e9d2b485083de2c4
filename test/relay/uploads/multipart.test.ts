import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readUpload } from '../../../relay/uploads/intake';
import { multipartBoundary, readFilePart } from '../../../relay/uploads/multipart';
import { PDF } from './fixtures';

const BOUNDARY = '----formdata-7d1f';

function form(parts: { headers: string; body: Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) chunks.push(Buffer.from(`--${BOUNDARY}\r\n${p.headers}\r\n\r\n`), p.body, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** The body fed one byte at a time, so every delimiter is split across chunks. */
const byteByByte = (body: Buffer) => Readable.from((function* () {
  for (let i = 0; i < body.length; i++) yield body.subarray(i, i + 1);
})());

describe('multipart uploads', () => {
  it('reads the boundary from the Content-Type, quoted or not', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/pdf')).toBeUndefined();
  });

  it('takes the file part byte for byte, even with delimiters split across chunks', async () => {
    const trickyBody = Buffer.concat([PDF, Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}x`), PDF]);
    const body = form([
      { headers: 'Content-Disposition: form-data; name="note"', body: Buffer.from('hello') },
      { headers: `Content-Disposition: form-data; name="file"; filename="label.pdf"; filename*=UTF-8''%D0%AF.pdf\r\nContent-Type: application/pdf`, body: trickyBody },
    ]);
    const { part, file } = readFilePart(byteByByte(body), BOUNDARY, 1024 * 1024);
    expect(await part).toEqual({ name: 'Я.pdf', type: 'application/pdf' });
    const intake = await readUpload(file, mkdtempSync(join(tmpdir(), 'mp-')), 1024 * 1024);
    expect(intake.size).toBe(trickyBody.length);
    await intake.discard();
  });

  it('refuses a form without a file and one whose file passes the limit', async () => {
    const noFile = readFilePart(Readable.from([form([{ headers: 'Content-Disposition: form-data; name="note"', body: Buffer.from('x') }])]), BOUNDARY, 1024);
    await expect(noFile.part).rejects.toMatchObject({ code: 'INVALID_MULTIPART' });

    for (const size of [10 * 1024, 200 * 1024]) {
      // Past the limit by a little (the reader stops) or by more than the form overhead (the parser stops).
      const big = form([{ headers: 'Content-Disposition: form-data; name="file"; filename="a.bin"', body: Buffer.alloc(size, 0x41) }]);
      const { part, file } = readFilePart(Readable.from([big]), BOUNDARY, 1024);
      const error = await part.then(() => readUpload(file, mkdtempSync(join(tmpdir(), 'mp-')), 1024)).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'too_large' });
    }
  });
});
