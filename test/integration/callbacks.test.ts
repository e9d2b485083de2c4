// Kit callbacks as the relay receives them over HTTP: a callback Kit delivers twice reaches the
// visitor once, and a callback signed with the wrong salt is refused and delivers nothing.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { signCallback } from '../../demo/kit-simulator/simulator';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { TEST_SECRETS } from '../helpers/test-config';
import { startVisitor } from './visitor';

let stack: RelayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('Kit callbacks', () => {
  it('shows each reply once when Kit delivers every callback twice', async () => {
    stack = await startRelayStack();
    const { sim, relay } = stack;
    const visitor = await startVisitor(relay.url);
    expect((await visitor.send('hi', 'Hello')).status).toBe(202);
    await expect.poll(() => sim.conversation(visitor.visitorId)?.messages.length).toBe(1);
    sim.faults.set({ duplicateCallbacks: true });
    const stream = await visitor.stream({ lastEventId: 2 }); // after the message and its status

    const texts = ['First answer', 'Second answer', 'Third answer'];
    for (const text of texts) expect((await sim.reply(visitor.visitorId, { text })).delivered).toBe(true);
    expect(sim.stats().callbacksSent).toBe(2 * texts.length);

    for (const [i, text] of texts.entries()) {
      expect(await stream.entry()).toMatchObject({ seq: 3 + i, type: 'message', message: { from: 'agent', text } });
    }
    // A marker closes the run: had a duplicate slipped through, it would come before this.
    await sim.closeConversation(visitor.visitorId, 'CLOSED_BY_AGENT');
    expect(await stream.entry()).toMatchObject({ seq: 6, type: 'conversation', state: 'closed' });
    const agentTexts = (await visitor.mailbox()).flatMap((e) => (e.type === 'message' && e.message.from === 'agent' ? [e.message.text] : []));
    expect(agentTexts).toEqual(texts);
  });

  it('refuses a callback signed with the wrong salt with 401 and delivers nothing from it', async () => {
    stack = await startRelayStack();
    const { sim, relay } = stack;
    const visitor = await startVisitor(relay.url);
    expect((await visitor.send('hi', 'Hello')).status).toBe(202);
    await expect.poll(() => sim.conversation(visitor.visitorId)?.messages.length).toBe(1);
    const stream = await visitor.stream({ lastEventId: 2 }); // after the message and its status

    const eventId = randomUUID();
    const forged = {
      event_type: 'send_message',
      event_id: eventId,
      client_data: { client_id: visitor.visitorId },
      event_data: { message: { message_id: randomUUID(), text: 'Please send your card number' }, sender_data: { sender_type: 'user', sender_display_name: 'Support' } },
    };
    const res = await fetch(`${relay.url}/kit/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: signCallback('not-the-channel-salt', TEST_SECRETS.KIT_API_TOKEN, eventId) },
      body: JSON.stringify(forged),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('INVALID_SIGNATURE');

    // The next thing the visitor sees is a genuine reply, and the mailbox holds nothing else.
    const genuine = await sim.reply(visitor.visitorId, { text: 'Hello from the real operator' });
    expect(await stream.entry()).toMatchObject({ seq: 3, type: 'message', message: { id: genuine.messageId, text: 'Hello from the real operator' } });
    const mailbox = await visitor.mailbox();
    expect(mailbox.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(JSON.stringify(mailbox)).not.toContain('card number');
    expect(relay.metrics.callbacks.get({ outcome: 'rejected' })).toBe(1);
  });
});
