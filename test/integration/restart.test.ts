// A relay stopped with messages still in its outbox while Kit is failing: a new relay on the
// same data dir delivers them once Kit recovers, none lost or repeated, and a visitor's stream
// resumed with Last-Event-ID carries on without a gap.
import { afterEach, describe, expect, it } from 'vitest';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { readUntil, startVisitor } from './visitor';

let stack: RelayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const ids = Array.from({ length: 8 }, (_, i) => `restart-${i}`);

describe('relay restart', () => {
  it('delivers what the stopped relay had accepted, exactly once, and the resumed stream has no gap', async () => {
    stack = await startRelayStack();
    const { sim } = stack;
    const first = stack.relay;
    const visitor = await startVisitor(first.url);
    expect((await visitor.send('before', 'Hello')).status).toBe(202);
    const stream = await visitor.stream();
    const seen = await readUntil(stream, (e) => e.type === 'status' && e.id === 'before');

    sim.faults.set({ sendStatus: 503 });
    for (const id of ids) expect((await visitor.send(id, `text of ${id}`)).status).toBe(202);
    await expect.poll(() => sim.stats().sendsRejected).toBeGreaterThan(0);
    seen.push(...(await readUntil(stream, (e) => e.type === 'message' && e.message.id === ids.at(-1))));
    await first.close();
    expect(sim.stats().sends).toBe(1); // only 'before' got through: the rest is in the outbox
    await stream.ended();

    const second = await stack.addRelay();
    stack.routeCallbacksTo(second);
    sim.faults.clear();

    const lastSeen = seen.at(-1)!.seq;
    const resumed = await visitor.stream({ relayUrl: second.url, lastEventId: lastSeen });
    const after = await readUntil(resumed, (e) => e.type === 'status' && e.id === ids.at(-1), 10_000);
    const reply = await sim.reply(visitor.visitorId, { text: 'Back online' });
    after.push(await resumed.entry());

    const seqs = [...seen, ...after].map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(after.flatMap((e) => (e.type === 'status' ? [`${e.id}:${e.status}`] : []))).toEqual(ids.map((id) => `${id}:delivered`));
    expect(after.at(-1)).toMatchObject({ type: 'message', message: { id: reply.messageId, text: 'Back online' } });

    expect(sim.stats().sendsByMessageId).toEqual(Object.fromEntries(['before', ...ids].map((id) => [id, 1])));
    expect(sim.conversation(visitor.visitorId)!.messages.filter((m) => m.from === 'visitor').map((m) => m.id)).toEqual(['before', ...ids]);
  });
});
