// The relay against the simulator behaving as Kit may (docs/kit-api.md §2.5, §5, §6): the channel's
// test request, 429 with Retry-After, HTTP 200 with success:false, bursts of concurrent callbacks
// out of order, and a callback message with neither text nor payload.
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxEntry } from '../../protocol/relay-api';
import { signCallback } from '../../relay/webhook/signature';
import { deleteKeys } from '../helpers/redis';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { TEST_SECRETS } from '../helpers/test-config';
import { readUntil, startVisitor, type Visitor } from './visitor';

let stack: RelayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const messages = (entries: MailboxEntry[]) => entries.flatMap((e) => (e.type === 'message' && e.message.from !== 'visitor' ? [e.message.text] : []));

/** A visitor who has written once, so Kit has a conversation with them. */
async function visitorKnownToKit(s: RelayStack): Promise<Visitor> {
  const visitor = await startVisitor(s.relay.url);
  expect((await visitor.send('hello', 'Hello')).status).toBe(202);
  await expect.poll(() => s.sim.conversation(visitor.visitorId)?.messages.length).toBe(1);
  return visitor;
}

describe('the relay and Kit as documented, including the undocumented corners', () => {
  it('answers Kit\'s test request with 200 when the Callback URL is saved, and reports it', async () => {
    stack = await startRelayStack();
    const outcome = await stack.sim.setCallbackUrl(`${stack.relay.url}/kit/callback`);
    expect(outcome).toMatchObject({ status: 200 });
    const { callbacks } = await (await fetch(`${stack.relay.url}/readyz`)).json();
    expect(callbacks).toMatchObject({ testRequestAt: expect.any(String), testRequestSignatureMatches: true });
  });

  it('waits out Retry-After when Kit answers 429, and every message still reaches Kit once', async () => {
    stack = await startRelayStack();
    stack.sim.faults.set({ rateLimitPerSecond: 3 });
    const visitors = await Promise.all(Array.from({ length: 8 }, () => startVisitor(stack!.relay.url)));
    const sent = await Promise.all(visitors.map((v, i) => v.send(`burst-${i}`, `Message ${i}`)));
    expect(sent.every((r) => r.status === 202)).toBe(true);
    await expect.poll(() => Object.keys(stack!.sim.stats().sendsByMessageId).length, { timeout: 15_000 }).toBe(8);

    expect(Object.values(stack.sim.stats().sendsByMessageId).every((n) => n === 1)).toBe(true);
    const attempts = stack.sim.sendAttempts();
    const limited = attempts.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const refusal of limited) {
      const next = attempts.find((a) => a.messageId === refusal.messageId && a.at > refusal.at);
      expect(next, `a retry of ${refusal.messageId}`).toMatchObject({ messageId: refusal.messageId });
      expect(next!.at - refusal.at).toBeGreaterThanOrEqual(refusal.retryAfterS! * 1000);
    }
  });

  it('retries an HTTP 200 {success:false} with a 5xx Kit code, and fails one with a 4xx code at once', async () => {
    stack = await startRelayStack();
    const visitor = await visitorKnownToKit(stack);
    const stream = await visitor.stream({ lastEventId: 2 });

    stack.sim.faults.set({ successFalseCode: 503 });
    expect((await visitor.send('soft-503', 'Kit is busy')).status).toBe(202);
    await expect.poll(() => stack!.sim.sendAttempts().filter((a) => a.messageId === 'soft-503').length).toBeGreaterThan(1);
    stack.sim.faults.set({ successFalseCode: null });
    const delivered = await readUntil(stream, (e) => e.type === 'status' && e.id === 'soft-503');
    expect(delivered.at(-1)).toMatchObject({ status: 'delivered' });

    stack.sim.faults.set({ successFalseCode: 400 });
    expect((await visitor.send('soft-400', 'Kit refuses this one')).status).toBe(202);
    const failed = await readUntil(stream, (e) => e.type === 'status' && e.id === 'soft-400');
    expect(failed.at(-1)).toMatchObject({ status: 'failed', reason: 'KIT_REJECTED' });
    expect(stack.sim.sendAttempts().filter((a) => a.messageId === 'soft-400')).toHaveLength(1);
    await stream.cancel();
  });

  const burst = async (env: Record<string, string>) => {
    stack = await startRelayStack({ env });
    const visitor = await visitorKnownToKit(stack);
    const tabA = await visitor.stream({ lastEventId: 2 });
    const tabB = await visitor.stream({ lastEventId: 2 });
    stack.sim.faults.set({ duplicateCallbacks: true });
    const texts = Array.from({ length: 20 }, (_v, i) => `Reply ${i + 1}`);
    const outcomes = await stack.sim.burst(visitor.visitorId, texts.map((text) => ({ text })));
    expect(outcomes.every((o) => o.delivered)).toBe(true);

    const mailbox = (await visitor.mailbox()).filter((e) => e.seq > 2);
    expect(mailbox.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_v, i) => 3 + i));
    expect([...messages(mailbox)].sort()).toEqual([...texts].sort());
    expect(messages(mailbox)).not.toEqual(texts); // they did arrive out of order
    const seenA = await readUntil(tabA, (e) => e.seq === 22);
    const seenB = await readUntil(tabB, (e) => e.seq === 22);
    expect(seenA).toEqual(mailbox);
    expect(seenB).toEqual(mailbox);
    await Promise.all([tabA.cancel(), tabB.cancel()]);
    if (env.RELAY_REDIS_PREFIX) await deleteKeys(env.REDIS_URL!, env.RELAY_REDIS_PREFIX);
  };
  const burstTitle = 'stores a burst of concurrent, shuffled, duplicated callbacks once each, in one order every reader sees';
  it(`${burstTitle} (SQLite)`, () => burst({}));
  it.skipIf(!process.env.REDIS_URL)(`${burstTitle} (Redis; needs REDIS_URL)`, () =>
    burst({ REDIS_URL: process.env.REDIS_URL!, RELAY_REDIS_PREFIX: `fidelity-${process.pid}-${Date.now()}:` }));

  it('ignores and counts a callback message with neither text nor payload, instead of an empty bubble', async () => {
    stack = await startRelayStack();
    const visitor = await visitorKnownToKit(stack);
    const before = stack.relay.metrics.callbacks.get({ outcome: 'ignored' });
    const post = (eventId: string, message: Record<string, unknown>) =>
      fetch(`${stack!.relay.url}/kit/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: signCallback(TEST_SECRETS.KIT_CALLBACK_SALT, TEST_SECRETS.KIT_API_TOKEN, eventId) },
        body: JSON.stringify({ event_type: 'send_message', event_id: eventId, client_data: { client_id: visitor.visitorId }, event_data: { message: { message_id: eventId, ...message }, sender_data: { sender_type: 'agent' } } }),
      });
    expect((await post('empty-1', {})).status).toBe(200);
    expect((await post('empty-2', { text: '', payload: [] })).status).toBe(200);
    expect((await post('empty-3', { text: '   \n ' })).status).toBe(200);
    expect(stack.relay.metrics.callbacks.get({ outcome: 'ignored' })).toBe(before + 3);
    expect((await visitor.mailbox()).map((e) => e.seq)).toEqual([1, 2]);

    const reply = await stack.sim.reply(visitor.visitorId, { text: 'A real answer' });
    expect(reply.delivered).toBe(true);
    expect((await visitor.mailbox()).at(-1)).toMatchObject({ seq: 3, message: { text: 'A real answer' } });
  });
});
