import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../app/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ env: { RELAY_TEXT_MAX_CHARS: '50' } });
});
afterEach(() => h.close());

describe('POST /v1/messages', () => {
  it('accepts a message durably (202, queued, in the outbox) and wakes the outbox worker', async () => {
    const { visitorId, token } = await h.session({ profile: { name: 'Ivan' } });
    const res = await h.sendMessage(token, { id: 'msg-1', text: '  Where is my order?  ' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: 'msg-1', seq: 1, status: 'accepted' });
    expect(h.outbox.kick).toHaveBeenCalledTimes(1);
    expect(h.metrics.messagesIn.get()).toBe(1);

    const [entry] = await h.store.list(visitorId, 0, 10);
    expect(entry).toMatchObject({ seq: 1, type: 'message', message: { id: 'msg-1', from: 'visitor', text: 'Where is my order?', status: 'accepted' } });
    const [item] = await h.store.claim('test', Date.now() + 1000, 1000, 10);
    expect(item?.event).toMatchObject({
      event_type: 'send_message',
      client_data: { client_id: visitorId, client_display_name: 'Ivan' },
      event_data: { message: { message_id: 'msg-1', text: 'Where is my order?' } },
    });
    expect(item?.event.event_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the page the message was written on into its Kit event, over the page the session started on', async () => {
    const { visitorId, token } = await h.session({ page: { url: 'https://shop.example/', title: 'Shop', referrer: 'https://search.example/' } });
    await h.sendMessage(token, { id: 'on-cart', text: 'Is this in stock?', page: { url: 'https://shop.example/cart#step-2', title: 'Cart' } });
    await h.sendMessage(token, { id: 'no-page', text: 'And shipping?' });
    const items = await h.store.claim('test', Date.now() + 1000, 1000, 10);
    expect(items.find((i) => i.messageId === 'on-cart')?.event.client_data.page).toEqual({ url: 'https://shop.example/cart#step-2', title: 'Cart' });
    await h.store.markDelivered(visitorId, 'on-cart');
    const [next] = await h.store.claim('test', Date.now() + 1000, 1000, 10);
    expect(next?.event.client_data.page).toEqual({ url: 'https://shop.example/', title: 'Shop' });
  });

  it('answers a repeated id with the first answer and queues it only once', async () => {
    const { visitorId, token } = await h.session();
    const first = await (await h.sendMessage(token, { id: 'dup', text: 'once' })).json();
    const again = await h.sendMessage(token, { id: 'dup', text: 'once' });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(first);
    expect(await h.store.outboxDepth()).toBe(1);
    expect(h.outbox.kick).toHaveBeenCalledTimes(1);
    expect(await h.store.lastSeq(visitorId)).toBe(1);
  });

  it('answers a repeat with the current status once Kit has confirmed the message', async () => {
    const { visitorId, token } = await h.session();
    await h.sendMessage(token, { id: 'dup', text: 'once' });
    await h.store.markDelivered(visitorId, 'dup');
    const again = await (await h.sendMessage(token, { id: 'dup', text: 'once' })).json();
    expect(again).toEqual({ id: 'dup', seq: 1, status: 'delivered' });
  });

  it.each([
    ['a missing id', { text: 'hi' }, 'INVALID_REQUEST'],
    ['an id with spaces', { id: 'a b', text: 'hi' }, 'INVALID_REQUEST'],
    ['an id longer than 64 characters', { id: 'x'.repeat(65), text: 'hi' }, 'INVALID_REQUEST'],
    ['text over the limit', { id: 'm', text: 'x'.repeat(51) }, 'TEXT_TOO_LONG'],
    ['blank text', { id: 'm', text: '   \n ' }, 'EMPTY_MESSAGE'],
    ['no text at all', { id: 'm' }, 'EMPTY_MESSAGE'],
    ['an unknown field', { id: 'm', text: 'hi', from: 'agent' }, 'INVALID_REQUEST'],
    ['a page with an unknown field', { id: 'm', text: 'hi', page: { url: 'https://shop.example/', referrer: 'x' } }, 'INVALID_REQUEST'],
    ['a page address over 2048 characters', { id: 'm', text: 'hi', page: { url: `https://shop.example/${'a'.repeat(2048)}` } }, 'INVALID_REQUEST'],
    ['a page title that is not text', { id: 'm', text: 'hi', page: { title: 42 } }, 'INVALID_REQUEST'],
    ['an attachment that is not an upload of this visitor', { id: 'm', attachments: [{ fileId: 'f1' }] }, 'ATTACHMENT_NOT_FOUND'],
  ])('refuses %s with 400 %s and queues nothing', async (_name, body, code) => {
    const { token } = await h.session();
    const res = await h.sendMessage(token, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe(code);
    expect(await h.store.outboxDepth()).toBe(0);
  });

  it('refuses malformed JSON with 400 INVALID_JSON and a huge body with 413 PAYLOAD_TOO_LARGE', async () => {
    const { token } = await h.session();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const bad = await fetch(`${h.url}/v1/messages`, { method: 'POST', headers, body: '{"id": "m", "text": ' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_JSON');
    const huge = await fetch(`${h.url}/v1/messages`, { method: 'POST', headers, body: JSON.stringify({ id: 'm', text: 'x'.repeat(h.config.limits.bodyMaxBytes) }) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('requires a visitor token', async () => {
    const res = await h.post('/v1/messages', { id: 'm', text: 'hi' });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHORIZED');
  });
});

describe('GET /v1/messages', () => {
  it('pages through the mailbox after a seq, with the last seq', async () => {
    const { token } = await h.session();
    for (const id of ['a', 'b', 'c']) await h.sendMessage(token, { id, text: id });
    const res = await fetch(`${h.url}/v1/messages?after=1&limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.lastSeq).toBe(3);
    expect(page.messages.map((e: { seq: number }) => e.seq)).toEqual([2]);
  });

  it('pages back from a seq with before, oldest first, and gives the newest page for a before past the end', async () => {
    const { token } = await h.session();
    for (const id of ['a', 'b', 'c', 'd', 'e']) await h.sendMessage(token, { id, text: id });
    const get = async (query: string) => (await fetch(`${h.url}/v1/messages?${query}`, { headers: { authorization: `Bearer ${token}` } })).json();
    const older = await get('before=4&limit=2');
    expect(older.lastSeq).toBe(5);
    expect(older.messages.map((e: { seq: number }) => e.seq)).toEqual([2, 3]);
    expect((await get('before=999999&limit=3')).messages.map((e: { message: { id: string } }) => e.message.id)).toEqual(['c', 'd', 'e']);
    expect((await get('before=1')).messages).toEqual([]);
  });

  it.each(['after=-1', 'after=abc', 'limit=0', 'limit=501', 'after=1.5', 'before=-1', 'before=x', 'after=1&before=5'])('refuses %s with 400', async (query) => {
    const { token } = await h.session();
    const res = await fetch(`${h.url}/v1/messages?${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('INVALID_REQUEST');
  });

  it('never shows one visitor the messages of another', async () => {
    const a = await h.session();
    const b = await h.session();
    await h.sendMessage(a.token, { id: 'secret', text: 'for A only' });
    const res = await fetch(`${h.url}/v1/messages`, { headers: { authorization: `Bearer ${b.token}` } });
    expect(await res.json()).toEqual({ messages: [], lastSeq: 0 });
    // B sending the same id makes B's own message, not a repeat of A's.
    const sent = await (await h.sendMessage(b.token, { id: 'secret', text: 'for B' })).json();
    expect(sent).toEqual({ id: 'secret', seq: 1, status: 'accepted' });
    expect((await h.store.list(a.visitorId, 0, 10)).map((e) => e.seq)).toEqual([1]);
  });
});
