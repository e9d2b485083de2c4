// The outbox worker against the real SQLite store and a scriptable Kit: order per visitor,
// stable event ids across retries, backoff, deadline and permanent failures, no double sends.
import { afterEach, describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../relay/outbox/backoff';
import { DEADLINE_EXCEEDED } from '../../../relay/outbox/worker';
import { createOutboxHarness, OUTBOX, rejected, unavailable, until, type OutboxHarness } from './harness';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

const ids = (h: OutboxHarness) => h.kit.sends.map((e) => e.event_data.message.message_id);

describe('outbox worker', () => {
  it('delivers each visitor’s messages in order, one at a time', async () => {
    h = createOutboxHarness();
    for (const id of ['a1', 'a2', 'a3']) await h.accept('va', id);
    for (const id of ['b1', 'b2']) await h.accept('vb', id);
    const worker = h.worker();
    worker.start();
    await until(h, worker, () => h.kit.accepted.length === 5);

    expect(ids(h).filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(ids(h).filter((id) => id.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(h.kit.maxInFlightPerVisitor).toBe(1);
    await until(h, worker, async () => (await h.statuses('va')).length === 3);
    expect(await h.statuses('va')).toEqual(['a1', 'a2', 'a3'].map((id) => ({ type: 'status', id, status: 'delivered' })));
    expect(h.metrics.messagesOut.get({ outcome: 'delivered' })).toBe(5);
  });

  it('is idle only once every due message was sent and its outcome recorded', async () => {
    h = createOutboxHarness();
    for (const id of ['a1', 'a2', 'a3']) await h.accept('va', id);
    await h.accept('vb', 'b1');
    h.kit.answer = (e) => (e.event_data.message.message_id === 'b1' ? rejected() : undefined);
    const worker = h.worker();
    worker.start();
    await worker.idle();
    expect(await h.statuses('va')).toEqual(['a1', 'a2', 'a3'].map((id) => ({ type: 'status', id, status: 'delivered' })));
    expect(await h.statuses('vb')).toEqual([{ type: 'status', id: 'b1', status: 'failed', reason: 'KIT_REJECTED' }]);
    expect(await h.store.outboxDepth()).toBe(0);
  });

  it('sends a newly accepted message on kick without waiting for the poll interval', async () => {
    h = createOutboxHarness();
    const worker = h.worker({ pollMs: 60 * 60_000 });
    worker.start();
    await worker.idle(); // the worker found nothing and sleeps for an hour
    await h.accept('va', 'a1');
    worker.kick();
    await expect.poll(() => h.kit.accepted).toEqual(['a1']);
  });

  it('retries transient failures with the same event_id until Kit takes the message', async () => {
    h = createOutboxHarness();
    const event = await h.accept('va', 'a1');
    await h.accept('va', 'a2');
    h.kit.answer = (e, attempt) => (e.event_data.message.message_id === 'a1' && attempt <= 3 ? unavailable() : undefined);
    const worker = h.worker();
    worker.start();
    await until(h, worker, () => h.kit.accepted.length === 2, OUTBOX.backoffMaxMs);

    expect(ids(h)).toEqual(['a1', 'a1', 'a1', 'a1', 'a2']);
    expect(new Set(h.kit.sends.slice(0, 4).map((e) => e.event_id))).toEqual(new Set([event.event_id]));
    // The status is written once Kit has answered, in the next group commit.
    await until(h, worker, async () => (await h.statuses('va')).length === 2);
    expect(await h.statuses('va')).toEqual([
      { type: 'status', id: 'a1', status: 'delivered' },
      { type: 'status', id: 'a2', status: 'delivered' },
    ]);
  });

  it('waits out the backoff before trying again', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    h.kit.answer = (_e, attempt) => (attempt === 1 ? unavailable() : undefined);
    const retries: { nextAttemptAt: number; lastError: string }[] = [];
    const store = {
      ...h.store,
      retryLater: async (visitorId: string, messageId: string, nextAttemptAt: number, lastError: string) => {
        retries.push({ nextAttemptAt, lastError });
        await h.store.retryLater(visitorId, messageId, nextAttemptAt, lastError);
      },
    };
    const worker = h.worker({ store });
    const failedAt = h.clock.t;
    worker.start();
    await until(h, worker, () => retries.length === 1);
    // First retry: base 1 s scaled into [0.5, 1] by the pinned jitter (0.5) = 750 ms.
    expect(retries).toEqual([{ nextAttemptAt: failedAt + 750, lastError: 'KIT_UNAVAILABLE' }]);
    h.clock.t = failedAt + 749;
    await worker.idle();
    expect(h.kit.sends).toHaveLength(1);
    h.clock.t = failedAt + 750;
    await until(h, worker, () => h.kit.accepted.length === 1);
    expect(h.kit.sends).toHaveLength(2);
  });

  it('retries messages in backoff at once when Kit takes a message again, in order per visitor', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    await h.accept('va', 'a2');
    await h.accept('vb', 'b1');
    let kitDown = true;
    h.kit.answer = () => (kitDown ? unavailable() : undefined);
    const worker = h.worker();
    worker.start();
    // Each fails twice (the clock moving on), then waits 1.5 s for its next slot on a clock that stands still.
    await until(h, worker, () => ['a1', 'b1'].every((id) => ids(h).filter((x) => x === id).length >= 2), 100);
    const failedSends = h.kit.sends.length;
    // Woken again and again, it finds nothing due: both wait out their backoff.
    for (let i = 0; i < 5; i += 1) await worker.idle();
    expect(h.kit.sends).toHaveLength(failedSends);

    kitDown = false;
    const frozenAt = h.clock.t;
    await h.accept('vc', 'c1'); // a new message, due now, gets through
    worker.kick();
    await until(h, worker, () => h.kit.accepted.length === 4);
    expect(h.clock.t).toBe(frozenAt); // no backoff slot was waited for
    expect(h.kit.accepted.indexOf('a1')).toBeLessThan(h.kit.accepted.indexOf('a2'));
    expect(h.kit.maxInFlightPerVisitor).toBe(1);
    await until(h, worker, async () => (await h.statuses('va')).length === 2);
    expect(await h.statuses('va')).toEqual([
      { type: 'status', id: 'a1', status: 'delivered' },
      { type: 'status', id: 'a2', status: 'delivered' },
    ]);
  });

  it('marks a message failed once the deadline passes without Kit taking it', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    h.kit.answer = () => unavailable();
    const worker = h.worker();
    worker.start();
    await until(h, worker, async () => (await h.statuses('va')).length === 1, OUTBOX.backoffMaxMs);

    expect(h.kit.sends.length).toBeGreaterThan(3);
    expect(h.clock.t - Date.UTC(2025, 0, 1)).toBeGreaterThan(OUTBOX.deadlineMs);
    expect(await h.statuses('va')).toEqual([{ type: 'status', id: 'a1', status: 'failed', reason: DEADLINE_EXCEEDED }]);
    expect(h.metrics.messagesOut.get({ outcome: 'failed' })).toBe(1);
    expect(await h.store.outboxDepth()).toBe(0);
  });

  it('marks a message failed at once when Kit rejects it, and moves on to the next', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    await h.accept('va', 'a2');
    h.kit.answer = (e) => (e.event_data.message.message_id === 'a1' ? rejected() : undefined);
    const worker = h.worker();
    worker.start();
    await until(h, worker, () => h.kit.accepted.length === 1);

    expect(ids(h)).toEqual(['a1', 'a2']);
    await until(h, worker, async () => (await h.statuses('va')).length === 2);
    expect(await h.statuses('va')).toEqual([
      { type: 'status', id: 'a1', status: 'failed', reason: 'KIT_REJECTED' },
      { type: 'status', id: 'a2', status: 'delivered' },
    ]);
  });

  it('never sends a message again once it was sent, even with two workers and expired leases', async () => {
    h = createOutboxHarness();
    const all: string[] = [];
    for (const v of ['va', 'vb', 'vc']) for (let i = 1; i <= 4; i += 1) all.push(`${v}-${i}`), await h.accept(v, `${v}-${i}`);
    const one = h.worker({ owner: 'one' });
    const two = h.worker({ owner: 'two' });
    one.start();
    two.start();
    await until(h, one, () => h.kit.accepted.length === all.length);
    for (let i = 0; i < 10; i += 1) {
      h.clock.t += OUTBOX.leaseMs;
      await Promise.all([one.idle(), two.idle()]);
    }
    expect([...h.kit.sends.map((e) => e.event_data.message.message_id)].sort()).toEqual([...all].sort());
  });

  it('finishes in-flight sends before stop resolves', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const worker = h.worker({ kit: { send: () => gate } });
    worker.start();
    await until(h, worker, async () => (await h.store.claim('probe', h.clock.t, 1, 1)).length === 0);
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    // Everything stop() does without waiting for the send settles within these turns of the loop.
    for (let i = 0; i < 3; i += 1) await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    // The outcome's bookkeeping was written before stop() resolved, not after.
    expect(await h.statuses('va')).toEqual([{ type: 'status', id: 'a1', status: 'delivered' }]);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base, caps at the maximum and jitters within the upper half', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelayMs(n, 1000, 8000, mid))).toEqual([750, 1500, 3000, 6000, 6000, 6000, 6000]);
    expect(retryDelayMs(3, 1000, 8000, () => 0)).toBe(2000);
    expect(retryDelayMs(3, 1000, 8000, () => 1)).toBe(4000);
    expect(retryDelayMs(1000, 1000, 8000, () => 1)).toBe(8000);
  });
});
