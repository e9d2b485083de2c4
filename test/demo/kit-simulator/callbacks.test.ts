// Callbacks from the simulated channel to the integrator (docs/kit-api.md §4): signature, sender
// data, attachments, close events, retries, duplicates and the echo bot.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKitSimulator, type KitSimulator } from '../../../demo/kit-simulator/simulator';
import { CREDS, jwtFor, send, sendEvent, startReceiver, type Receiver } from './helpers';

let sim: KitSimulator;
let receiver: Receiver;

const md5 = (value: string) => createHash('md5').update(value).digest('hex');

async function startWithVisitor(extra: Partial<Parameters<typeof createKitSimulator>[0]> = {}) {
  sim = await createKitSimulator({ ...CREDS, callbackUrl: receiver.url, callbackRetry: { baseDelayMs: 5 }, ...extra });
  expect((await send(sim.url, await jwtFor(sim.url), sendEvent({ clientId: 'cust-9', text: 'Hello?' }))).status).toBe(200);
}

beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await sim?.close();
  await receiver.close();
});

describe('operator replies', () => {
  it('deliver a send_message callback signed with MD5("salt:apiToken:event_id")', async () => {
    await startWithVisitor();
    const outcome = await sim.reply('cust-9', { text: 'Hi Ivan, checking now.' });
    expect(outcome).toMatchObject({ delivered: true, attempts: 1 });
    expect(receiver.received).toHaveLength(1);
    const [{ headers, body }] = receiver.received as [(typeof receiver.received)[0]];
    expect(headers['content-type']).toContain('application/json');
    expect(body.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.authorization).toBe(md5(`${CREDS.salt}:${CREDS.apiToken}:${body.event_id}`));
    expect(body).toMatchObject({
      client_data: { client_id: 'cust-9' },
      event_type: 'send_message',
      event_data: {
        sender_data: { sender_type: 'agent', is_bot: false, sender_display_name: 'Anna Petrova', sender_id: 1042 },
        message: { message_id: outcome.messageId, text: 'Hi Ivan, checking now.' },
      },
    });
    // Like an agent who never uploaded a picture: the widget shows initials instead.
    expect(body.event_data.sender_data).not.toHaveProperty('sender_avatar');
    expect(sim.conversation('cust-9')?.messages.at(-1)).toMatchObject({ from: 'agent', delivery: 'delivered' });
  });

  it('turn an attachment URL into a payload item typed by its extension', async () => {
    await startWithVisitor();
    await sim.reply('cust-9', { attachmentUrl: 'https://files.example.net/eu/label%205531.pdf' });
    await sim.reply('cust-9', { text: 'Photo', attachmentUrl: 'https://files.example.net/box.JPG?x=1' });
    const payloads = receiver.received.map((r) => r.body.event_data.message.payload);
    expect(payloads).toEqual([
      [{ type: 'document', file_name: 'label 5531.pdf', file_url: 'https://files.example.net/eu/label%205531.pdf' }],
      [{ type: 'photo', file_name: 'box.JPG', file_url: 'https://files.example.net/box.JPG?x=1' }],
    ]);
    expect(receiver.received[0]!.body.event_data.message).not.toHaveProperty('text');
  });

  it('mark the reply as coming from a bot when sent as the bot', async () => {
    await startWithVisitor();
    await sim.reply('cust-9', { text: 'I am a bot.', as: 'bot' });
    expect(receiver.received[0]!.body.event_data.sender_data).toMatchObject({ sender_type: 'bot', is_bot: true });
  });

  it('are refused for unknown clients and closed conversations', async () => {
    await startWithVisitor();
    await expect(sim.reply('nobody', { text: 'x' })).rejects.toMatchObject({ status: 404 });
    await sim.closeConversation('cust-9', 'CLOSED_BY_AGENT');
    await expect(sim.reply('cust-9', { text: 'x' })).rejects.toMatchObject({ status: 409 });
    await expect(sim.reply('cust-9', { attachmentUrl: 'javascript:alert(1)' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('closing', () => {
  it('sends close_conversation with the reason and agent sender data without sender_type', async () => {
    await startWithVisitor();
    const outcome = await sim.closeConversation('cust-9', 'CLOSED_BY_AGENT');
    expect(outcome.delivered).toBe(true);
    const { headers, body } = receiver.received[0]!;
    expect(headers.authorization).toBe(md5(`${CREDS.salt}:${CREDS.apiToken}:${body.event_id}`));
    expect(body).toMatchObject({
      client_data: { client_id: 'cust-9' },
      event_type: 'close_conversation',
      event_data: { close_reason: 'CLOSED_BY_AGENT', sender_data: { sender_id: 1042, is_bot: false } },
    });
    expect(body.event_data.sender_data).not.toHaveProperty('sender_type');
    expect(sim.conversation('cust-9')).toMatchObject({ status: 'closed', closeReason: 'CLOSED_BY_AGENT' });
  });

  it('sends no sender data for a timeout close', async () => {
    await startWithVisitor();
    await sim.closeConversation('cust-9', 'CLOSED_BY_CLIENT_TIMEOUT');
    expect(receiver.received[0]!.body.event_data).toEqual({ close_reason: 'CLOSED_BY_CLIENT_TIMEOUT' });
  });

  it('delivers a reply and the close that follows it in order', async () => {
    await startWithVisitor();
    receiver.statuses.push(500);
    const reply = sim.reply('cust-9', { text: 'Bye!' });
    const close = sim.closeConversation('cust-9');
    await Promise.all([reply, close]);
    expect(receiver.received.map((r) => r.body.event_type)).toEqual(['send_message', 'send_message', 'close_conversation']);
  });
});

describe('delivery faults', () => {
  it('retries a callback the receiver answers with 503 and reuses its event_id', async () => {
    await startWithVisitor();
    receiver.statuses.push(503, 503);
    const outcome = await sim.reply('cust-9', { text: 'Retry me' });
    expect(outcome).toMatchObject({ delivered: true, attempts: 3 });
    const ids = receiver.received.map((r) => r.body.event_id);
    expect(new Set(ids).size).toBe(1);
    expect(sim.stats()).toMatchObject({ callbacksSent: 1, callbackAttempts: 3, callbacksFailed: 0 });
  });

  it('gives up after the configured attempts and marks the message as failed', async () => {
    await startWithVisitor({ callbackRetry: { attempts: 2, baseDelayMs: 1 } });
    receiver.statuses.push(500, 500, 500);
    const outcome = await sim.reply('cust-9', { text: 'Lost' });
    expect(outcome).toMatchObject({ delivered: false, attempts: 2 });
    expect(sim.stats().callbacksFailed).toBe(1);
    expect(sim.conversation('cust-9')?.messages.at(-1)?.delivery).toBe('failed');
  });

  it('delivers every callback twice with the same event_id and signature while duplicateCallbacks is on', async () => {
    await startWithVisitor();
    sim.faults.set({ duplicateCallbacks: true });
    await sim.reply('cust-9', { text: 'Twice' });
    await sim.closeConversation('cust-9');
    expect(receiver.received.map((r) => r.body.event_type)).toEqual([
      'send_message', 'send_message', 'close_conversation', 'close_conversation',
    ]);
    expect(receiver.received[0]!.body).toEqual(receiver.received[1]!.body);
    expect(receiver.received[0]!.headers.authorization).toBe(receiver.received[1]!.headers.authorization);
    expect(sim.stats().callbacksSent).toBe(4);
  });

  it('sends to a callback URL set after start', async () => {
    await startWithVisitor({ callbackUrl: undefined, callbackRetry: { attempts: 1 } });
    expect((await sim.reply('cust-9', { text: 'nowhere' })).delivered).toBe(false);
    sim.setCallbackUrl(receiver.url);
    expect((await sim.reply('cust-9', { text: 'here' })).delivered).toBe(true);
    expect(receiver.received).toHaveLength(1);
  });
});

describe('echo bot', () => {
  it('answers each visitor message as a bot when switched on', async () => {
    await startWithVisitor({ echoBot: true, echoDelayMs: 0 });
    await expect.poll(() => receiver.received).toHaveLength(1);
    await sim.callbacksIdle();
    expect(receiver.received[0]!.body.event_data).toMatchObject({
      sender_data: { sender_type: 'bot', is_bot: true },
      message: { text: 'Echo: Hello?' },
    });
    expect(sim.conversation('cust-9')?.messages.map((m) => m.from)).toEqual(['visitor', 'bot']);
  });

  it('stays silent when switched off', async () => {
    await startWithVisitor({ echoBot: true, echoDelayMs: 0 });
    await expect.poll(() => receiver.received).toHaveLength(1);
    sim.setEchoBot(false);
    await send(sim.url, await jwtFor(sim.url), sendEvent({ clientId: 'cust-9' }));
    await sim.reply('cust-9', { text: 'marker' });
    expect(receiver.received.map((r) => r.body.event_data.message.text)).toEqual(['Echo: Hello?', 'marker']);
  });
});
