// Kit failing: everything the visitor sends is still accepted, and once Kit recovers every
// message reaches it exactly once, in order, with a `sent` status on the visitor's stream.
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxEntry } from '../../protocol/relay-api';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { readUntil, startVisitor } from './visitor';

let stack: RelayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const MESSAGES = 20;
const sentIds = (entries: MailboxEntry[]) => entries.flatMap((e) => (e.type === 'status' && e.status === 'delivered' ? [e.id] : []));

describe('Kit outage', () => {
  it('accepts every message while Kit answers 503 and delivers each exactly once, in order, after it recovers', async () => {
    stack = await startRelayStack();
    const { sim, relay } = stack;
    await expect.poll(() => sim.stats().logins).toBe(1);
    sim.faults.set({ sendStatus: 503 });

    const visitors = await Promise.all([startVisitor(relay.url), startVisitor(relay.url)]);
    const ids = (v: number) => Array.from({ length: MESSAGES }, (_, i) => `v${v}-m${String(i).padStart(2, '0')}`);
    for (let i = 0; i < MESSAGES; i++) {
      const answers = await Promise.all(visitors.map((v, n) => v.send(ids(n)[i]!, `message ${i}`)));
      for (const a of answers) expect(a.status).toBe(202);
    }
    // Kit was tried and refused, so nothing got through yet.
    await expect.poll(() => sim.stats().sendsRejected).toBeGreaterThan(2);
    expect(sim.stats().sends).toBe(0);

    const streams = await Promise.all(visitors.map((v) => v.stream()));
    sim.faults.clear();

    for (const [n, visitor] of visitors.entries()) {
      const entries = await readUntil(streams[n]!, (e) => e.type === 'status' && e.id === ids(n).at(-1), 10_000);
      expect(sentIds(entries)).toEqual(ids(n));
      expect(entries.some((e) => e.type === 'status' && e.status === 'failed')).toBe(false);
      expect(sim.conversation(visitor.visitorId)!.messages.map((m) => m.id)).toEqual(ids(n));
    }
    const perMessage = sim.stats().sendsByMessageId;
    expect(Object.keys(perMessage).sort()).toEqual([...ids(0), ...ids(1)].sort());
    expect(Object.values(perMessage).every((count) => count === 1)).toBe(true);
  });
});
