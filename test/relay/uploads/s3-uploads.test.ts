// Uploads with RELAY_FILES=s3 against an S3-compatible server on loopback: the sweep deletes
// the objects, the free-disk check stays out of the way, an unreachable bucket is a 503 that
// stores nothing, and a cluster with local files is warned about at start.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../../relay/config';
import { createFileStore } from '../../../relay/uploads/index';
import { captureLogger } from '../../helpers/http';
import { startS3, type TestS3 } from '../../helpers/s3';
import { testConfig } from '../../helpers/test-config';
import { startHarness, type Harness } from '../app/harness';
import * as f from './fixtures';
import { local, upload } from './helpers';

const HOUR_MS = 3_600_000;
let s3: TestS3;
let h: Harness | undefined;
let clock = Date.now();
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.close());
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function harness(env: Env) {
  clock = Date.now();
  h = await startHarness({ env: { ...s3.env, ...env }, now: () => clock });
  return h;
}

describe('uploads on S3', () => {
  it('deletes the objects of uploads no message attached, and keeps the attached ones', async () => {
    const r = await harness({ RELAY_UPLOAD_UNATTACHED_HOURS: '1' });
    const before = await s3.keys();
    const { token } = await r.session();
    const kept = await (await upload(r, token, f.PNG, { name: 'kept.png' })).json();
    const stray = await (await upload(r, token, f.PDF, { name: 'stray.pdf' })).json();
    expect((await r.sendMessage(token, { id: 'm1', attachments: [{ fileId: kept.fileId }] })).status).toBe(202);
    expect(await s3.keys()).toEqual([...before, `files/${kept.fileId}`, `files/${stray.fileId}`].sort());

    clock += HOUR_MS + 1;
    expect(await r.app.relay.sweepUploads()).toBe(1);
    expect(await s3.keys()).toEqual([...before, `files/${kept.fileId}`].sort());
    expect((await fetch(local(r, stray.url))).status).toBe(404);
    expect((await fetch(local(r, kept.url))).status).toBe(200);
  });

  it('leaves RELAY_MIN_FREE_DISK_MB to local files: a bucket has no free space to check', async () => {
    const r = await harness({ RELAY_MIN_FREE_DISK_MB: '1000000000' });
    const { token } = await r.session();
    expect((await upload(r, token, f.PNG, { name: 'a.png' })).status).toBe(201);
  });

  it('answers 503 UNAVAILABLE with Retry-After while the bucket cannot be reached, and counts nothing against the quota', async () => {
    const gone = await startS3('gone-bucket');
    const env = gone.env;
    await gone.close();
    const r = await harness(env);
    const { visitorId, token } = await r.session();
    const res = await upload(r, token, f.PNG, { name: 'a.png' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).error.code).toBe('UNAVAILABLE');
    expect(await r.store.uploadBytes(visitorId)).toBe(0);
    expect(r.logs.text()).not.toContain('S3RVER'); // the keys never reach a log line
  });
});

describe('choosing the file store at start', () => {
  it('warns when several relays (REDIS_URL) keep files on their own disks, and not with S3', () => {
    const logs = captureLogger();
    createFileStore(testConfig({ REDIS_URL: 'redis://127.0.0.1:1' }), logs.log);
    expect(logs.text()).toMatch(/"level":40.*REDIS_URL.*local files.*RELAY_FILES=s3/);

    const quiet = captureLogger();
    createFileStore(testConfig({ REDIS_URL: 'redis://127.0.0.1:1', ...s3.env }), quiet.log).close?.();
    createFileStore(testConfig(), quiet.log);
    expect(quiet.text()).not.toContain('"level":40');
  });
});
