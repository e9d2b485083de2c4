// DELETE /v1/visitor and the retention sweep, proven against what is left afterwards: no row of
// the visitor in SQLite, no key in Redis, no file on disk or in S3, a 404 for each former upload
// URL, a 401 for each former token, nothing of its outbox sent; other visitors untouched.
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../../relay/store/redis';
import type { Store } from '../../../relay/store/types';
import { sseReader } from '../../helpers/http';
import { deleteKeys, redisUrlOrSkip } from '../../helpers/redis';
import { startS3, type TestS3 } from '../../helpers/s3';
import { TEST_ORIGIN } from '../../helpers/test-config';
import { startHarness, type Harness } from '../app/harness';
import * as f from '../uploads/fixtures';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Filled {
  visitorId: string;
  token: string;
  /** Every token the visitor was given. */
  tokens: string[];
  fileIds: string[];
  urls: string[];
}

/** A visitor with history, an attached and a loose upload, and messages still in the outbox. */
async function filled(harness: Harness): Promise<Filled> {
  const { visitorId, token } = await harness.session({ profile: { name: 'Ada', email: 'ada@shop.example' } });
  const resumed = await harness.post('/v1/sessions', {}, { authorization: `Bearer ${token}` });
  const second = ((await resumed.json()) as { token: string }).token;
  const uploads = [];
  for (const body of [f.PNG, f.PDF]) {
    const res = await fetch(`${harness.url}/v1/uploads?name=file`, { method: 'POST', headers: { authorization: `Bearer ${second}` }, body });
    expect(res.status).toBe(201);
    uploads.push((await res.json()) as { fileId: string; url: string });
  }
  expect((await harness.sendMessage(second, { id: 'm1', text: 'my address is …', attachments: [{ fileId: uploads[0]!.fileId }] })).status).toBe(202);
  expect((await harness.sendMessage(second, { id: 'm2', text: 'still there?' })).status).toBe(202);
  const relative = (url: string) => new URL(url).pathname;
  return { visitorId, token: second, tokens: [token, second], fileIds: uploads.map((u) => u.fileId), urls: uploads.map((u) => relative(u.url)) };
}

async function eraseSelf(harness: Harness, token: string) {
  return fetch(`${harness.url}/v1/visitor`, { method: 'DELETE', headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN } });
}

/** Status of each visitor endpoint for a token. */
async function statuses(harness: Harness, token: string) {
  const auth = { authorization: `Bearer ${token}` };
  const answers = await Promise.all([
    fetch(`${harness.url}/v1/messages`, { headers: auth }),
    harness.sendMessage(token, { id: `probe-${randomUUID()}`, text: 'hi' }),
    fetch(`${harness.url}/v1/events?token=${encodeURIComponent(token)}`),
    fetch(`${harness.url}/v1/uploads?name=a.png`, { method: 'POST', headers: auth, body: f.PNG }),
    harness.post('/v1/sessions', {}, auth),
    fetch(`${harness.url}/v1/visitor`, { method: 'DELETE', headers: auth }),
  ]);
  for (const res of answers) if (res.status === 200 && res.headers.get('content-type')?.includes('event-stream')) await res.body?.cancel();
  return answers.map((r) => r.status);
}

const fileStatus = async (harness: Harness, path: string) => (await fetch(harness.url + path)).status;

/** Every row of every table of the relay's SQLite file that mentions one of the strings. */
function sqliteRowsMentioning(harness: Harness, needles: string[]): string[] {
  const db = new Database(join(harness.config.dataDir, 'relay.db'), { readonly: true });
  try {
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
    return tables.flatMap((table) =>
      db.prepare(`SELECT * FROM ${table}`).all().map((row) => `${table}: ${JSON.stringify(row)}`).filter((row) => needles.some((n) => row.includes(n))),
    );
  } finally {
    db.close();
  }
}

function filesOnDisk(harness: Harness): string[] {
  const dir = join(harness.config.dataDir, 'files');
  return (readdirSync(dir, { recursive: true }) as string[]).filter((name) => !name.startsWith('.staging'));
}

