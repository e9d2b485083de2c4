import { request, type ClientRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sseReader } from '../../helpers/http';
import { agentMessage, startHarness, type Harness } from '../app/harness';

let h: Harness;
const open: { cancel(): Promise<unknown> }[] = [];
beforeEach(async () => {
  h = await startHarness({ env: { RELAY_STREAMS_PER_VISITOR: '2' } });
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.cancel();
  await h.close();
});

async function events(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}/v1/events${query}`, { headers });
  if (res.body) open.push({ cancel: () => res.body!.cancel().catch(() => {}) });
  return res;
}

async function stream(token: string, headers: Record<string, string> = {}, query = '') {
  const res = await events(`?token=${encodeURIComponent(token)}${query}`, headers);
  expect(res.status).toBe(200);
  return { res, sse: sseReader(res) };
}

describe('GET /v1/events', () => {
  it('answers with event-stream headers and a retry hint', async () => {
    const { token } = await h.session();
    const { res, sse } = await stream(token);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect((await sse.next()).retry).toBe('3000');
  });

  it('replays the mailbox after Last-Event-ID, then streams new entries live with seq as the event id', async () => {
    const { visitorId, token } = await h.session();
    for (const id of ['a', 'b', 'c']) await h.sendMessage(token, { id, text: id });
    const res = await events('', { authorization: `Bearer ${token}`, 'last-event-id': '1' });
    const sse = sseReader(res);
    const replayed = [await sse.nextData(), await sse.nextData()];
    expect(replayed.map((e) => [e.id, e.event, e.json.message.id])).toEqual([['2', 'message', 'b'], ['3', 'message', 'c']]);

    await h.store.markDelivered(visitorId, 'a');
    const live = await sse.nextData();
    expect(live.id).toBe('4');
    expect(live.event).toBe('status');
    expect(live.json).toEqual({ seq: 4, type: 'status', id: 'a', status: 'delivered' });
  });

  it('resumes from ?after= with the token in the query (EventSource)', async () => {
    const { token } = await h.session();
    for (const id of ['a', 'b']) await h.sendMessage(token, { id, text: id });
    const { sse } = await stream(token, {}, '&after=1');
    expect((await sse.nextData()).id).toBe('2');
  });

  it('delivers a signed Kit callback to the open stream', async () => {
    const { visitorId, token } = await h.session();
    const { sse } = await stream(token);
    expect((await h.callback(agentMessage(visitorId, 'ev-1', 'Hello Ivan'))).status).toBe(200);
    const ev = await sse.nextData();
    expect(ev.event).toBe('message');
    expect(ev.json.message).toMatchObject({ from: 'agent', text: 'Hello Ivan', sender: { name: 'Anna Petrova' } });
  });

  it('never skips or repeats an entry when appends race with the replay', async () => {
    const { visitorId, token } = await h.session();
    for (let i = 0; i < 450; i++) await h.store.append(visitorId, { type: 'conversation', state: 'closed', reason: `r${i}` });
    const pending = stream(token);
    const writer = (async () => {
      for (let i = 450; i < 500; i++) {
        await h.store.append(visitorId, { type: 'conversation', state: 'closed', reason: `r${i}` });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const { sse } = await pending;
    await writer;
    const seqs: number[] = [];
    while (seqs.length < 500) seqs.push(Number((await sse.nextData()).id));
    expect(seqs).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  });

  it('sends a heartbeat comment while idle', async () => {
    const { token } = await h.session();
    const { sse } = await stream(token);
    await sse.next(); // retry hint
    expect((await sse.next()).comment).toBe('hb');
  });

  it("never streams one visitor's entries to another", async () => {
    const a = await h.session();
    const b = await h.session();
    await h.sendMessage(a.token, { id: 'a1', text: 'private' });
    const { sse } = await stream(b.token);
    await h.callback(agentMessage(a.visitorId, 'ev-a', 'for A'));
    await h.sendMessage(b.token, { id: 'b1', text: 'mine' });
    const first = await sse.nextData();
    expect(first.json).toMatchObject({ seq: 1, message: { id: 'b1' } });
  });

  it('caps open streams per visitor with 429 and frees a slot when a stream closes', async () => {
    const { token } = await h.session();
    const s1 = await stream(token);
    await stream(token);
    const third = await events(`?token=${token}`);
    expect(third.status).toBe(429);
    expect((await third.json()).error.code).toBe('TOO_MANY_STREAMS');
    await s1.sse.cancel();
    await expect.poll(() => h.app.relay.openStreams).toBe(1);
    expect(h.metrics.openStreams.get()).toBe(1);
    expect((await events(`?token=${token}`)).status).toBe(200);
  });

  it('refuses a missing or invalid token with 401 and a bad Last-Event-ID with 400', async () => {
    expect((await events('')).status).toBe(401);
    expect((await events('?token=v1.x.y.z')).status).toBe(401);
    const { token } = await h.session();
    const bad = await events(`?token=${token}`, { 'last-event-id': 'abc' });
    expect(bad.status).toBe(400);
  });

  it('ends every stream on graceful shutdown', async () => {
    const { token } = await h.session();
    const { sse } = await stream(token);
    h.app.relay.stop();
    await sse.ended();
    expect(h.metrics.openStreams.get()).toBe(0);
  });
});

describe('stream limits', () => {
  let limited: Harness | undefined;
  const held: ClientRequest[] = [];
  afterEach(async () => {
    for (const req of held.splice(0)) req.destroy();
    await limited?.close();
    limited = undefined;
  });

  /** Opens an event stream it never reads; resolves with the status once the headers arrive. */
  function holdStream(url: string, token: string, address?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(`${url}/v1/events`, { headers: { authorization: `Bearer ${token}`, ...(address ? { 'x-forwarded-for': address } : {}) } });
      held.push(req);
      req.on('response', (res) => {
        if (res.statusCode !== 200) res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('holds at most 200 never-read streams from one address and answers the rest 429 TOO_MANY_STREAMS', async () => {
    limited = await startHarness({ trustProxy: ['127.0.0.1'] });
    // The default limits: 30 new visitors a minute from one address, 8 streams each.
    const visitors = await Promise.all(Array.from({ length: 30 }, () => limited!.session()));
    const statuses: number[] = [];
    for (const v of visitors) statuses.push(...(await Promise.all(Array.from({ length: 8 }, () => holdStream(limited!.url, v.token)))));
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    expect(limited.app.relay.openStreams).toBe(200);
    // A visitor with no stream yet is refused too: the address is full.
    const res = await limited.post('/v1/sessions', {}, { 'x-forwarded-for': '203.0.113.80' });
    const other = (await res.json()) as { token: string };
    const refused = await fetch(`${limited.url}/v1/events`, { headers: { authorization: `Bearer ${other.token}` } });
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '30']);
    expect((await refused.json()).error).toEqual({ code: 'TOO_MANY_STREAMS', message: expect.stringMatching(/address/) });
    // Another address is not held back by this one.
    expect(await holdStream(limited.url, other.token, '203.0.113.80')).toBe(200);
  });

  it('caps the streams of the whole process', async () => {
    limited = await startHarness({ env: { RELAY_STREAMS_MAX: '3' }, trustProxy: ['127.0.0.1'] });
    const visitors = await Promise.all(Array.from({ length: 4 }, () => limited!.session()));
    const statuses = [];
    for (const [i, v] of visitors.entries()) statuses.push(await holdStream(limited.url, v.token, `198.51.100.${i + 1}`));
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('ends a stream after its maximum age, and the reconnect resumes without a gap', async () => {
    limited = await startHarness({ env: { RELAY_STREAM_MAX_AGE_MS: '1000' } });
    const { visitorId, token } = await limited.session();
    const res = await fetch(`${limited.url}/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    const sse = sseReader(res);
    await limited.store.append(visitorId, { type: 'conversation', state: 'closed', reason: 'first' });
    expect((await sse.nextData()).id).toBe('1');
    const stillOpen = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the stream is still open after 3 s')), 3000).unref());
    await Promise.race([sse.ended(), stillOpen]);
    await expect.poll(() => limited!.app.relay.openStreams).toBe(0);
    await limited.store.append(visitorId, { type: 'conversation', state: 'closed', reason: 'meanwhile' });
    const again = sseReader(await fetch(`${limited.url}/v1/events`, { headers: { authorization: `Bearer ${token}`, 'last-event-id': '1' } }));
    expect((await again.nextData()).json).toMatchObject({ seq: 2, reason: 'meanwhile' });
    await again.cancel();
  });
});
