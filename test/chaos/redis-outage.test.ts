// Redis goes away under two relays and comes back: the test's own redis-server (AOF,
// appendfsync always), killed with SIGKILL and started again on the same port and data. While
// it is down both relays say so (/readyz 503), refuse messages with 503 and Retry-After (never
// a 202 for something not stored) and end their event streams; once it is back both recover
// by themselves, every message accepted before is still there and reaches Kit once, and a
// stream resumed with Last-Event-ID carries on with no gap.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxEntry } from '../../protocol/relay-api';
import { ownRedis, redisServerOrSkip, type OwnRedis } from '../helpers/redis-server';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { readUntil, startVisitor, type EventStream } from '../integration/visitor';
import { printFigures, sleep } from './figures';

const BEFORE = 6;
const OUTAGE_MS = 5_000;

if (redisServerOrSkip('the Redis outage run')) {
  let redis: OwnRedis | undefined;
  let stack: RelayStack | undefined;
  const streams: EventStream[] = [];
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.cancel()));
    await stack?.close();
    await redis?.close();
  });

  /** Resolves with the ms it took until check() held, polling every 25 ms. */
  async function timeUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<number> {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
      await sleep(25);
    }
    return Date.now() - started;
  }
  const readyStatus = async (url: string) => (await fetch(`${url}/readyz`)).status;

  describe('Redis stopped and started again under two relays', () => {
    it('refuses with 503 while it is down, loses nothing accepted, and both relays recover without a restart', async () => {
      redis = await ownRedis();
      stack = await startRelayStack({
        env: { REDIS_URL: redis.url, RELAY_REDIS_PREFIX: `outage-${randomUUID().slice(0, 8)}:`, LOG_LEVEL: 'silent' },
        simulator: { callbackRetry: { attempts: 3, baseDelayMs: 50, timeoutMs: 2_000 } },
      });
      const { sim } = stack;
      const a = stack.relay;
      const b = await stack.addRelay();
      await timeUntil(async () => (await readyStatus(a.url)) === 200 && (await readyStatus(b.url)) === 200);

      const visitor = await startVisitor(a.url);
      const before = await visitor.stream({ relayUrl: a.url });
      streams.push(before);
      for (let i = 0; i < BEFORE; i++) expect((await visitor.send(`before-${i}`, `message ${i}`, i % 2 ? b.url : a.url)).status).toBe(202);
      expect((await sim.reply(visitor.visitorId, { text: 'Reply before the outage' })).delivered).toBe(true);
      const seen = await readUntil(before, (e) => e.type === 'message' && e.message.text === 'Reply before the outage');
      let lastSeq = seen.at(-1)!.seq;

      // Down.
      const downAt = Date.now();
      await redis.kill();
      const streamEnded = before.ended(15_000).then(() => Date.now() - downAt);
      const readyzDownMs = await timeUntil(async () => (await readyStatus(a.url)) === 503 && (await readyStatus(b.url)) === 503);
      const refusals: { status: number; retryAfter: string | null; ms: number }[] = [];
      for (const [i, relay] of [a, b, a, b].entries()) {
        const started = Date.now();
        const res = await fetch(`${relay.url}/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: `during-${i}`, text: `written during the outage ${i}` }),
        });
        refusals.push({ status: res.status, retryAfter: res.headers.get('retry-after'), ms: Date.now() - started });
        if (res.status === 503) expect((await res.json()).error.code).toBe('UNAVAILABLE');
      }
      expect(refusals.map((r) => r.status)).toEqual([503, 503, 503, 503]);
      expect(refusals.every((r) => Number(r.retryAfter) > 0)).toBe(true);
      const streamClosedMs = await streamEnded;
      // A reply Kit sends meanwhile is refused (so Kit may retry it), never acknowledged and dropped.
      const lostReply = await sim.reply(visitor.visitorId, { text: 'Reply during the outage' });
      expect(lostReply.delivered).toBe(false);
      // Long enough for the relays' reconnection attempts to back off to their longest delay.
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
      expect([await readyStatus(a.url), await readyStatus(b.url)]).toEqual([503, 503]);
      const downMs = Date.now() - downAt;

      // Up again: the same relays, no restart.
      const upAt = Date.now();
      await redis.start();
      const recoveredMs = await timeUntil(async () => (await readyStatus(a.url)) === 200 && (await readyStatus(b.url)) === 200);
      // The widget repeats what was refused, with the same ids.
      for (const [i, relay] of [a, b, a, b].entries()) {
        expect((await visitor.send(`during-${i}`, `written during the outage ${i}`, relay.url)).status).toBe(202);
      }
      const firstAcceptMs = Date.now() - upAt;

      // A stream resumed on the other relay picks up right after the last entry seen.
      const after = await visitor.stream({ relayUrl: b.url, lastEventId: lastSeq });
      streams.push(after);
      stack.routeCallbacksTo(a);
      expect((await sim.reply(visitor.visitorId, { text: 'Reply after the outage' })).delivered).toBe(true);
      const resumed = await readUntil(after, (e) => e.type === 'message' && e.message.text === 'Reply after the outage', 10_000);
      for (const entry of resumed) {
        expect(entry.seq).toBe(lastSeq + 1);
        lastSeq = entry.seq;
      }

      // Nothing accepted before is lost, nothing reaches Kit twice.
      await timeUntil(async () => (await visitor.mailbox(b.url)).filter((e) => e.type === 'status' && e.status === 'delivered').length === BEFORE + 4);
      const mailbox: MailboxEntry[] = await visitor.mailbox(a.url);
      const ids = mailbox.flatMap((e) => (e.type === 'message' && e.message.from === 'visitor' ? [e.message.id] : []));
      expect(ids).toEqual([...Array.from({ length: BEFORE }, (_, i) => `before-${i}`), ...[0, 1, 2, 3].map((i) => `during-${i}`)]);
      expect(mailbox.map((e) => e.seq)).toEqual(mailbox.map((_, i) => i + 1));
      const sends = sim.stats().sendsByMessageId;
      expect(ids.map((id) => sends[id])).toEqual(ids.map(() => 1));
      expect(mailbox.some((e) => e.type === 'message' && e.message.text === 'Reply during the outage')).toBe(false);

      printFigures('redis outage (2 relays, SIGKILL, AOF appendfsync always)', {
        accepted_before: BEFORE,
        lost: BEFORE - ids.filter((id) => id.startsWith('before-')).length,
        readyz_503_after_ms: readyzDownMs,
        stream_closed_after_ms: streamClosedMs,
        posts_refused_503: refusals.filter((r) => r.status === 503).length,
        posts_accepted_while_down: refusals.filter((r) => r.status === 202).length,
        slowest_503_ms: Math.max(...refusals.map((r) => r.ms)),
        down_ms: downMs,
        readyz_200_after_restart_ms: recoveredMs,
        first_accept_after_restart_ms: firstAcceptMs,
        resumed_gapless_entries: resumed.length,
      });
    });
  });
}
