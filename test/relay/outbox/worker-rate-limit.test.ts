// The outbox worker when Kit says "slow down": a 429 with Retry-After holds every send, for every
// visitor, until that time has passed; the message is tried again then and not sooner.
import { afterEach, describe, expect, it } from 'vitest';
import { KitError } from '../../../relay/errors';
import { RETRY_AFTER_MAX_MS } from '../../../relay/outbox/worker';
import { createOutboxHarness, OUTBOX, until, type OutboxHarness } from './harness';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

const limited = (retryAfterMs: number) =>
  new KitError('KIT_RATE_LIMITED', 'Kit send failed (HTTP 429)', { transient: true, status: 429, retryAfterMs });


describe('outbox worker and Retry-After', () => {
  it('sends nothing for any visitor until Kit\'s Retry-After has passed, then delivers both', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    await h.accept('vb', 'b1');
    h.kit.answer = (e, attempt) => (e.event_data.message.message_id === 'a1' && attempt === 1 ? limited(5_000) : undefined);
    const worker = h.worker({ config: { ...OUTBOX, concurrency: 1 } });
    worker.start();
    await until(h, worker, () => h.kit.sends.length === 1);
    // The send is counted when it starts: let Kit's 429 arrive and be recorded before the clock moves.
    await worker.idle();
    const refusedAt = h.clock.t;

    await worker.idle();
    h.clock.t = refusedAt + 4_999;
    await worker.idle();
    expect(h.kit.sends.map((e) => e.event_data.message.message_id)).toEqual(['a1']);

    h.clock.t = refusedAt + 5_000;
    await until(h, worker, async () => (await h.statuses('va')).length + (await h.statuses('vb')).length === 2);
    expect([...h.kit.accepted].sort()).toEqual(['a1', 'b1']);
  });

  it('honours a Retry-After longer than the backoff, and caps an absurd one', async () => {
    h = createOutboxHarness();
    await h.accept('va', 'a1');
    h.kit.answer = (_e, attempt) => (attempt === 1 ? limited(7 * 24 * 60 * 60_000) : undefined);
    const worker = h.worker({ config: { ...OUTBOX, deadlineMs: 24 * 60 * 60_000 } });
    worker.start();
    await until(h, worker, () => h.kit.sends.length === 1);
    // The send is counted when it starts: let Kit's 429 arrive and be recorded before the clock moves.
    await worker.idle();
    const refusedAt = h.clock.t;
    h.clock.t = refusedAt + OUTBOX.backoffMaxMs * 10; // far past any backoff, still inside the cap
    await worker.idle();
    expect(h.kit.sends).toHaveLength(1);
    h.clock.t = refusedAt + RETRY_AFTER_MAX_MS;
    await until(h, worker, () => h.kit.accepted.length === 1);
  });
});
