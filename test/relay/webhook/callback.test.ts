import { createHash } from 'node:crypto';
import { request } from 'node:http';
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

  it('answers a signed POST handshake without event_id with 200 OK, whatever salt signed it', async () => {
    const salt = h.config.kit.callbackSalt;
    expect((await raw('', { authorization: md5(`${salt}:${h.config.kit.signatureToken}`) })).status).toBe(200);
    expect((await raw('{}', { authorization: md5(`${salt}:${h.config.kit.signatureToken}`) })).status).toBe(200);
    // At channel creation the relay may not know the new channel's salt yet.
    expect((await raw('{}', { authorization: md5('salt-of-a-new-channel:token') })).status).toBe(200);
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
    const signed = { 'content-type': 'application/json', authorization: md5('some-event') };
    const bad = await raw('{"event_id": ', signed);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_JSON');
    const huge = await raw(JSON.stringify({ event_id: 'e', pad: 'x'.repeat(1024 * 1024) }), signed);
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

describe('Kit callbacks under attack', () => {
  const typing = (visitorId: string, eventId: string) => ({ client_data: { client_id: visitorId }, event_id: eventId, event_type: 'typing', event_data: {} });

  it.each([
    ['an event type it ignores', (a: string, id: string) => typing(a, id)],
    ['a send_message without a message', (a: string, id: string) => ({ ...agentMessage(a, id), event_data: { sender_data: {} } })],
    ['an unknown client_id', (_a: string, id: string) => agentMessage('nobody-here-0000000000', id)],
  ])("never lets the signature of %s carry another body into a visitor's history", async (_name, ignored) => {
    const a = await h.session();
    const b = await h.session();
    const signature = md5(`${h.config.kit.callbackSalt}:${h.config.kit.signatureToken}:ev-reused`);
    expect((await h.callback(ignored(a.visitorId, 'ev-reused'), signature)).status).toBe(200);
    // The same event_id and Authorization, the body rewritten into a message for B.
    const rewritten = await h.callback(agentMessage(b.visitorId, 'ev-reused', 'Please confirm your card number'), signature);
    expect(rewritten.status).toBe(200);
    expect(await h.store.list(b.visitorId, 0, 10)).toEqual([]);
    expect(await h.store.list(a.visitorId, 0, 10)).toEqual([]);
    expect(h.metrics.callbacks.get({ outcome: 'duplicate' })).toBe(1);
  });

  it('answers 401 to an Authorization that is not 32 hex characters before the body has arrived', async () => {
    for (const authorization of [undefined, 'Bearer', 'x'.repeat(32), `${md5('a')}0`, md5('a').slice(1)]) {
      const { status, bodySent } = await postWithoutEnding(`${h.url}/kit/callback`, authorization);
      expect(status).toBe(401);
      expect(bodySent).toBe(false);
    }
    expect(h.metrics.callbacks.get({ outcome: 'rejected' })).toBe(5);
  });

  it('refuses a body nested a million levels deep with 400 INVALID_JSON', async () => {
    const res = await raw(`${'['.repeat(524_000)}${']'.repeat(524_000)}`, { authorization: md5('any'), 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('INVALID_JSON');
    // Deep enough for any real Kit event.
    const { visitorId } = await h.session();
    const deep = agentMessage(visitorId, 'ev-deep', 'hi', { payload: [{ type: 'custom_data', data: JSON.parse(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`) }] });
    expect((await h.callback(deep)).status).toBe(200);
  });

  it.each(['gzip', 'br', 'deflate'])('answers a malformed %s body with 400 INVALID_BODY, not a 500', async (encoding) => {
    const res = await raw('this is not compressed', { authorization: md5('any'), 'content-type': 'application/json', 'content-encoding': encoding });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('INVALID_BODY');
    expect(h.logs.text()).not.toContain('request failed');
  });
});

describe('refused callbacks per address', () => {
  let proxied: Harness;
  beforeEach(async () => {
    proxied = await startHarness({ env: { RELAY_RATE_CALLBACK_REFUSED_PER_MIN: '3' }, trustProxy: ['127.0.0.1'] });
  });
  afterEach(() => proxied.close());

  it('answers 429 at once to an address past its refusals, and keeps taking Kit callbacks from others', async () => {
    const { visitorId } = await proxied.session();
    const from = (address: string) => ({ 'x-forwarded-for': address, 'content-type': 'application/json' });
    const post = (headers: Record<string, string>, body = '{"event_id":"ev-forged"}') =>
      fetch(`${proxied.url}/kit/callback`, { method: 'POST', headers, body });
    for (let i = 0; i < 3; i++) expect((await post({ ...from('198.51.100.7'), authorization: md5(`guess-${i}`) })).status).toBe(401);
    const refused = await post({ ...from('198.51.100.7'), authorization: md5('guess-3') });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await refused.json()).error.code).toBe('RATE_LIMITED');
    const { status, bodySent } = await postWithoutEnding(`${proxied.url}/kit/callback`, md5('x'), { 'x-forwarded-for': '198.51.100.7' });
    expect([status, bodySent]).toEqual([429, false]);

    const event = agentMessage(visitorId, 'ev-real');
    const signature = md5(`${proxied.config.kit.callbackSalt}:${proxied.config.kit.signatureToken}:ev-real`);
    expect((await post({ ...from('203.0.113.9'), authorization: signature }, JSON.stringify(event))).status).toBe(200);
    expect(await proxied.store.lastSeq(visitorId)).toBe(1);
  });
});

/**
 * Sends the headers and the first bytes of a body that never ends; resolves with the status
 * the relay answered and whether the request had to send its whole body first.
 */
function postWithoutEnding(url: string, authorization: string | undefined, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; bodySent: boolean }>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024 - 1), ...headers, ...(authorization ? { authorization } : {}) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, bodySent: false });
      req.destroy();
    });
    req.on('error', (err) => reject(err));
    req.write('{"event_id":"ev-slow","pad":"');
    setTimeout(() => {
      resolve({ status: 0, bodySent: true });
      req.destroy();
    }, 3000).unref();
  });
}