describe('DELETE /v1/visitor on the SQLite store and local files', () => {
  it('erases everything of the visitor and nothing of another', async () => {
    h = await startHarness();
    const gone = await filled(h);
    const kept = await filled(h);
    const stream = sseReader(await fetch(`${h.url}/v1/events`, { headers: { authorization: `Bearer ${gone.token}` } }));
    expect(await Promise.all(gone.urls.map((u) => fileStatus(h!, u)))).toEqual([200, 200]);

    const answer = await eraseSelf(h, gone.token);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    await stream.ended();

    expect(sqliteRowsMentioning(h, [gone.visitorId, ...gone.fileIds])).toEqual([]);
    expect(filesOnDisk(h).filter((name) => gone.fileIds.some((id) => name.includes(id)))).toEqual([]);
    expect(await Promise.all(gone.urls.map((u) => fileStatus(h!, u)))).toEqual([404, 404]);
    for (const token of gone.tokens) expect(await statuses(h, token)).toEqual([401, 401, 401, 401, 401, 401]);
    // Its messages waiting for Kit are gone from the outbox; only the other visitor's remain.
    const queued = await h.store.claim('test', Date.now() + 60_000, 60_000, 100);
    expect(queued.map((item) => item.visitorId)).toEqual([kept.visitorId]);

    expect(sqliteRowsMentioning(h, [kept.visitorId]).length).toBeGreaterThan(0);
    expect(await Promise.all(kept.urls.map((u) => fileStatus(h!, u)))).toEqual([200, 200]);
    const keptHistory = await fetch(`${h.url}/v1/messages`, { headers: { authorization: `Bearer ${kept.token}` } });
    expect(((await keptHistory.json()) as { messages: unknown[] }).messages).toHaveLength(2);
  });

  it('refuses without a valid token, erasing nothing', async () => {
    h = await startHarness();
    const visitor = await filled(h);
    expect((await fetch(`${h.url}/v1/visitor`, { method: 'DELETE' })).status).toBe(401);
    expect((await eraseSelf(h, `${visitor.token}x`)).status).toBe(401);
    expect(await h.store.getVisitor(visitor.visitorId)).toBeDefined();
  });

  it('lets a browser call it across origins: DELETE is in the preflight answer', async () => {
    h = await startHarness();
    const preflight = await fetch(`${h.url}/v1/visitor`, { method: 'OPTIONS', headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'DELETE' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/\bDELETE\b/);
  });
});

describe('DELETE /v1/visitor with uploads on S3', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(() => s3.close());

  it('deletes the visitor\'s objects from the bucket and keeps the others\'', async () => {
    h = await startHarness({ env: s3.env });
    const gone = await filled(h);
    const kept = await filled(h);
    expect((await eraseSelf(h, gone.token)).status).toBe(204);
    const keys = await s3.keys();
    expect(keys.filter((key) => gone.fileIds.some((id) => key.includes(id)))).toEqual([]);
    expect(keys.filter((key) => kept.fileIds.some((id) => key.includes(id)))).toHaveLength(2);
    expect(await Promise.all(gone.urls.map((u) => fileStatus(h!, u)))).toEqual([404, 404]);
  });
});

const url = redisUrlOrSkip('erasure on the Redis store');
if (url) {
  describe('DELETE /v1/visitor on the Redis store', () => {
    let prefix = '';
    let store: Store | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
      await deleteKeys(url, prefix);
    });

    it('leaves no key of the visitor, its user or its files, and keeps the other visitor\'s', async () => {
      prefix = `test:${randomUUID()}:`;
      store = await createRedisStore({ url, prefix, retentionMs: 90 * 86_400_000 });
      h = await startHarness({ store });
      const gone = await filled(h);
      const kept = await filled(h);
      await store.linkUser('user-erased', gone.visitorId);
      expect((await eraseSelf(h, gone.token)).status).toBe(204);

      const admin = new Redis(url);
      try {
        const keys = await admin.keys(`${prefix}*`);
        const mentions = async (needles: string[]) => {
          const found: string[] = [];
          for (const key of keys) {
            if (needles.some((n) => key.includes(n))) found.push(key);
            const type = await admin.type(key);
            const members = type === 'zset' ? await admin.zrange(key, 0, -1) : type === 'set' ? await admin.smembers(key) : type === 'list' ? await admin.lrange(key, 0, -1) : type === 'hash' ? Object.entries(await admin.hgetall(key)).flat() : type === 'string' ? [(await admin.get(key)) ?? ''] : [];
            if (members.some((m) => needles.some((n) => m.includes(n)))) found.push(`${key} (a member)`);
          }
          return found;
        };
        expect(await mentions([gone.visitorId, 'user-erased', ...gone.fileIds])).toEqual([]);
        expect((await mentions([kept.visitorId])).length).toBeGreaterThan(0);
      } finally {
        await admin.quit();
      }
      for (const token of gone.tokens) expect(await statuses(h, token)).toEqual([401, 401, 401, 401, 401, 401]);
      expect(await Promise.all(gone.urls.map((u) => fileStatus(h!, u)))).toEqual([404, 404]);
      expect(await Promise.all(kept.urls.map((u) => fileStatus(h!, u)))).toEqual([200, 200]);
    });
  });
}
