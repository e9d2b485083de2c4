// Two relays on one Redis (REDIS_URL): the visitor streams from relay A while Kit's callbacks
// land on relay B, and the whole loop still works. Each run uses its own key prefix and deletes
// only its own keys. Skipped without REDIS_URL; under CI a missing REDIS_URL is a failure.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { readUntil, startVisitor } from './visitor';
import { deleteKeys, redisUrlOrSkip } from '../helpers/redis';

const url = redisUrlOrSkip('the two-relay Redis integration test');

if (url) {
  let stack: RelayStack | undefined;
  let prefix = '';
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    await deleteKeys(url, prefix);
  });

  describe('two relays on one Redis', () => {
    it('delivers a reply that lands on relay B to the visitor streaming from relay A, and the rest of the loop', async () => {
      prefix = `it-${randomUUID().slice(0, 8)}:`;
      stack = await startRelayStack({ env: { REDIS_URL: url, RELAY_REDIS_PREFIX: prefix } });
      const { sim } = stack;
      const relayA = stack.relay;
      const relayB = await stack.addRelay();
      stack.routeCallbacksTo(relayB);

      const visitor = await startVisitor(relayA.url, { profile: { name: 'Kenji' }, page: { url: 'https://shop.example/', title: 'Shop' } });
      const stream = await visitor.stream({ relayUrl: relayA.url });
      expect((await visitor.send('r-1', 'Hello from A')).status).toBe(202);
      await readUntil(stream, (e) => e.type === 'status' && e.id === 'r-1' && e.status === 'delivered');
      expect(sim.conversation(visitor.visitorId)!.client).toMatchObject({ client_display_name: 'Kenji', page: { url: 'https://shop.example/', title: 'Shop' } });

      const reply = await sim.reply(visitor.visitorId, { text: 'Answered via B' });
      expect(reply.delivered).toBe(true);
      expect(await stream.entry()).toMatchObject({ seq: 3, type: 'message', message: { id: reply.messageId, from: 'agent', text: 'Answered via B', sender: { name: 'Anna Petrova' } } });

      await sim.closeConversation(visitor.visitorId, 'CLOSED_BY_BOT');
      expect(await stream.entry()).toEqual({ seq: 4, type: 'conversation', state: 'closed', reason: 'CLOSED_BY_BOT' });

      // The next message may go through either relay; it reopens the conversation once.
      expect((await visitor.send('r-2', 'Back again', relayB.url)).status).toBe(202);
      await readUntil(stream, (e) => e.type === 'status' && e.id === 'r-2');
      expect(sim.conversation(visitor.visitorId)!.messages.map((m) => m.id)).toEqual(['r-2']);
      expect(sim.stats().sendsByMessageId).toEqual({ 'r-1': 1, 'r-2': 1 });
      expect(sim.stats().logins).toBe(1); // the token cache is shared
    });
  });
}
