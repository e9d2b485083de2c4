// Event sending into the simulated channel (docs/kit-api.md §3): strict schema, recording per client,
// per-message_id counts and the send faults.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKitSimulator, type KitSimulator } from '../../../demo/kit-simulator/simulator';
import { CREDS, jwtFor, send, sendEvent } from './helpers';

let sim: KitSimulator;
let jwt: string;

beforeEach(async () => {
  sim = await createKitSimulator({ ...CREDS, callbackRetry: { attempts: 1 } });
  jwt = await jwtFor(sim.url);
});
afterEach(async () => {
  await sim.close();
});

describe('schema', () => {
  it.each([
    ['a wrong event_type', { event_type: 'close_conversation' }, 'event_type'],
    ['a missing client_id', { client_data: { client_display_name: 'x' } }, 'client_data.client_id'],
    ['a numeric message_id', { event_data: { message: { message_id: 7, text: 'hi' } } }, 'event_data.message.message_id'],
    ['an unknown payload type', { event_data: { message: { message_id: 'm', payload: [{ type: 'sticker' }] } } }, 'payload.0.type'],
    ['an unknown top-level field', { conversation_id: 'c1' }, 'conversation_id'],
    ['a page field Kit does not document', { client_data: { client_id: 'c', page: { url: 'u', referrer: 'r' } } }, 'referrer'],
  ])('rejects %s with 400 in the ErrorType shape', async (_what, patch, mention) => {
    const { status, body } = await send(sim.url, jwt, { ...sendEvent(), ...patch });
    expect(status).toBe(400);
    expect(body.success).toBe(false);
    expect(body.result.code).toBe(400);
    expect(body.result.error).toContain(mention);
    expect(sim.stats()).toMatchObject({ sends: 0, sendsRejected: 1 });
    expect(sim.conversations()).toEqual([]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await fetch(`${sim.url}/${CREDS.channelUuid}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: '{"event_type":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, result: { code: 400 } });
  });

  it('accepts media, location and contact payload items', async () => {
    const event = sendEvent();
    event.event_data.message.payload = [
      { type: 'photo', file_name: 'box.jpg', file_url: 'https://files.example.com/box.jpg' },
      { type: 'location', latitude: 52.52, longitude: 13.4, address: 'Berlin' },
      { type: 'contact', name: 'Ivan', number: '+49151' },
    ];
    expect((await send(sim.url, jwt, event)).status).toBe(200);
  });

  it('answers 404 for another channel uuid', async () => {
    const { status, body } = await send(sim.url, jwt, sendEvent(), '11111111-2222-3333-4444-555555555555');
    expect(status).toBe(404);
    expect(body).toMatchObject({ success: false, result: { code: 404 } });
  });
});

describe('recording', () => {
  it('records a valid event under its client with the client data and counts it by message_id', async () => {
    const { status, body } = await send(sim.url, jwt, sendEvent({ clientId: 'cust-1', messageId: 'msg-a', text: 'Where is my parcel?' }));
    expect(status).toBe(200);
    expect(body).toEqual({ success: true, result: true });
    const conversation = sim.conversation('cust-1');
    expect(conversation).toMatchObject({
      clientId: 'cust-1',
      status: 'open',
      unread: 1,
      client: { client_display_name: 'Ivan Sokolov', client_email: 'ivan.sokolov@example.com', page: { title: 'Order #5531 - Example Shop' } },
      messages: [{ id: 'msg-a', from: 'visitor', text: 'Where is my parcel?' }],
    });
    expect(sim.stats().sendsByMessageId).toEqual({ 'msg-a': 1 });
  });

  it('counts a repeated message_id twice instead of de-duplicating it', async () => {
    await send(sim.url, jwt, sendEvent({ messageId: 'msg-dup' }));
    await send(sim.url, jwt, sendEvent({ messageId: 'msg-dup' }));
    expect(sim.stats().sendsByMessageId['msg-dup']).toBe(2);
    expect(sim.conversation('cust-48213')?.messages).toHaveLength(2);
  });

  it('opens a new conversation when the client writes after a close', async () => {
    await send(sim.url, jwt, sendEvent({ clientId: 'cust-2' }));
    const first = sim.conversation('cust-2')!.id;
    await sim.closeConversation('cust-2', 'CLOSED_BY_AGENT');
    expect(sim.conversation('cust-2')?.status).toBe('closed');
    await send(sim.url, jwt, sendEvent({ clientId: 'cust-2' }));
    const second = sim.conversation('cust-2')!;
    expect(second.id).not.toBe(first);
    expect(second.status).toBe('open');
    expect(sim.conversations().filter((c) => c.clientId === 'cust-2')).toHaveLength(2);
  });
});

describe('send faults', () => {
  it('answers 503 to the next N sends only, then accepts again', async () => {
    sim.faults.set({ sendStatus: 503, count: 2 });
    const event = sendEvent({ messageId: 'msg-retry' });
    expect((await send(sim.url, jwt, event)).status).toBe(503);
    const second = await send(sim.url, jwt, event);
    expect(second.status).toBe(503);
    expect(second.body).toMatchObject({ success: false, result: { code: 503 } });
    expect((await send(sim.url, jwt, event)).status).toBe(200);
    expect(sim.stats().sendsByMessageId).toEqual({ 'msg-retry': 1 });
    expect(sim.faults.current().sendStatus).toBeNull();
  });

  it('keeps answering the injected status until cleared when no count is given', async () => {
    sim.faults.set({ sendStatus: 418 });
    for (let i = 0; i < 3; i += 1) expect((await send(sim.url, jwt, sendEvent())).status).toBe(418);
    sim.faults.clear();
    expect((await send(sim.url, jwt, sendEvent())).status).toBe(200);
  });

  it('drops the connection without an answer while dropConnections is on', async () => {
    sim.faults.set({ dropConnections: true });
    await expect(send(sim.url, jwt, sendEvent())).rejects.toThrow();
    expect(sim.stats().sends).toBe(0);
  });

  it('rejects ill-typed fault settings without changing anything', () => {
    expect(() => sim.faults.set({ sendStatus: 200 })).toThrow(/sendStatus/);
    expect(() => sim.faults.set({ nonsense: true } as never)).toThrow(/unknown fault/);
    expect(sim.faults.current().sendStatus).toBeNull();
  });
});
