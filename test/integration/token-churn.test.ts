// Short-lived Kit JWTs while visitors keep writing: the relay refreshes (or, when Kit refuses
// the refresh token, logs in again) without losing, failing or repeating a single message.
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxEntry } from '../../protocol/relay-api';
import { startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { readUntil, startVisitor, type Visitor } from './visitor';

let stack: RelayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const ACCESS_TTL_MS = 1_000;
const SEND_EVERY_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two visitors write for `durationMs`; resolves with every id sent per visitor. */
async function chatFor(visitors: Visitor[], durationMs: number): Promise<string[][]> {
  const ids: string[][] = visitors.map(() => []);
  const end = Date.now() + durationMs;
  for (let i = 0; Date.now() < end; i++) {
    await Promise.all(visitors.map(async (v, n) => {
      const id = `v${n}-${i}`;
      expect((await v.send(id, `message ${i}`)).status).toBe(202);
      ids[n]!.push(id);
    }));
    await sleep(SEND_EVERY_MS);
  }
  return ids;
}

async function expectAllSentOnce(stack: RelayStack, visitors: Visitor[], ids: string[][]): Promise<void> {
  for (const [n, v] of visitors.entries()) {
    const stream = await v.stream();
    const entries: MailboxEntry[] = await readUntil(stream, (e) => e.type === 'status' && e.id === ids[n]!.at(-1), 10_000);
    const statuses = entries.flatMap((e) => (e.type === 'status' ? [`${e.id}:${e.status}`] : []));
    expect(statuses).toEqual(ids[n]!.map((id) => `${id}:delivered`));
  }
  const counts = stack.sim.stats().sendsByMessageId;
  expect(Object.keys(counts).sort()).toEqual(ids.flat().sort());
  expect(Object.values(counts).every((c) => c === 1)).toBe(true);
  expect(stack.relay.metrics.messagesOut.get({ outcome: 'failed' })).toBe(0);
}

describe('Kit token churn', () => {
  it('keeps delivering through JWTs that expire every second with one login and refreshes after it', async () => {
    stack = await startRelayStack({ simulator: { accessTtlMs: ACCESS_TTL_MS } });
    const visitors = await Promise.all([startVisitor(stack.relay.url), startVisitor(stack.relay.url)]);
    const ids = await chatFor(visitors, 3_500);

    await expectAllSentOnce(stack, visitors, ids);
    const stats = stack.sim.stats();
    expect(stats.logins).toBe(1);
    expect(stats.refreshes).toBeGreaterThan(0);
  });

  it('logs in again when Kit refuses the refresh token, and every message still arrives once', async () => {
    stack = await startRelayStack({ simulator: { accessTtlMs: ACCESS_TTL_MS } });
    await expect.poll(() => stack!.sim.stats().logins).toBe(1);
    stack.sim.faults.set({ refuseRefresh: true });
    const visitors = await Promise.all([startVisitor(stack.relay.url), startVisitor(stack.relay.url)]);
    const ids = await chatFor(visitors, 2_500);

    await expectAllSentOnce(stack, visitors, ids);
    const stats = stack.sim.stats();
    expect(stats.refreshFailures).toBeGreaterThan(0);
    expect(stats.logins).toBeGreaterThan(1);
  });
});
