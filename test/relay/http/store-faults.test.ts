// The visitor API while the store fails chosen calls (test/helpers/faulty-store.ts): each answer
// is a clear 503 UNAVAILABLE with Retry-After, nothing half-written is left behind, and the
// same request repeated once the store is back does what it would have done, once.
import { afterEach, describe, expect, it } from 'vitest';
import { sseReader } from '../../helpers/http';
import { TEST_ORIGIN } from '../../helpers/test-config';
import { withFaults, type FaultyStore } from '../../helpers/faulty-store';
import { startHarness, type Harness } from '../app/harness';

let h: Harness;
let faults: FaultyStore;
afterEach(async () => {
  await h?.close();
});

async function start() {
  h = await startHarness({ wrapStore: (store) => (faults = withFaults(store)).store });
}

async function expectUnavailable(res: Response) {
  expect([res.status, res.headers.get('retry-after'), ((await res.json()) as { error: { code: string } }).error.code]).toEqual([503, '5', 'UNAVAILABLE']);
}

describe('store failures on the visitor API', () => {
  it('POST /v1/sessions: 503 while the visitor cannot be stored; the repeat starts one visitor', async () => {
    await start();
    faults.fail('createVisitor');
    await expectUnavailable(await h.post('/v1/sessions', { profile: { name: 'Ann' } }, { origin: TEST_ORIGIN }));
    expect(faults.failed.createVisitor).toBe(1);

    const res = await h.post('/v1/sessions', { profile: { name: 'Ann' } }, { origin: TEST_ORIGIN });
    expect(res.status).toBe(201);
    const { visitorId } = (await res.json()) as { visitorId: string };
    expect(await h.store.getVisitor(visitorId)).toMatchObject({ visitorId, profile: { name: 'Ann' } });
  });

  it('POST /v1/sessions with a token: 503 while the visitor cannot be updated, and the token still works', async () => {
    await start();
    const { visitorId, token } = await h.session();
    faults.fail('updateVisitor');
    await expectUnavailable(await h.post('/v1/sessions', {}, { origin: TEST_ORIGIN, authorization: `Bearer ${token}` }));
    const again = await h.post('/v1/sessions', {}, { origin: TEST_ORIGIN, authorization: `Bearer ${token}` });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ visitorId });
  });

  it('POST /v1/messages: 503 while the message cannot be stored, nothing kept, and the repeat stores it once', async () => {
    await start();
    const { visitorId, token } = await h.session();
    faults.fail('accept');
    await expectUnavailable(await h.sendMessage(token, { id: 'm1', text: 'Is my order on its way?' }));
    expect(await h.store.list(visitorId, 0, 10)).toEqual([]);
    expect(await h.store.outboxDepth()).toBe(0);

    expect((await h.sendMessage(token, { id: 'm1', text: 'Is my order on its way?' })).status).toBe(202);
    expect((await h.sendMessage(token, { id: 'm1', text: 'Is my order on its way?' })).status).toBe(202);
    const entries = await h.store.list(visitorId, 0, 10);
    expect(entries.map((e) => (e.type === 'message' ? e.message.text : e.type))).toEqual(['Is my order on its way?']);
    expect(await h.store.outboxDepth()).toBe(1);
  });

  it('POST /v1/messages: 503 while the visitor token cannot be checked, and no message is kept', async () => {
    await start();
    const { visitorId, token } = await h.session();
    faults.fail('tokenGeneration');
    await expectUnavailable(await h.sendMessage(token, { id: 'm1', text: 'hello' }));
    expect(await h.store.list(visitorId, 0, 10)).toEqual([]);
  });

  it('GET /v1/events: 503 before the stream opens while the token cannot be checked', async () => {
    await start();
    const { token } = await h.session();
    faults.fail('tokenGeneration');
    const res = await fetch(`${h.url}/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    await expectUnavailable(res);
  });

  it('GET /v1/events: a replay the store fails ends the stream, and the reconnection replays every entry', async () => {
    await start();
    const { token } = await h.session();
    for (const id of ['a', 'b', 'c']) await h.sendMessage(token, { id, text: id });
    faults.fail('list');
    const broken = await fetch(`${h.url}/v1/events`, { headers: { authorization: `Bearer ${token}`, 'last-event-id': '0' } });
    expect(broken.status).toBe(200);
    // The stream ends without sending an entry: the browser's EventSource reconnects.
    expect(await broken.text()).not.toMatch(/^id: /m);
    expect(faults.failed.list).toBe(1);

    const res = await fetch(`${h.url}/v1/events`, { headers: { authorization: `Bearer ${token}`, 'last-event-id': '0' } });
    const sse = sseReader(res);
    const replayed = [await sse.nextData(), await sse.nextData(), await sse.nextData()];
    expect(replayed.map((e) => e.id)).toEqual(['1', '2', '3']);
    await res.body?.cancel().catch(() => undefined);
  });
});
