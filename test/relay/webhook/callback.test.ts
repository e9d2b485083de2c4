import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentMessage, startHarness, type Harness } from '../app/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const raw = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${h.url}/kit/callback`, { method: 'POST', headers, body });

describe('Kit callbacks', () => {
  it('answers the GET handshake with 200 OK', async () => {
    const res = await fetch(`${h.url}/kit/callback`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('OK');
  });

  it('answers a POST handshake without event_id, signed or not, with 200 OK', async () => {
    const salt = h.config.kit.callbackSalt;
    expect((await raw('', {})).status).toBe(200);
    expect((await raw('{}', { authorization: md5(`${salt}:${h.config.kit.signatureToken}`) })).status).toBe(200);
  });

  it('stores a signed agent message in the visitor mailbox and answers 200 OK', async () => {
    const { visitorId } = await h.session();
    const res = await h.callback(agentMessage(visitorId, 'ev-1', 'Your order ships today'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('OK');
    const [entry] = await h.store.list(visitorId, 0, 10);
    expect(entry).toMatchObject({ seq: 1, type: 'message', message: { id: 'm-ev-1', from: 'agent', text: 'Your order ships today' } });
    expect(h.metrics.callbacks.get({ outcome: 'delivered' })).toBe(1);
  });

  it('reads the body whatever Content-Type Kit sends', async () => {
    const { visitorId } = await h.session();
    const event = agentMessage(visitorId, 'ev-ct');
    const signature = md5(`${h.config.kit.callbackSalt}:${h.config.kit.signatureToken}:ev-ct`);
    const res = await raw(JSON.stringify(event), { 'content-type': 'text/plain', authorization: signature });
    expect(res.status).toBe(200);
    expect(await h.store.lastSeq(visitorId)).toBe(1);
  });

  it.each([
    ['a Bearer prefix', (sig: string) => `Bearer ${sig}`],
    ['upper-case hex', (sig: string) => sig.toUpperCase()],
  ])('accepts a signature with %s', async (_name, shape) => {
    const { visitorId } = await h.session();
    const event = agentMessage(visitorId, 'ev-shape');
    const res = await h.callback(event, shape(md5(`${h.config.kit.callbackSalt}:${h.config.kit.signatureToken}:ev-shape`)));
    expect(res.status).toBe(200);
    expect(await h.store.lastSeq(visitorId)).toBe(1);
  });

  it.each([
    ['missing', null],
    ['forged', md5('guess:guess:ev-x')],
    ['signed for another event', undefined],
  ])('refuses a %s signature with 401 INVALID_SIGNATURE and delivers nothing', async (name, header) => {
    const { visitorId } = await h.session();
    const event = agentMessage(visitorId, 'ev-x');
    const authorization = name === 'signed for another event' ? md5(`${h.config.kit.callbackSalt}:${h.config.kit.signatureToken}:ev-other`) : header;
    const res = await h.callback(event, authorization);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('INVALID_SIGNATURE');
    expect(await h.store.lastSeq(visitorId)).toBe(0);
    expect(h.metrics.callbacks.get({ outcome: 'rejected' })).toBe(1);
  });

  it('delivers a duplicate event_id only once', async () => {
    const { visitorId } = await h.session();
    const event = agentMessage(visitorId, 'ev-dup');
    expect((await h.callback(event)).status).toBe(200);
    expect((await h.callback(event)).status).toBe(200);
    expect(await h.store.lastSeq(visitorId)).toBe(1);
    expect(h.metrics.callbacks.get({ outcome: 'duplicate' })).toBe(1);
  });

  it('maps close_conversation to a closed-conversation entry', async () => {
    const { visitorId } = await h.session();
    const res = await h.callback({ client_data: { client_id: visitorId }, event_id: 'ev-close', event_type: 'close_conversation', event_data: { close_reason: 'CLOSED_BY_BOT' } });
    expect(res.status).toBe(200);
    expect(await h.store.list(visitorId, 0, 10)).toEqual([{ seq: 1, type: 'conversation', state: 'closed', reason: 'CLOSED_BY_BOT' }]);
  });

  it('answers 200 and delivers nothing for an unknown event type, a missing client_id or an unknown visitor', async () => {
    const { visitorId } = await h.session();
    expect((await h.callback({ client_data: { client_id: visitorId }, event_id: 'ev-t', event_type: 'chat_transfer', event_data: {} })).status).toBe(200);
    expect((await h.callback({ ...agentMessage(visitorId, 'ev-c'), client_data: {} })).status).toBe(200);
    expect((await h.callback(agentMessage('nobody-here-0000000000', 'ev-u'))).status).toBe(200);
    expect(await h.store.lastSeq(visitorId)).toBe(0);
    expect(h.metrics.callbacks.get({ outcome: 'ignored' })).toBe(3);
  });

  it('refuses malformed JSON with 400 and a body over 1 MB with 413, never a 5xx', async () => {
    const bad = await raw('{"event_id": ', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_JSON');
    const huge = await raw(JSON.stringify({ event_id: 'e', pad: 'x'.repeat(1024 * 1024) }), { 'content-type': 'application/json' });
    expect(huge.status).toBe(413);
    const wrongType = await h.callback({ event_id: 42, event_type: 'send_message' });
    expect(wrongType.status).toBe(400);
  });

  it('answers 503 when the store cannot take the event, so a retry can deliver it later', async () => {
    const { visitorId } = await h.session();
    await h.store.close();
    const res = await h.callback(agentMessage(visitorId, 'ev-down'));
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('UNAVAILABLE');
  });
});
