// The mailbox stream (GET /v1/events) over fetch, so it can send Authorization and
// Last-Event-ID. Resumes from the last seq, treats silence past STALL_TIMEOUT_MS as a dead
// stream, and reconnects with jittered exponential backoff.
import type { MailboxEntry } from '../../protocol/relay-api';
import { createSseParser } from './sse-parser';
import type { StreamHandle, StreamOptions } from './types';

/** The relay sends a heartbeat comment at least every 25 s; two missed ones mean a dead stream. */
export const STALL_TIMEOUT_MS = 60_000;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

export interface StreamDeps {
  fetch: typeof fetch;
  random: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (id: unknown) => void;
}

/** Delay before reconnect attempt `attempt` (0-based): half fixed, half random, capped. */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

function isEntry(value: unknown): value is MailboxEntry {
  const v = value as MailboxEntry | null;
  return !!v && typeof v === 'object' && Number.isSafeInteger(v.seq) && typeof v.type === 'string';
}

export function openEventStream(url: string, options: StreamOptions, deps: StreamDeps): StreamHandle {
  let closed = false;
  let attempt = 0;
  let controller: AbortController | null = null;
  let waitTimer: unknown = null;
  let stallTimer: unknown = null;
  let reader: ReadableStreamDefaultReader<string> | null = null;

  // Abort the request and cancel the reader: either one ends a pending read everywhere.
  const drop = () => {
    controller?.abort();
    reader?.cancel().catch(() => {});
  };
  const armStall = () => {
    deps.clearTimeout(stallTimer);
    stallTimer = deps.setTimeout(drop, STALL_TIMEOUT_MS);
  };

  async function connectOnce(): Promise<'retry' | 'stop'> {
    controller = new AbortController();
    const after = options.after();
    const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${options.token}` };
    if (after > 0) headers['Last-Event-ID'] = String(after);
    armStall();
    try {
      const res = await deps.fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
      if (res.status === 401) return 'stop';
      if (!res.ok || !res.body) return 'retry';
      options.onState('open');
      attempt = 0;
      const parser = createSseParser({
        onEvent(e) {
          let entry: unknown;
          try {
            entry = JSON.parse(e.data);
          } catch {
            return; // a malformed event is skipped, never fatal
          }
          if (isEntry(entry)) options.onEntry(entry);
        },
      });
      reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || closed) break;
        armStall();
        parser.feed(value);
      }
      return 'retry';
    } catch {
      return 'retry'; // network failure, abort on stall, or a broken body
    } finally {
      deps.clearTimeout(stallTimer);
    }
  }

  async function run(): Promise<void> {
    options.onState('connecting');
    while (!closed) {
      const outcome = await connectOnce();
      if (closed) return;
      if (outcome === 'stop') {
        closed = true;
        options.onUnauthorized();
        return;
      }
      options.onState('reconnecting');
      await new Promise<void>((resolve) => {
        waitTimer = deps.setTimeout(resolve, backoffDelay(attempt++, deps.random));
        wake = resolve;
      });
      wake = null;
    }
  }

  let wake: (() => void) | null = null;
  void run();

  return {
    retryNow() {
      if (!wake) return;
      deps.clearTimeout(waitTimer);
      attempt = 0;
      wake();
    },
    close() {
      closed = true;
      deps.clearTimeout(waitTimer);
      deps.clearTimeout(stallTimer);
      drop();
      wake?.();
    },
  };
}
