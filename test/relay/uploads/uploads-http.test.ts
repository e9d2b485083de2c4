import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../app/harness';
import * as f from './fixtures';
import { local, upload, uploadForm } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ env: { RELAY_UPLOAD_MAX_BYTES: String(1024 * 1024) } });
});
afterEach(() => h.close());

describe('POST /v1/uploads', () => {
  it.each([
    ['a PNG', f.PNG, 'image/png', 'photo.png'],
    ['a PDF', f.PDF, 'application/pdf', 'label.pdf'],
  ])('accepts %s with the sniffed type, an unguessable id and its public URL', async (_n, bytes, type, name) => {
    const { token } = await h.session();
    const res = await upload(h, token, bytes, { type, name });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ fileId: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/), url: `http://relay.test/files/${body.fileId}/${name}`, name, size: bytes.length, type });
  });

  it('stores a PNG declared as a PDF as a PNG, with a name that says so', async () => {
    const { token } = await h.session();
    const body = await (await upload(h, token, f.PNG, { type: 'application/pdf', name: 'invoice.pdf' })).json();
    expect(body).toMatchObject({ type: 'image/png', name: 'invoice.pdf.png' });
    const served = await fetch(local(h, body.url));
    expect(served.headers.get('content-type')).toBe('image/png');
  });

  it('accepts a multipart form with one file field and ignores the other fields', async () => {
    const { token } = await h.session();
    const res = await uploadForm(h, token, f.PDF, { name: 'Счёт 5531.pdf', type: 'application/pdf' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ name: 'Счёт 5531.pdf', type: 'application/pdf', size: f.PDF.length });
    expect(Buffer.from(await (await fetch(local(h, body.url))).arrayBuffer()).equals(f.PDF)).toBe(true);
  });

  it.each([
    ['HTML with a script', f.HTML, 'text/html'],
    ['SVG with a script', f.SVG, 'image/svg+xml'],
    ['SVG declared as an image', f.XML_SVG, 'image/png'],
    ['a Windows executable', f.EXE, 'application/pdf'],
    ['random bytes', f.RANDOM, 'image/jpeg'],
    ['a plain ZIP', f.PLAIN_ZIP, 'application/zip'],
  ])('refuses %s with 415 UNSUPPORTED_TYPE', async (_n, bytes, type) => {
    const { token } = await h.session();
    const res = await upload(h, token, bytes, { type, name: 'x' });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('UNSUPPORTED_TYPE');
  });

  it('refuses a type the configuration leaves out, even when sniffed', async () => {
    const strict = await startHarness({ env: { RELAY_UPLOAD_TYPES: 'image/png' } });
    try {
      const { token } = await strict.session();
      expect((await upload(strict, token, f.PDF, { name: 'a.pdf' })).status).toBe(415);
      expect((await upload(strict, token, f.PNG, { name: 'a.png' })).status).toBe(201);
    } finally {
      await strict.close();
    }
  });

  it('requires the visitor token', async () => {
    const res = await upload(h, undefined, f.PNG, { name: 'a.png' });
    expect(res.status).toBe(401);
    const forged = await upload(h, 'not-a-token', f.PNG, { name: 'a.png' });
    expect(forged.status).toBe(401);
  });

  it('refuses an empty body with 400 EMPTY_FILE', async () => {
    const { token } = await h.session();
    const res = await upload(h, token, new Uint8Array(0), { name: 'a.png' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('EMPTY_FILE');
  });

  it('refuses a body announced as too large before reading it', async () => {
    const { token } = await h.session();
    const res = await upload(h, token, Buffer.alloc(1024 * 1024 + 1, 0x41), { name: 'big.txt' });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect((await res.json()).error.code).toBe('FILE_TOO_LARGE');
  });

  it('answers a 50 MB chunked body with 413 and cuts the connection long before the end', async () => {
    const { token } = await h.session();
    const url = new URL(`${h.url}/v1/uploads?name=big.bin`);
    let written = 0;
    const outcome = await new Promise<{ status?: number; code?: string; written: number }>((resolve) => {
      const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' } });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      let done = false;
      const finish = (result: { status?: number; code?: string }) => {
        if (done) return;
        done = true;
        resolve({ ...result, written });
        req.destroy();
      };
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += String(d)));
        res.on('end', () => finish({ status: res.statusCode, code: JSON.parse(text).error.code }));
      });
      req.on('error', () => finish({}));
      const pump = () => {
        while (!done && written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!done) req.end();
      };
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(outcome.code).toBe('FILE_TOO_LARGE');
    expect(outcome.written).toBeLessThan(50 * 1024 * 1024);
  });

  it('counts uploads against the visitor rate limit', async () => {
    const limited = await startHarness({ env: { RELAY_RATE_VISITOR_PER_MIN: '2' } });
    try {
      const { token } = await limited.session();
      expect((await upload(limited, token, f.PNG, { name: 'a.png' })).status).toBe(201);
      expect((await upload(limited, token, f.PNG, { name: 'a.png' })).status).toBe(201);
      const third = await upload(limited, token, f.PNG, { name: 'a.png' });
      expect(third.status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
