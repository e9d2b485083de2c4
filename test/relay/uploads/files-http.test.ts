// GET /files with each file store: the same headers, ranges and sandbox from local disk and
// from S3 (an S3-compatible server on loopback).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Env } from '../../../relay/config';
import { startHarness, type Harness } from '../app/harness';
import { startS3, type TestS3 } from '../../helpers/s3';
import * as f from './fixtures';
import { local, upload } from './helpers';

let h: Harness;
let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.close());

describe.each([
  ['local files', (): Env => ({})],
  ['files on S3', (): Env => s3.env],
])('GET /files/:fileId/:name with %s', (_store, filesEnv) => {
  beforeEach(async () => {
    h = await startHarness({ env: { RELAY_UPLOAD_TYPES: 'image/png,application/pdf,text/plain,text/html,image/svg+xml', ...filesEnv() } });
  });
  afterEach(() => h.close());

  async function stored(bytes: Buffer, name: string, type = 'application/octet-stream') {
    const { token } = await h.session();
    const res = await upload(h, token, bytes, { name, type });
    expect(res.status).toBe(201);
    return (await res.json()) as { fileId: string; url: string; name: string };
  }

  it('serves an image inline with the same bytes and every protective header', async () => {
    const file = await stored(f.PNG, 'фото 1.png');
    const res = await fetch(local(h, file.url));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(f.PNG)).toBe(true);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(f.PNG.length),
      'content-disposition': `inline; filename="____ 1.png"; filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE%201.png`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'cross-origin',
      'cache-control': 'private, max-age=31536000, immutable',
    });
  });

  it('serves text as a download with a charset', async () => {
    const file = await stored(f.TEXT, 'notes.txt');
    const res = await fetch(local(h, file.url));
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it.each([
    ['HTML', f.HTML, 'page.html', 'text/html'],
    ['SVG', f.SVG, 'logo.svg', 'image/svg+xml'],
  ])('serves %s that the configuration allows only as a sandboxed download', async (_n, bytes, name, type) => {
    const file = await stored(bytes, name);
    const res = await fetch(local(h, file.url));
    expect(res.headers.get('content-type')).toBe(type.startsWith('text/') ? `${type}; charset=utf-8` : type);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 for an unknown id, a wrong name, or a malformed id', async () => {
    const file = await stored(f.PDF, 'label.pdf');
    expect((await fetch(`${h.url}/files/${file.fileId}/other.pdf`)).status).toBe(404);
    expect((await fetch(`${h.url}/files/${'A'.repeat(24)}/label.pdf`)).status).toBe(404);
    expect((await fetch(`${h.url}/files/..%2F..%2Frelay-secret/label.pdf`)).status).toBe(404);
    expect((await fetch(`${h.url}/files/${file.fileId}`)).status).toBe(404);
  });

  it('serves byte ranges, answers 304 to a matching ETag and HEAD without a body', async () => {
    const file = await stored(f.PDF, 'label.pdf');
    const url = local(h, file.url);
    const part = await fetch(url, { headers: { range: 'bytes=0-4' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-4/${f.PDF.length}`);
    expect(await part.text()).toBe('%PDF-');
    expect((await fetch(url, { headers: { range: `bytes=${f.PDF.length}-` } })).status).toBe(416);
    const etag = (await fetch(url)).headers.get('etag') ?? '';
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(f.PDF.length));
    expect(await head.text()).toBe('');
  });
});
