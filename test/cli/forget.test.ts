// `kit-chat forget --visitor ID | --user USERID` against the store and files a relay left
// behind: SQLite in RELAY_DATA_DIR with local files, and Redis. The named visitor is gone
// (record, messages, files, tokens), another visitor is untouched.
import { randomUUID } from 'node:crypto';
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import type { Env } from '../../relay/config';
import { createRedisStore } from '../../relay/store/redis';
import { deleteKeys, redisUrlOrSkip } from '../helpers/redis';
import { testEnv } from '../helpers/test-config';
import { startHarness, type Harness } from '../relay/app/harness';
import * as f from '../relay/uploads/fixtures';

const SECRET = 'identity-secret-for-tests-0123456789abcdef';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function io(env: Env) {
  let out = '';
  let err = '';
  return { ctx: { env, cwd: env.RELAY_DATA_DIR!, stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) }, out: () => out, err: () => err };
}

/** A verified visitor with a message and an upload; its file URL path. */
async function visitor(harness: Harness, userId: string) {
  const userHash = createHmac('sha256', SECRET).update(userId).digest('hex');
  const res = await harness.post('/v1/sessions', { identity: { userId, userHash } });
  const { visitorId, token } = (await res.json()) as { visitorId: string; token: string };
  await harness.sendMessage(token, { id: 'm1', text: 'please forget me' });
  const up = await fetch(`${harness.url}/v1/uploads?name=a.png`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: f.PNG });
  return { visitorId, token, file: new URL(((await up.json()) as { url: string }).url).pathname };
}

async function gone(harness: Harness, v: { visitorId: string; token: string; file: string }) {
  return {
    record: await harness.store.getVisitor(v.visitorId),
    messages: (await harness.store.list(v.visitorId, 0, 10)).length,
    token: (await fetch(`${harness.url}/v1/messages`, { headers: { authorization: `Bearer ${v.token}` } })).status,
    file: (await fetch(harness.url + v.file)).status,
  };
}
const GONE = { record: undefined, messages: 0, token: 401, file: 404 };

describe('kit-chat forget on SQLite', () => {
  it('erases a visitor by id, and another by verified user id, leaving a third alone', async () => {
    const env = testEnv({ RELAY_IDENTITY_SECRET: SECRET });
    h = await startHarness({ env });
    const [byId, byUser, kept] = [await visitor(h, 'u-1'), await visitor(h, 'u-2'), await visitor(h, 'u-3')];

    const first = io({ ...env });
    expect(await runCli(['forget', '--visitor', byId.visitorId], first.ctx)).toBe(0);
    expect(first.out()).toContain(`Erased visitor ${byId.visitorId}`);
    const second = io({ ...env });
    expect(await runCli(['forget', '--user', 'u-2'], second.ctx)).toBe(0);

    expect(await gone(h, byId)).toEqual(GONE);
    expect(await gone(h, byUser)).toEqual(GONE);
    expect(await gone(h, kept)).toMatchObject({ messages: 1, token: 200, file: 200 });
  });

  it('says so, with status 1, for a visitor or user it does not know, and 2 for bad arguments', async () => {
    const env = testEnv();
    h = await startHarness({ env });
    const unknown = io({ ...env });
    expect(await runCli(['forget', '--visitor', 'AAAAAAAAAAAAAAAAAAAAAA'], unknown.ctx)).toBe(1);
    expect(unknown.err()).toContain('No such visitor');
    expect(await runCli(['forget', '--user', 'nobody'], io({ ...env }).ctx)).toBe(1);
    const both = io({ ...env });
    expect(await runCli(['forget', '--visitor', 'a', '--user', 'b'], both.ctx)).toBe(2);
    expect(both.err()).toContain('exactly one of');
    expect(await runCli(['forget'], io({ ...env }).ctx)).toBe(2);
  });
});

const url = redisUrlOrSkip('kit-chat forget on Redis');
if (url) {
  describe('kit-chat forget on Redis', () => {
    let prefix = '';
    afterEach(() => deleteKeys(url, prefix));

    it('erases the visitor from the Redis store the relays share', async () => {
      prefix = `test:${randomUUID()}:`;
      const env = testEnv({ RELAY_IDENTITY_SECRET: SECRET, REDIS_URL: url, RELAY_REDIS_PREFIX: prefix });
      const store = await createRedisStore({ url, prefix });
      h = await startHarness({ env, store });
      const [erased, kept] = [await visitor(h, 'r-1'), await visitor(h, 'r-2')];
      expect(await runCli(['forget', '--user', 'r-1'], io({ ...env }).ctx)).toBe(0);
      expect(await gone(h, erased)).toEqual(GONE);
      expect(await gone(h, kept)).toMatchObject({ messages: 1, token: 200, file: 200 });
    });
  });
}
