// The outbox worker when the store fails its bookkeeping (test/helpers/faulty-store.ts): a claim,
// a delivered mark or a retry mark that does not reach the store loses no message and shows
// none twice; the claim lapses after its lease and the same event is tried again.
import { afterEach, describe, expect, it } from 'vitest';
import { withFaults } from '../../helpers/faulty-store';
import { createOutboxHarness, OUTBOX, unavailable, until, type OutboxHarness } from './harness';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

const delivered = (id: string) => ({ type: 'status', id, status: 'delivered' });

describe('outbox worker and a failing store', () => {
  it('keeps claiming after failed claims, and sends once the store answers', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    const faults = withFaults(h.store);
    faults.failAlways('claim');
    const worker = h.worker({ store: faults.store });
    worker.start();
    await worker.idle();
    await worker.idle();
    expect(faults.failed.claim).toBeGreaterThanOrEqual(2);
    expect(h.kit.sends).toEqual([]);
    faults.heal();
    await worker.idle();
    expect(h.kit.accepted).toEqual(['a1']);
    expect(await h.statuses('va')).toEqual([delivered('a1')]);
  });

  it('sends the same event again after the lease when the delivered mark was lost, and shows it delivered once', async () => {
    h = createOutboxHarness();
    const event = await h.accept('va', 'a1');
    await h.accept('va', 'a2');
    const faults = withFaults(h.store);
    faults.fail('markDelivered');
    const worker = h.worker({ store: faults.store });
    worker.start();
    await worker.idle();
    expect(faults.failed.markDelivered).toBe(1);
    // Still claimed: a2 waits behind a1, which nobody may send again before the lease ends.
    expect(h.kit.sends.map((e) => e.event_data.message.message_id)).toEqual(['a1']);
    expect(await h.statuses('va')).toEqual([]);

    h.clock.t += OUTBOX.leaseMs + 1;
    await until(h, worker, async () => (await h.statuses('va')).length === 2);
    expect(h.kit.sends.map((e) => e.event_id).slice(0, 2)).toEqual([event.event_id, event.event_id]);
    expect(await h.statuses('va')).toEqual([delivered('a1'), delivered('a2')]);
    expect(await h.store.outboxDepth()).toBe(0);
  });

  it('tries again after the lease when the retry mark was lost', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    h.kit.answer = (_e, attempt) => (attempt === 1 ? unavailable() : undefined);
    const faults = withFaults(h.store);
    faults.fail('retryLater');
    const worker = h.worker({ store: faults.store });
    worker.start();
    await worker.idle();
    expect(faults.failed.retryLater).toBe(1);
    expect(h.kit.sends).toHaveLength(1);

    h.clock.t += OUTBOX.leaseMs + 1;
    await until(h, worker, async () => (await h.statuses('va')).length === 1);
    expect(h.kit.accepted).toEqual(['a1']);
    expect(await h.statuses('va')).toEqual([delivered('a1')]);
  });

  it('records a failure the store lost on a later pass, once', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    const faults = withFaults(h.store);
    faults.fail('markFailed');
    // A deadline already past: the outcome is "failed", and its first write is lost.
    const worker = h.worker({ store: faults.store, config: { ...OUTBOX, deadlineMs: 0 } });
    h.clock.t += 1;
    worker.start();
    await worker.idle();
    expect(faults.failed.markFailed).toBe(1);
    expect(await h.statuses('va')).toEqual([]);
    h.clock.t += OUTBOX.leaseMs + 1;
    await until(h, worker, async () => (await h.statuses('va')).length === 1);
    await worker.idle();
    expect(await h.statuses('va')).toEqual([{ type: 'status', id: 'a1', status: 'failed', reason: 'DEADLINE_EXCEEDED' }]);
    expect(await h.store.outboxDepth()).toBe(0);
  });

});
