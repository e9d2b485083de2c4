// The outbox worker: claims due outbox items, sends them to Kit and records the outcome
// (delivered; retry later with backoff on a transient error; failed on a permanent one or past
// the deadline). Per-visitor order comes from the store's claim: one in flight per visitor,
// oldest first. A send's slot frees as soon as Kit has answered: the outcome's write is queued
// first and the next claim right after it, so both share one store commit (group commit) and
// the visitor's next message is handed out by the same write that retires this one.
// When Kit takes a message after transient failures, Kit is back: every message waiting out a
// backoff becomes due at once instead of at its next slot (still one per visitor, in order,
// within `concurrency`); a message waiting out Kit's own Retry-After keeps waiting.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config';
import { KitError } from '../errors';
import type { KitClient } from '../kit/client';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { OutboxItem, Store } from '../store/types';
import { retryDelayMs } from './backoff';

export const OUTBOX_POLL_MS = 500;
/** The longest wait a Retry-After from Kit is honoured for, so a bogus header cannot stall the outbox for days. */
export const RETRY_AFTER_MAX_MS = 10 * 60_000;
/** The reason a message fails with when Kit did not take it before `deadlineMs`. */
export const DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED';
/** Errors whose wait Kit set itself (429 with Retry-After): a success elsewhere does not end it. */
const KEEP_WAITING = ['KIT_RATE_LIMITED'];

export interface OutboxWorkerDeps {
  store: Pick<Store, 'claim' | 'markDelivered' | 'markFailed' | 'retryLater' | 'retryNow'>;
  kit: Pick<KitClient, 'send'>;
  log: Logger;
  config: Config['outbox'];
  metrics?: Pick<Metrics, 'messagesOut'>;
  now?: () => number;
  /** Names this worker's claims; unique per process by default. */
  owner?: string;
  random?: () => number;
  /** How often an idle worker looks for due items. */
  pollMs?: number;
}

export interface OutboxWorker {
  start(): void;
  /** Stops claiming and resolves once in-flight sends have finished. */
  stop(): Promise<void>;
  /** Looks for due items now (a message was just accepted, or a send just finished). */
  kick(): void;
  /**
   * Resolves after the next pass that found nothing to send (nothing due, paused by a Retry-After,
   * or the store failing) with no send or bookkeeping in flight: what a test awaits before saying
   * "nothing more happened", instead of sleeping. It wakes the worker; it does not move a clock.
   */
  idle(): Promise<void>;
}

