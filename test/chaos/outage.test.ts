// Kit down for 30 s (503 on every send) while 20 visitors write 200 messages, then Kit slow
// past the relay's timeout and dropping connections: every accepted message reaches Kit, in
// order per visitor, and the visitor sees each as sent. No secret leaks on the way.
import { describe, expect, it } from 'vitest';
import type { MailboxEntry } from '../../protocol/relay-api';
import type { RelayStack } from '../helpers/relay-stack';
import { readUntil, startVisitor, type Visitor } from '../integration/visitor';
import { outOfOrder, printFigures, sleep } from './figures';
import { expectNoLeaks, useWatchedStack } from './secret-watch';

const chaos = useWatchedStack();
const { watch } = chaos;

interface Run {
  visitors: Visitor[];
  /** Ids per visitor, in the order they were sent. */
  ids: string[][];
  acceptedAt: Map<string, number>;
  sentAt: Map<string, number>;
  statuses: number[];
  /** Resolves when every visitor's stream has shown all its messages as sent. */
  allSent: Promise<void>;
}

/** Sends `total` messages round-robin from `visitors.length` visitors, spread over `windowMs`. */
async function writeDuring(stack: RelayStack, visitorCount: number, total: number, windowMs: number, tag: string): Promise<Run> {
  const visitors = await Promise.all(Array.from({ length: visitorCount }, () => startVisitor(stack.relay.url)));
  for (const v of visitors) watch.addVisitorToken(v.token);
  const ids = visitors.map((_, n) => Array.from({ length: total / visitorCount }, (_, i) => `${tag}-v${n}-m${i}`));
  const acceptedAt = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const streams = await Promise.all(visitors.map((v) => v.stream()));
  const allSent = Promise.all(
    streams.map(async (stream, n) => {
      let sent = 0;
      const entries = await readUntil(stream, (e) => {
        if (e.type === 'status' && e.status === 'delivered') {
          sentAt.set(e.id, Date.now());
          sent += 1;
        }
        return sent === ids[n]!.length;
      }, windowMs + 60_000);
      watch.addResponse(JSON.stringify(entries));
      await stream.cancel();
    }),
  ).then(() => undefined);
  allSent.catch(() => {});

  const statuses: number[] = [];
  const start = Date.now();
  for (let i = 0; i < total; i++) {
    await sleep(start + (i * windowMs) / total - Date.now());
    const n = i % visitorCount;
    const id = ids[n]![Math.floor(i / visitorCount)]!;
    const { status } = await visitors[n]!.send(id, `message ${i}`);
    statuses.push(status);
    if (status === 202) acceptedAt.set(id, Date.now());
  }
  await sleep(start + windowMs - Date.now());
  return { visitors, ids, acceptedAt, sentAt, statuses, allSent };
}

/** Per-message Kit deliveries, order at Kit per visitor, and the mailbox's `delivered` statuses. */
async function tally(stack: RelayStack, run: Run) {
  const counts = stack.sim.stats().sendsByMessageId;
  const all = run.ids.flat();
  let outOfOrderCount = 0;
  let mailboxSent = 0;
  for (const [n, v] of run.visitors.entries()) {
    const atKit = stack.sim.conversation(v.visitorId)!.messages.filter((m) => m.from === 'visitor').map((m) => m.id);
    outOfOrderCount += outOfOrder([...new Set(atKit)], run.ids[n]!);
    const mailbox: MailboxEntry[] = await v.mailbox();
    watch.addResponse(JSON.stringify(mailbox));
    const sent = mailbox.flatMap((e) => (e.type === 'status' && e.status === 'delivered' ? [e.id] : []));
    expect(sent).toEqual(run.ids[n]);
    expect(mailbox.some((e) => e.type === 'status' && e.status === 'failed')).toBe(false);
    mailboxSent += sent.length;
  }
  const delays = all.map((id) => run.sentAt.get(id)! - run.acceptedAt.get(id)!);
  return {
    accepted: run.acceptedAt.size,
    delivered: all.filter((id) => (counts[id] ?? 0) >= 1).length,
    duplicates: all.reduce((sum, id) => sum + Math.max(0, (counts[id] ?? 0) - 1), 0),
    outOfOrder: outOfOrderCount,
    mailboxSent,
    maxDelayMs: Math.max(...delays),
    counts,
  };
}

