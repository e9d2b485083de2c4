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
