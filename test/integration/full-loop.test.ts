// The whole chat loop over real HTTP: widget → relay → Kit simulator → operator reply → relay →
// the visitor's event stream, then a closed conversation and a new one on the next message.
import { afterEach, describe, expect, it } from 'vitest';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { BROWSER_UA, readUntil, startVisitor } from './visitor';

let stack: RelayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const SESSION = {
  profile: { name: 'Maria Lopez', email: 'maria@example.com' },
  locale: 'es',
  page: { url: 'https://shop.example/cart?step=2', title: 'Your cart' },
  utm: { source: 'newsletter', medium: 'email', campaign: 'spring' },
};

describe('full chat loop through the relay and the Kit simulator', () => {
  it('carries a visitor message to Kit with the client data, and the reply, the close and a reopen back', async () => {
    stack = await startRelayStack();
    const { sim, relay } = stack;
    const visitor = await startVisitor(relay.url, SESSION);
    const stream = await visitor.stream();

    const sent = await visitor.send('m-1', 'Is the blue one in stock?');
    expect(sent).toEqual({ status: 202, body: { id: 'm-1', seq: 1, status: 'accepted' } });
    const upToSent = await readUntil(stream, (e) => e.type === 'status');
    expect(upToSent).toEqual([
      expect.objectContaining({ seq: 1, type: 'message', message: expect.objectContaining({ id: 'm-1', from: 'visitor', status: 'accepted' }) }),
      { seq: 2, type: 'status', id: 'm-1', status: 'delivered' },
    ]);

    const conversation = sim.conversation(visitor.visitorId)!;
    expect(conversation.status).toBe('open');
    expect(conversation.messages.map((m) => [m.id, m.from, m.text])).toEqual([['m-1', 'visitor', 'Is the blue one in stock?']]);
    expect(conversation.client).toEqual({
      client_id: visitor.visitorId,
      client_display_name: 'Maria Lopez',
      client_email: 'maria@example.com',
      client_language: 'es',
      page: { url: 'https://shop.example/cart?step=2', title: 'Your cart' },
      utm: { source: 'newsletter', medium: 'email', campaign: 'spring' },
      device: { type: 'mobile', user_agent: BROWSER_UA },
    });

    const reply = await sim.reply(visitor.visitorId, { text: 'Yes, two left in size M.' });
    expect(reply.delivered).toBe(true);
    expect(await stream.entry()).toEqual({
      seq: 3,
      type: 'message',
      message: expect.objectContaining({ id: reply.messageId, from: 'agent', text: 'Yes, two left in size M.', sender: expect.objectContaining({ name: 'Anna Petrova' }) }),
    });

    await sim.closeConversation(visitor.visitorId, 'CLOSED_BY_AGENT');
    expect(await stream.entry()).toEqual({ seq: 4, type: 'conversation', state: 'closed', reason: 'CLOSED_BY_AGENT' });
    expect(sim.conversation(visitor.visitorId)!.status).toBe('closed');

    expect((await visitor.send('m-2', 'One more question')).status).toBe(202);
    await readUntil(stream, (e) => e.type === 'status' && e.id === 'm-2');
    const reopened = sim.conversation(visitor.visitorId)!;
    expect(reopened.id).not.toBe(conversation.id);
    expect(reopened.status).toBe('open');
    expect(reopened.messages.map((m) => m.id)).toEqual(['m-2']);
    expect(sim.stats().sendsByMessageId).toEqual({ 'm-1': 1, 'm-2': 1 });
  });
});
