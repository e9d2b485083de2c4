// Shared set-up for outbox worker tests: the real SQLite store in memory, a scriptable Kit
// double, a fake clock for backoff and deadlines, and a way to accept visitor messages.
import { KitError } from '../../../relay/errors';
import type { KitIncomingEvent } from '../../../protocol/kit-api';
import { createLogger } from '../../../relay/log';
import { createMetrics } from '../../../relay/metrics';
import { buildKitEvent } from '../../../relay/outbox/kit-event';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerDeps } from '../../../relay/outbox/worker';
import type { StatusEntry } from '../../../protocol/relay-api';
import { createSqliteStore } from '../../../relay/store/sqlite';
import type { Store } from '../../../relay/store/types';

export const OUTBOX = { deadlineMs: 60_000, backoffBaseMs: 1_000, backoffMaxMs: 8_000, leaseMs: 30_000, concurrency: 4 };

/** A Kit double: records every send and answers with what `answer` returns (undefined = accepted). */
export function createFakeKit() {
  const fake = {
    sends: [] as KitIncomingEvent[],
    accepted: [] as string[],
    inFlight: new Map<string, number>(),
    maxInFlightPerVisitor: 0,
    answer: (_event: KitIncomingEvent, _attempt: number): KitError | undefined => undefined,
    async send(event: KitIncomingEvent): Promise<void> {
      const visitor = event.client_data.client_id;
      const attempt = fake.sends.filter((e) => e.event_data.message.message_id === event.event_data.message.message_id).length + 1;
      fake.sends.push(event);
      fake.inFlight.set(visitor, (fake.inFlight.get(visitor) ?? 0) + 1);
      fake.maxInFlightPerVisitor = Math.max(fake.maxInFlightPerVisitor, fake.inFlight.get(visitor)!);
      await new Promise((r) => setTimeout(r, 2));
      fake.inFlight.set(visitor, fake.inFlight.get(visitor)! - 1);
      const error = fake.answer(event, attempt);
      if (error) throw error;
      fake.accepted.push(event.event_data.message.message_id);
    },
  };
  return fake;
}

export const unavailable = () => new KitError('KIT_UNAVAILABLE', 'Kit send failed (HTTP 503)', { transient: true, status: 503 });
export const rejected = () => new KitError('KIT_REJECTED', 'Kit send failed (HTTP 400)', { transient: false, status: 400 });

export function createOutboxHarness() {
  const clock = { t: Date.UTC(2025, 0, 1) };
  const now = () => clock.t;
  const store: Store = createSqliteStore({ path: ':memory:', now });
  const kit = createFakeKit();
  const metrics = createMetrics();
  const log = createLogger('silent');
  const workers: OutboxWorker[] = [];

  return {
    clock,
    store,
    kit,
    metrics,
    worker(overrides: Partial<OutboxWorkerDeps> = {}): OutboxWorker {
      const worker = createOutboxWorker({ store, kit, log, config: OUTBOX, metrics, now, random: () => 0.5, pollMs: 5, ...overrides });
      workers.push(worker);
      return worker;
    },
    async accept(visitorId: string, id: string): Promise<KitIncomingEvent> {
      const visitor = { visitorId, profile: {}, createdAt: clock.t, updatedAt: clock.t };
      const event = buildKitEvent(visitor, { id, text: `text of ${id}` });
      await store.accept(
        visitorId,
        { type: 'message', message: { id, from: 'visitor', text: `text of ${id}`, createdAt: new Date(clock.t).toISOString() } },
        { visitorId, messageId: id, event, acceptedAt: clock.t },
      );
      return event;
    },
    async statuses(visitorId: string): Promise<Omit<StatusEntry, 'seq'>[]> {
      const entries = await store.list(visitorId, 0, 1000);
      return entries.filter((e): e is StatusEntry => e.type === 'status').map(({ seq: _seq, ...rest }) => rest);
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await store.close();
    },
  };
}

export type OutboxHarness = ReturnType<typeof createOutboxHarness>;

/** Resolves once `done()` holds, moving the fake clock by `stepMs` and waking the worker meanwhile. */
export async function until(h: OutboxHarness, worker: OutboxWorker, done: () => boolean | Promise<boolean>, stepMs = 0): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await done()) return;
    h.clock.t += stepMs;
    worker.kick();
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}
