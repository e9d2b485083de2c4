// One signed-in user on two browsers, each streaming from its own relay on one Redis: both get
// the same visitor (Kit's client_id), what one writes is history for the other, and an
// operator's reply, called back to whichever relay, reaches both streams at once. Erasure from
// one relay ends the streams on both and leaves the user nothing.
import { createHmac, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxEntry } from '../../protocol/relay-api';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { deleteKeys, redisUrlOrSkip } from '../helpers/redis';
import { readUntil, startVisitor, type EventStream } from './visitor';

const SECRET = 'identity-secret-for-cluster-0123456789abcd';
const url = redisUrlOrSkip('signed identity across two relays on Redis');

if (url) {
  let stack: RelayStack | undefined;
  const open: EventStream[] = [];
  let prefix = '';
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.cancel()));
    await stack?.close();
    stack = undefined;
    await deleteKeys(url, prefix);
  });

  const identity = (userId: string) => ({ userId, userHash: createHmac('sha256', SECRET).update(userId).digest('hex') });
  const isReply = (text: string) => (e: MailboxEntry) => e.type === 'message' && e.message.text === text;

  describe('one user on two browsers, two relays on one Redis', () => {
    it('is one visitor: same client_id and history, and a reply reaches both streams', async () => {
      prefix = `id-${randomUUID().slice(0, 8)}:`;
      stack = await startRelayStack({ env: { REDIS_URL: url!, RELAY_REDIS_PREFIX: prefix, RELAY_IDENTITY_SECRET: SECRET } });
      const [a, b] = [stack.relay, await stack.addRelay()];

      const laptop = await startVisitor(a.url, { identity: identity('customer-1') });
      expect((await laptop.send('from-laptop', 'Where is order 1042?')).status).toBe(202);
      const phone = await startVisitor(b.url, { identity: identity('customer-1') });
      expect(phone.visitorId).toBe(laptop.visitorId);

      const onLaptop = await laptop.stream({ relayUrl: a.url });
      const onPhone = await phone.stream({ relayUrl: b.url });
      open.push(onLaptop, onPhone);
      // The phone sees the laptop's message as history.
      await readUntil(onPhone, (e) => e.type === 'message' && e.message.id === 'from-laptop');
      await readUntil(onLaptop, (e) => e.type === 'message' && e.message.id === 'from-laptop');

      // Kit knows one client for the user, whatever device wrote, and nothing of the identity.
      await expect.poll(() => stack!.sim.conversations().map((c) => c.clientId), { timeout: 5000 }).toEqual([laptop.visitorId]);
      expect(JSON.stringify(stack.sim.conversations())).not.toMatch(new RegExp(`customer-1|${identity('customer-1').userHash}`));
      for (const target of [a, b]) {
        stack.routeCallbacksTo(target);
        const text = `Shipped today (via ${target === a ? 'A' : 'B'})`;
        expect((await stack.sim.reply(laptop.visitorId, { text })).delivered).toBe(true);
        await Promise.all([readUntil(onLaptop, isReply(text)), readUntil(onPhone, isReply(text))]);
      }

      // Erased from the phone's relay: both streams end, and both tokens are refused everywhere.
      const erased = await fetch(`${b.url}/v1/visitor`, { method: 'DELETE', headers: { authorization: `Bearer ${phone.token}` } });
      expect(erased.status).toBe(204);
      await Promise.all([onLaptop.ended(3000), onPhone.ended(3000)]);
      for (const [relay, token] of [[a, laptop.token], [b, phone.token], [a, phone.token]] as const) {
        expect((await fetch(`${relay.url}/v1/messages`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      }
      // Signing in again starts the user afresh, with nothing of before.
      const again = await startVisitor(a.url, { identity: identity('customer-1') });
      expect(again.visitorId).not.toBe(laptop.visitorId);
      expect(await again.mailbox()).toEqual([]);
    });
  });
}
