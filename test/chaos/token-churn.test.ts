// Kit JWTs that live 2 s during 60 s of steady traffic: the relay renews ahead of expiry, so
// no send fails, it logs in once, and refreshes come about once per lifetime.
import { describe, expect, it } from 'vitest';
import { startVisitor } from '../integration/visitor';
import { printFigures, sleep } from './figures';
import { expectNoLeaks, useWatchedStack } from './secret-watch';

const ACCESS_TTL_MS = 2_000;
const RUN_MS = 60_000;
const VISITORS = 10;
/** Messages per second across all visitors. */
const RATE = 10;

const chaos = useWatchedStack();
const { watch } = chaos;

describe('Kit token churn', () => {
  it('sends steadily for 60 s through 2 s JWTs with one login, no failed send and a refresh per lifetime', async () => {
    const stack = await chaos.start({ simulator: { accessTtlMs: ACCESS_TTL_MS } });
    const { sim, relay } = stack;
    const visitors = await Promise.all(Array.from({ length: VISITORS }, () => startVisitor(relay.url)));
    for (const v of visitors) watch.addVisitorToken(v.token);

    const ids: string[] = [];
    const refused: number[] = [];
    const start = Date.now();
    for (let i = 0; Date.now() - start < RUN_MS; i++) {
      await sleep(start + (i * 1000) / RATE - Date.now());
      const id = `churn-${i}`;
      const { status } = await visitors[i % VISITORS]!.send(id, `message ${i}`);
      if (status === 202) ids.push(id);
      else refused.push(status);
    }
    const runMs = Date.now() - start;
    await expect.poll(() => Object.keys(sim.stats().sendsByMessageId).length, { timeout: 10_000 }).toBe(ids.length);

    const stats = sim.stats();
    const expected = runMs / ACCESS_TTL_MS;
    const failed = relay.metrics.messagesOut.get({ outcome: 'failed' });
    const repeats = Object.values(stats.sendsByMessageId).filter((c) => c !== 1).length;
    printFigures('JWT lifetime 2 s, 60 s of traffic', {
      messages: ids.length, 'refused by relay': refused.length, 'failed sends': failed, repeats,
      logins: stats.logins, refreshes: stats.refreshes, 'expected refreshes': Math.round(expected),
      'sends Kit refused (401)': stats.sendsRejected,
    });
    expect(refused).toEqual([]);
    expect(failed).toBe(0);
    expect(repeats).toBe(0);
    expect(stats.logins).toBe(1);
    expect(stats.sendsRejected).toBeLessThanOrEqual(2); // renewed ahead, not after Kit refused
    expect(stats.refreshes).toBeGreaterThanOrEqual(Math.floor(expected * 0.7));
    expect(stats.refreshes).toBeLessThanOrEqual(Math.ceil(expected * 1.3));
    await expectNoLeaks(watch, 'secrets during token churn', { kitTokens: 20, responses: ids.length });
  });
});
