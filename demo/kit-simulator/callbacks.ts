// Delivers Kit callbacks (docs/kit-api.md §4) to the integrator: JSON POST signed with
// Authorization = lowercase hex MD5("{salt}:{token}:{event_id}") (§4.2), where the token is the
// API token unless switched to another one (to show a relay checking the wrong token), serial per client_id,
// retried with exponential backoff on non-2xx or network errors (Kit's own policy is undocumented, §6).
import { createHash } from 'node:crypto';
import type { KitCallbackEvent } from '../../protocol/kit-api';
import type { CallbackOutcome, CallbackRetryOptions, SimulatorLog, SimulatorStats } from './types';

export const DEFAULT_CALLBACK_RETRY: CallbackRetryOptions = { attempts: 4, baseDelayMs: 500, timeoutMs: 5_000 };

export function signCallback(salt: string, token: string, eventId: string): string {
  return createHash('md5').update(`${salt}:${token}:${eventId}`).digest('hex');
}

/** Kit's test request at channel creation is signed without an event id (docs/kit-api.md §5). */
export function signTestRequest(salt: string, token: string): string {
  return createHash('md5').update(`${salt}:${token}`).digest('hex');
}

export interface CallbackSenderDeps {
  salt: string;
  /** The token callbacks are signed with right now. */
  signingToken: () => string;
  retry: CallbackRetryOptions;
  callbackUrl: () => string | undefined;
  duplicate: () => boolean;
  stats: SimulatorStats;
  log?: SimulatorLog;
}

export class CallbackSender {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();

  constructor(private readonly deps: CallbackSenderDeps) {}

  /** Queues a callback behind earlier ones for the same client; resolves once delivered or given up. */
  send(event: KitCallbackEvent): Promise<CallbackOutcome> {
    const clientId = event.client_data.client_id;
    const previous = this.queues.get(clientId) ?? Promise.resolve();
    const run = previous.then(() => this.deliverWithDuplicates(event));
    const tail = run.catch(() => undefined);
    this.queues.set(clientId, tail);
    this.pending.add(run);
    void tail.then(() => {
      this.pending.delete(run);
      if (this.queues.get(clientId) === tail) this.queues.delete(clientId);
    });
    return run;
  }

  /**
   * Delivers callbacks all at once and in a shuffled order, bypassing the per-client queue:
   * Kit documents neither ordering nor concurrency (§6), so integrators must cope with both.
   */
  sendConcurrently(events: KitCallbackEvent[], random: () => number = Math.random): Promise<CallbackOutcome>[] {
    const order = events.map((event, i) => ({ event, key: random(), i })).sort((a, b) => a.key - b.key);
    const started = new Map<number, Promise<CallbackOutcome>>();
    for (const { event, i } of order) {
      const run = this.deliverWithDuplicates(event);
      this.pending.add(run);
      void run.finally(() => this.pending.delete(run));
      started.set(i, run);
    }
    return events.map((_e, i) => started.get(i)!);
  }

  /** Resolves when every queued callback has been delivered or given up on. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops retrying: pending backoffs end at once and no further attempts start. */
  stop(): void {
    this.stopping.abort();
  }

  private async deliverWithDuplicates(event: KitCallbackEvent): Promise<CallbackOutcome> {
    const outcome = await this.deliver(event);
    if (this.deps.duplicate()) {
      const again = await this.deliver(event);
      return { ...outcome, attempts: outcome.attempts + again.attempts };
    }
    return outcome;
  }

  private async deliver(event: KitCallbackEvent): Promise<CallbackOutcome> {
    const { retry, stats, log } = this.deps;
    const body = JSON.stringify(event);
    const signature = signCallback(this.deps.salt, this.deps.signingToken(), event.event_id);
    const ids = { eventId: event.event_id, eventType: event.event_type, clientId: event.client_data.client_id };
    let attempts = 0;
    while (attempts < retry.attempts && !this.stopping.signal.aborted) {
      if (attempts > 0) await this.sleep(retry.baseDelayMs * 2 ** (attempts - 1));
      if (this.stopping.signal.aborted) break;
      const url = this.deps.callbackUrl();
      attempts += 1;
      stats.callbackAttempts += 1;
      if (!url) {
        log?.warn({ ...ids, attempt: attempts }, 'callback not sent: no callback URL set');
        continue;
      }
      const started = Date.now();
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: signature },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(retry.timeoutMs), this.stopping.signal]),
        });
        await response.body?.cancel();
        if (response.ok) {
          stats.callbacksSent += 1;
          log?.info({ ...ids, attempt: attempts, status: response.status, ms: Date.now() - started }, 'callback delivered');
          return { eventId: event.event_id, delivered: true, attempts };
        }
        log?.warn({ ...ids, attempt: attempts, status: response.status }, 'callback answered non-2xx');
      } catch (error) {
        log?.warn({ ...ids, attempt: attempts, error: (error as Error).name }, 'callback unreachable');
      }
    }
    stats.callbacksFailed += 1;
    return { eventId: event.event_id, delivered: false, attempts };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stopping.signal;
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
