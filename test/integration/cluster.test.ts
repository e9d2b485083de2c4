// Two relays on one Redis hold one set of limits between them: a visitor's requests, its open
// event streams and an address's streams count across relays, a stream held by a relay that
// died stops counting, and a visitor revoked on one relay loses its streams on the other at
// once. Skipped without REDIS_URL; under CI a missing REDIS_URL is a failure.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisCluster } from '../../relay/cluster/redis-cluster';
import type { Cluster, StreamSlot } from '../../relay/cluster/cluster';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { deleteKeys, redisUrlOrSkip } from '../helpers/redis';
import { startVisitor, type EventStream } from './visitor';

const url = redisUrlOrSkip('the shared-limits Redis integration tests');

if (url) {
  let stack: RelayStack | undefined;
  const open: { cancel(): Promise<void> }[] = [];
  let prefix = '';
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.cancel()));
    await stack?.close();
    stack = undefined;
    await deleteKeys(url, prefix);
  });

  async function twoRelays(env: Record<string, string>) {
    prefix = `cl-${randomUUID().slice(0, 8)}:`;
    stack = await startRelayStack({ env: { REDIS_URL: url!, RELAY_REDIS_PREFIX: prefix, ...env } });
    return { a: stack.relay, b: await stack.addRelay() };
  }

  const eventsStatus = async (relayUrl: string, token: string) => {
    const abort = new AbortController();
    const res = await fetch(`${relayUrl}/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
    if (res.status === 200) open.push({ cancel: async () => abort.abort() });
    else await res.body?.cancel();
    return res.status;
  };

  describe('limits shared by two relays on one Redis', () => {
    it('counts a visitor\'s requests across both relays: the fifth of four a minute is 429 wherever it lands', async () => {
      const { a, b } = await twoRelays({ RELAY_RATE_VISITOR_PER_MIN: '4' });
      const visitor = await startVisitor(a.url);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await visitor.send(`m-${i}`, `hello ${i}`, i % 2 === 0 ? a.url : b.url)).status);
      expect(statuses).toEqual([202, 202, 202, 202, 429, 429]);
      const refused = await fetch(`${b.url}/v1/messages?after=0`, { headers: { authorization: `Bearer ${visitor.token}` } });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another visitor has a window of its own.
      expect((await (await startVisitor(b.url)).send('x', 'hi', a.url)).status).toBe(202);
    });

    it('caps a visitor\'s open event streams across both relays, and frees a slot when a stream ends', async () => {
      const { a, b } = await twoRelays({ RELAY_STREAMS_PER_VISITOR: '2' });
      const visitor = await startVisitor(a.url);
      const first = await visitor.stream({ relayUrl: a.url });
      open.push(first);
      expect(await eventsStatus(b.url, visitor.token)).toBe(200);
      const refused = await fetch(`${a.url}/v1/events`, { headers: { authorization: `Bearer ${visitor.token}` } });
      expect(refused.status).toBe(429);
      expect((await refused.json()).error.code).toBe('TOO_MANY_STREAMS');
      expect(await eventsStatus(b.url, visitor.token)).toBe(429);

      await first.cancel();
      await expect.poll(() => eventsStatus(b.url, visitor.token), { timeout: 3000, interval: 100 }).toBe(200);
    });

    it('caps the event streams of one address across both relays', async () => {
      const { a, b } = await twoRelays({ RELAY_STREAMS_PER_IP: '3' });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const visitor = await startVisitor(a.url);
        statuses.push(await eventsStatus(i % 2 === 0 ? a.url : b.url, visitor.token));
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    });

    it('ends a revoked visitor\'s event stream on the other relay at once', async () => {
      const { a, b } = await twoRelays({ RELAY_STREAM_MAX_AGE_MS: String(10 * 60_000) });
      const visitor = await startVisitor(a.url);
      const stream: EventStream = await visitor.stream({ relayUrl: b.url });
      open.push(stream);
      const started = Date.now();
      const revoked = await fetch(`${a.url}/v1/sessions`, { method: 'DELETE', headers: { authorization: `Bearer ${visitor.token}` } });
      expect(revoked.status).toBe(204);
      await stream.ended(3000);
      console.log(`[cluster] revoked on relay A, stream on relay B ended after ${Date.now() - started} ms`);
      expect(await eventsStatus(b.url, visitor.token)).toBe(401);
    });
  });

  describe('stream slots of a relay that died', () => {
    it('stop counting once the dead relay\'s liveness lapses, while a live relay\'s slots keep counting', async () => {
      prefix = `cl-${randomUUID().slice(0, 8)}:`;
      const options = { url, prefix, streamsPerVisitor: 1, streamsPerAddress: 100, streamMaxAgeMs: 60_000, aliveTtlMs: 400 };
      const dying: Cluster = await createRedisCluster(options);
      const live: Cluster = await createRedisCluster(options);
      live.start();
      try {
        expect(typeof (await dying.openStream('visitor-1', '10.0.0.1'))).toBe('object');
        expect(await live.openStream('visitor-1', '10.0.0.1')).toBe('visitor');
        // A crash: no release, no more liveness beats (close() would have released).
        const held = (await live.openStream('visitor-2', '10.0.0.1')) as StreamSlot;
        // The dead relay's slot is freed once its liveness (400 ms) lapses; a refusal holds nothing.
        await expect.poll(async () => typeof (await live.openStream('visitor-1', '10.0.0.1')), { timeout: 10_000, interval: 100 }).toBe('object');
        // The live relay's own slot, held all that time, still counts.
        expect(await dying.openStream('visitor-2', '10.0.0.1')).toBe('visitor');
        held.release();
      } finally {
        await live.close();
        await dying.close();
      }
    });
  });
}
