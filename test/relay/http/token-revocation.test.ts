// Tokens that used to live on: a reset (logout) now revokes every token of the visitor issued
// so far, each token dies at its absolute lifetime however often it is used, and a token is
// compared in its one canonical spelling.
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../../widget/transport/http';
import { sseReader } from '../../helpers/http';
import { TEST_ORIGIN } from '../../helpers/test-config';
import { startHarness, type Harness } from '../app/harness';
import * as f from '../uploads/fixtures';

const DAY_MS = 24 * 3600_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every visitor endpoint a stolen token could be used on, with the status each answered. */
async function everywhere(harness: Harness, token: string): Promise<Record<string, number>> {
  const auth = { authorization: `Bearer ${token}` };
  const [list, send, events, query, upload, resume] = await Promise.all([
    fetch(`${harness.url}/v1/messages`, { headers: auth }),
    harness.sendMessage(token, { id: `probe-${Math.random().toString(36).slice(2)}`, text: 'hi' }),
    fetch(`${harness.url}/v1/events`, { headers: auth }),
    fetch(`${harness.url}/v1/events?token=${encodeURIComponent(token)}`),
    fetch(`${harness.url}/v1/uploads?name=a.png`, { method: 'POST', headers: auth, body: f.PNG }),
    harness.post('/v1/sessions', {}, auth),
  ]);
  for (const res of [events, query]) if (res.status === 200) await res.body?.cancel();
  return { list: list.status, send: send.status, events: events.status, query: query.status, upload: upload.status, resume: resume.status };
}
const all = (status: number) => ({ list: status, send: status === 200 ? 202 : status, events: status, query: status, upload: status === 200 ? 201 : status, resume: status });

describe('DELETE /v1/sessions', () => {
  it('revokes every token the visitor was ever given, ends its open streams, and leaves other visitors alone', async () => {
    h = await startHarness();
    const first = await h.session();
    const resumed = await h.post('/v1/sessions', {}, { authorization: `Bearer ${first.token}` });
    const second = ((await resumed.json()) as { token: string }).token;
    const other = await h.session();
    // Before: the old token still works beside the fresh one.
    expect(await everywhere(h, first.token)).toEqual(all(200));
    const stream = sseReader(await fetch(`${h.url}/v1/events`, { headers: { authorization: `Bearer ${second}` } }));

    const reset = await fetch(`${h.url}/v1/sessions`, { method: 'DELETE', headers: { authorization: `Bearer ${second}`, origin: TEST_ORIGIN } });
    expect(reset.status).toBe(204);
    expect(reset.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    await stream.ended();
    expect(await everywhere(h, first.token)).toEqual(all(401));
    expect(await everywhere(h, second)).toEqual(all(401));
    expect((await fetch(`${h.url}/v1/sessions`, { method: 'DELETE', headers: { authorization: `Bearer ${second}` } })).status).toBe(401);
    expect(await everywhere(h, other.token)).toEqual(all(200));
    // The browser starts over as a new visitor.
    expect((await h.post('/v1/sessions', {})).status).toBe(201);
  });

  it('lets a browser call it across origins: DELETE is in the preflight answer', async () => {
    h = await startHarness();
    const preflight = await fetch(`${h.url}/v1/sessions`, { method: 'OPTIONS', headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'DELETE' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/\bDELETE\b/);
  });

  it("is what the widget's transport calls on reset: afterwards the relay refuses the widget's token", async () => {
    h = await startHarness();
    const transport = createHttpTransport(h.url, globalThis as unknown as Window, () => Promise.reject(new Error('no uploads here')));
    const { token } = await transport.startSession({});
    expect((await transport.sendMessage(token, { id: 'before-reset', text: 'hi' })).status).toBe('accepted');
    await transport.endSession(token);
    await expect(transport.sendMessage(token, { id: 'after-reset', text: 'hi' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('revokes the same way when erasure or a logout bumps the generation through the store', async () => {
    h = await startHarness();
    const { visitorId, token } = await h.session();
    expect(await h.store.bumpTokenGeneration(visitorId)).toBe(1);
    expect(await everywhere(h, token)).toEqual(all(401));
  });
});

describe('the absolute lifetime of a token', () => {
  it('ends RELAY_TOKEN_MAX_AGE_DAYS after issue however often the token is used; resuming gives a fresh one', async () => {
    let clock = Date.now();
    h = await startHarness({ env: { RELAY_TOKEN_MAX_AGE_DAYS: '30' }, now: () => clock });
    const { token } = await h.session();
    const list = (t: string) => fetch(`${h!.url}/v1/messages`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status);
    for (let day = 1; day <= 29; day++) {
      clock += DAY_MS;
      expect([day, await list(token)]).toEqual([day, 200]);
    }
    // A resume on day 29 hands out a token good for 30 more days.
    const fresh = ((await (await h.post('/v1/sessions', {}, { authorization: `Bearer ${token}` })).json()) as { token: string }).token;
    clock += DAY_MS + 1;
    expect(await list(token)).toBe(401);
    expect(await list(fresh)).toBe(200);
    clock += 29 * DAY_MS;
    expect(await list(fresh)).toBe(401);
  });
});