describe('Kit outage', () => {
  it('delivers all 200 messages written during 30 s of 503s exactly once, in order, each shown as delivered', async () => {
    const stack = await chaos.start();
    const { sim } = stack;
    await expect.poll(() => sim.stats().logins).toBe(1);
    sim.faults.set({ sendStatus: 503 });

    const run = await writeDuring(stack, 20, 200, 30_000, 'outage');
    expect(run.statuses.every((s) => s === 202)).toBe(true);
    expect(sim.stats().sends).toBe(0);
    const refusedDuringOutage = sim.stats().sendsRejected;
    const recoveredAt = Date.now();
    sim.faults.clear();
    await run.allSent;
    const drainMs = Math.max(...run.sentAt.values()) - recoveredAt;

    const t = await tally(stack, run);
    printFigures('outage 503 for 30 s, 20 visitors', {
      accepted: t.accepted, delivered: t.delivered, duplicates: t.duplicates, 'out-of-order': t.outOfOrder,
      'shown delivered': t.mailboxSent, 'max delay': `${(t.maxDelayMs / 1000).toFixed(1)} s`,
      'drained after recovery': `${drainMs} ms`, 'sends refused meanwhile': refusedDuringOutage,
    });
    expect(t).toMatchObject({ accepted: 200, delivered: 200, duplicates: 0, outOfOrder: 0, mailboxSent: 200 });
    expect(Object.values(t.counts).every((c) => c === 1)).toBe(true);
    await expectNoLeaks(watch, 'secrets during the 503 outage', { logLines: 100, responses: 200, kitTokens: 1 });
  });

  it('loses nothing while Kit drops connections and then answers slower than the relay waits', async () => {
    const stack = await chaos.start({ env: { KIT_TIMEOUT_MS: '400' } });
    const { sim, relay } = stack;
    await expect.poll(() => sim.stats().logins).toBe(1);

    sim.faults.set({ dropConnections: true });
    const dropped = await writeDuring(stack, 5, 40, 4_000, 'drop');
    const dropRejects = sim.stats().sendsRejected;
    sim.faults.set({ dropConnections: false, latencyMs: 1_500 });
    const slow = await writeDuring(stack, 5, 40, 4_000, 'slow');
    sim.faults.clear();
    await Promise.all([dropped.allSent, slow.allSent]);

    const d = await tally(stack, dropped);
    const s = await tally(stack, slow);
    const timeouts = relay.metrics.kitErrors.get({ op: 'send', code: 'KIT_TIMEOUT' });
    printFigures('Kit dropping connections for 4 s', {
      accepted: d.accepted, delivered: d.delivered, duplicates: d.duplicates, 'out-of-order': d.outOfOrder,
      'shown delivered': d.mailboxSent, 'max delay': `${(d.maxDelayMs / 1000).toFixed(1)} s`, 'dropped sends': dropRejects,
    });
    printFigures('Kit slower (1.5 s) than the relay timeout (0.4 s) for 4 s', {
      accepted: s.accepted, delivered: s.delivered, 'repeats after timeouts': s.duplicates, 'out-of-order': s.outOfOrder,
      'shown delivered': s.mailboxSent, 'max delay': `${(s.maxDelayMs / 1000).toFixed(1)} s`, 'timed-out sends': timeouts,
    });
    expect(d).toMatchObject({ accepted: 40, delivered: 40, duplicates: 0, outOfOrder: 0, mailboxSent: 40 });
    // A send that timed out may still have reached Kit; the retry keeps its event_id, so a Kit
    // that de-duplicates on it sees one event. Only timed-out sends can repeat.
    expect(s).toMatchObject({ accepted: 40, delivered: 40, outOfOrder: 0, mailboxSent: 40 });
    expect(s.duplicates).toBeLessThanOrEqual(timeouts);
    await expectNoLeaks(watch, 'secrets while Kit drops connections and is slow', { logLines: 10, responses: 80, kitTokens: 1 });
  });
});