export function createOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const { store, kit, log, config } = deps;
  const now = deps.now ?? Date.now;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const pollMs = deps.pollMs ?? OUTBOX_POLL_MS;
  const inFlight = new Set<Promise<void>>();
  /** Kit sends in progress: what `concurrency` bounds (bookkeeping after a send is not counted). */
  let sending = 0;
  let running = false;
  /** Kit said 429 with Retry-After: no new sends before this (ms since epoch). */
  let pausedUntil = 0;
  let loop: Promise<void> | undefined;
  /** A send failed for a passing reason since Kit last took one: some message may be in backoff. */
  let backedOff = false;
  let woken = false;
  let wake: (() => void) | undefined;
  let idleWaiters: (() => void)[] = [];

  function kick(): void {
    woken = true;
    wake?.();
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  function settle(claimed: number): void {
    if (claimed > 0 || inFlight.size > 0 || idleWaiters.length === 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async function run(): Promise<void> {
    while (running) {
      woken = false;
      const paused = pausedUntil - now();
      if (paused > 0) {
        settle(0);
        await sleep(Math.min(paused, pollMs));
        continue;
      }
      const free = config.concurrency - sending;
      let claimed = free > 0 ? 0 : 1;
      if (free > 0) {
        try {
          const items = await store.claim(owner, now(), config.leaseMs, free);
          claimed = items.length;
          for (const item of items) track(item);
        } catch (err) {
          log.error({ error: errorName(err) }, 'Outbox claim failed');
        }
      }
      settle(claimed);
      if (running) await sleep(pollMs);
    }
  }

  function track(item: OutboxItem): void {
    sending += 1;
    const delivery = deliver(item);
    inFlight.add(delivery);
    void delivery.finally(() => {
      inFlight.delete(delivery);
      // The last bookkeeping just ended: let a waiting idle() see the next pass.
      if (inFlight.size === 0 && idleWaiters.length > 0) kick();
    });
  }

  async function deliver(item: OutboxItem): Promise<void> {
    const ids = { visitorId: item.visitorId, messageId: item.messageId, eventId: item.event.event_id, attempts: item.attempts };
    let record: () => Promise<void>;
    try {
      record = await attempt(item, ids);
    } catch (err) {
      record = () => Promise.reject(err);
    }
    // Queue the outcome's write before waking the loop, so its claim lands after it in the same commit.
    const recorded = record();
    sending -= 1;
    kick();
    try {
      await recorded;
    } catch (err) {
      // The store failed: the claim lapses after leaseMs and the item is tried again.
      log.error({ ...ids, error: errorName(err) }, 'Outbox bookkeeping failed');
    }
  }

  /** Sends the item to Kit; resolves with the write that records the outcome. */
  async function attempt(item: OutboxItem, ids: Record<string, unknown>): Promise<() => Promise<void>> {
    if (now() - item.acceptedAt > config.deadlineMs) return () => fail(item, DEADLINE_EXCEEDED);
    const started = now();
    try {
      await kit.send(item.event);
    } catch (err) {
      const code = err instanceof KitError ? err.code : errorName(err);
      if (err instanceof KitError && !err.transient) return () => fail(item, code);
      if (now() - item.acceptedAt > config.deadlineMs) return () => fail(item, DEADLINE_EXCEEDED);
      // When Kit says how long to wait (429 or 503 with Retry-After), not a moment sooner; after a
      // 429 every send waits, since Kit limits the sender, not the message.
      const retryAfter = err instanceof KitError ? err.retryAfterMs : undefined;
      const delay = retryAfter !== undefined
        ? Math.min(retryAfter, RETRY_AFTER_MAX_MS)
        : retryDelayMs(item.attempts, config.backoffBaseMs, config.backoffMaxMs, deps.random);
      if (code === 'KIT_RATE_LIMITED') pausedUntil = Math.max(pausedUntil, now() + delay);
      else backedOff = true;
      return async () => {
        await store.retryLater(item.visitorId, item.messageId, now() + delay, code);
        log.warn({ ...ids, code, retryInMs: delay }, 'Kit send failed; will retry');
      };
    }
    // Past the lease another worker may already have claimed and sent it again (same event_id).
    if (now() - started > config.leaseMs) log.warn({ ...ids }, 'Kit send outlasted the outbox lease');
    const recovered = backedOff;
    backedOff = false;
    return async () => {
      await store.markDelivered(item.visitorId, item.messageId);
      deps.metrics?.messagesOut.inc({ outcome: 'delivered' });
      log.debug(ids, 'Message delivered to Kit');
      if (recovered) await retryWaiting();
    };
  }

  /** Kit took a message again: what waits out a backoff goes now (the claim keeps the order). */
  async function retryWaiting(): Promise<void> {
    const due = await store.retryNow(now(), KEEP_WAITING);
    if (due > 0) {
      log.info({ messages: due }, 'Kit is taking messages again: retrying those in backoff now');
      kick();
    }
  }

  async function fail(item: OutboxItem, reason: string): Promise<void> {
    await store.markFailed(item.visitorId, item.messageId, reason);
    deps.metrics?.messagesOut.inc({ outcome: 'failed' });
    log.warn({ visitorId: item.visitorId, messageId: item.messageId, attempts: item.attempts, reason }, 'Message failed for good');
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      kick();
      await loop;
      await Promise.all([...inFlight]);
      settle(0);
    },
    kick,
    idle() {
      const settled = new Promise<void>((resolve) => idleWaiters.push(resolve));
      if (!running) settle(0);
      kick();
      return settled;
    },
  };
}

/** A label for an unexpected error: its code or class name, never its message or fields. */
function errorName(err: unknown): string {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code)) return code;
    if (err instanceof Error) return err.name;
  }
  return 'UNKNOWN_ERROR';
}
