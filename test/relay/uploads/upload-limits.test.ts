// Attacks on the relay's disk through uploads: parallel uploads past a visitor's quota,
// uploads no message ever uses, a nearly full disk, and names or encodings that used to
// fail only after the file was stored.
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Env } from '../../../relay/config';
import { startHarness, type Harness } from '../app/harness';
import * as f from './fixtures';
import { local, upload } from './helpers';

const HOUR_MS = 3_600_000;
let h: Harness | undefined;
let clock = Date.now();
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function harness(env: Env) {
  clock = Date.now();
  h = await startHarness({ env, now: () => clock });
  return h;
}

/** The files the relay keeps on disk (their data files), staging aside. */
function storedFiles(harness: Harness): string[] {
  const dir = join(harness.config.dataDir, 'files');
  let shards: string[];
  try {
    shards = readdirSync(dir).filter((d) => d !== '.staging');
  } catch {
    return [];
  }
  return shards.flatMap((shard) => readdirSync(join(dir, shard)).filter((name) => name.endsWith('.bin')));
}

describe('upload quota', () => {
  it('lets 40 parallel uploads of one visitor store no more than its quota, refusing the rest with 413 UPLOAD_QUOTA_EXCEEDED', async () => {
    // The review's attack at a tenth of the scale: 40 parallel uploads of the largest size.
    const r = await harness({ RELAY_UPLOAD_MAX_BYTES: String(100 * 1024), RELAY_UPLOAD_QUOTA_BYTES: String(1024 * 1024) });
    const { visitorId, token } = await r.session();
    const body = Buffer.alloc(100 * 1024, 'a');
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => upload(r, token, body, { name: `part-${i}.txt`, type: 'text/plain' })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 413)).toHaveLength(30);
    const refused = answers.find((a) => a.status === 413)!;
    expect((await refused.json()).error.code).toBe('UPLOAD_QUOTA_EXCEEDED');
    expect(storedFiles(r)).toHaveLength(10);
    expect(await r.store.uploadBytes(visitorId)).toBe(10 * body.length);
    // Another visitor has a quota of its own.
    expect((await upload(r, (await r.session()).token, body, { name: 'x.txt', type: 'text/plain' })).status).toBe(201);
  });

  it('counts what was stored, not what was announced, and frees the quota of a failed upload', async () => {
    const text = Buffer.alloc(600, 'a');
    const r = await harness({ RELAY_UPLOAD_MAX_BYTES: '1024', RELAY_UPLOAD_QUOTA_BYTES: '1300' });
    const { visitorId, token } = await r.session();
    expect((await upload(r, token, f.EXE, { name: 'setup.exe' })).status).toBe(415);
    // Sent chunked, without a Content-Length: the largest upload's size is reserved while it
    // is read, then only the 600 bytes stored count.
    const chunked = await fetch(`${r.url}/v1/uploads?name=a.txt`, {
      method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new Blob([text]).stream(), duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(201);
    expect((await upload(r, token, text, { name: 'b.txt' })).status).toBe(201);
    expect(await r.store.uploadBytes(visitorId)).toBe(1200);
    expect((await upload(r, token, text, { name: 'c.txt' })).status).toBe(413);
  });
});

describe('uploads no message attached', () => {
  it('deletes them after RELAY_UPLOAD_UNATTACHED_HOURS, keeps attached ones, and gives back their quota', async () => {
    const r = await harness({ RELAY_UPLOAD_UNATTACHED_HOURS: '24' });
    const { visitorId, token } = await r.session();
    const kept = await (await upload(r, token, f.PNG, { name: 'kept.png' })).json();
    const stray = await (await upload(r, token, f.PDF, { name: 'stray.pdf' })).json();
    expect((await r.sendMessage(token, { id: 'm1', attachments: [{ fileId: kept.fileId }] })).status).toBe(202);

    clock += 23 * HOUR_MS;
    expect(await r.app.relay.sweepUploads()).toBe(0);
    clock += HOUR_MS + 1;
    expect(await r.app.relay.sweepUploads()).toBe(1);
    expect((await fetch(local(r, stray.url))).status).toBe(404);
    expect((await fetch(local(r, kept.url))).status).toBe(200);
    expect(storedFiles(r)).toEqual([`${kept.fileId}.bin`]);
    expect(await r.store.uploadBytes(visitorId)).toBe(f.PNG.length);
    // Too late to attach it now.
    const late = await r.sendMessage(token, { id: 'm2', attachments: [{ fileId: stray.fileId }] });
    expect(late.status).toBe(400);
    expect((await late.json()).error.code).toBe('ATTACHMENT_NOT_FOUND');
  });
});

describe('a nearly full disk', () => {
  it('refuses uploads with 507 STORAGE_FULL before reading them while free space is under RELAY_MIN_FREE_DISK_MB', async () => {
    // No test machine has a petabyte free.
    const r = await harness({ RELAY_MIN_FREE_DISK_MB: '1000000000' });
    const { visitorId, token } = await r.session();
    // Announced at 5 MB, of which only the first bytes are ever sent: the answer comes first.
    const early = await new Promise<number>((resolve, reject) => {
      const req = request(`${r.url}/v1/uploads?name=big.png`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-length': String(5 * 1024 * 1024) } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write(f.PNG);
    });
    expect(early).toBe(507);
    const res = await upload(r, token, f.PNG, { name: 'a.png' });
    expect(res.status).toBe(507);
    expect((await res.json()).error.code).toBe('STORAGE_FULL');
    expect(storedFiles(r)).toEqual([]);
    expect(await r.store.uploadBytes(visitorId)).toBe(0);
  });
});

describe('names and encodings refused before anything is stored', () => {
  it('refuses a ?name= longer than 1024 UTF-16 units, whose cut would split a surrogate pair, with 400 INVALID_FILE_NAME', async () => {
    const r = await harness({});
    const { visitorId, token } = await r.session();
    // Unit 1,024 is the first half of the emoji; the padding is what the sanitiser strips, so
    // a cut name used to keep the lone half, which no URL can carry.
    const split = `${' '.repeat(1021)}ab😀.png`;
    const res = await upload(r, token, f.PNG, { name: split });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('INVALID_FILE_NAME');
    expect(r.logs.text()).not.toContain('request failed');
    expect(storedFiles(r)).toEqual([]);
    expect(await r.store.uploadBytes(visitorId)).toBe(0);
    // A long name within the bound is fine, emoji and all, and stored shortened.
    const fits = await upload(r, token, f.PNG, { name: `${'a'.repeat(1000)}😀.png` });
    expect(fits.status).toBe(201);
  });

  it.each(['gzip', 'br', 'deflate'])('refuses an upload sent with Content-Encoding %s with 415, storing nothing', async (encoding) => {
    const r = await harness({});
    const { token } = await r.session();
    const res = await fetch(`${r.url}/v1/uploads?name=a.png`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-encoding': encoding }, body: f.PNG });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('UNSUPPORTED_ENCODING');
    expect(storedFiles(r)).toEqual([]);
  });
});
