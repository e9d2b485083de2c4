// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MailboxEntry } from '../../protocol/relay-api';
import { backoffDelay, openEventStream, STALL_TIMEOUT_MS } from '../../widget/transport/event-stream';
import type { StreamState } from '../../widget/transport/types';

/** A fake /v1/events: each call gets a body the test writes to. */
function fakeFetch(status = 200) {
  const calls: { headers: Record<string, string>; write: (text: string) => void; end: () => void; signal: AbortSignal }[] = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const signal = init!.signal!;
    signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    calls.push({
      headers: init!.headers as Record<string, string>,
      write: (text) => controller.enqueue(new TextEncoder().encode(text)),
      end: () => controller.close(),
      signal,
    });
    return new Response(status === 200 ? body : null, { status });
  });
  return { fetch, calls };
}

const tick = () => new Promise((r) => setImmediate(r));

function start(fetch: typeof globalThis.fetch, after = 0) {
  const entries: MailboxEntry[] = [];
  const states: StreamState[] = [];
  const onUnauthorized = vi.fn();
  let last = after;
  const handle = openEventStream(
    'https://relay.test/v1/events',
    {
      token: 'tok',
      after: () => last,
      onEntry: (e) => {
        entries.push(e);
        last = e.seq;
      },
      onState: (s) => states.push(s),
      onUnauthorized,
    },
    { fetch, random: () => 0.5, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id as never) },
  );
  return { handle, entries, states, onUnauthorized };
}

afterEach(() => vi.useRealTimers());

describe('event stream', () => {
  it('sends the bearer token and resumes from the last seq with Last-Event-ID', async () => {
    const { fetch, calls } = fakeFetch();
    const s = start(fetch, 41);
    await tick();
    expect(calls[0]!.headers).toMatchObject({ Authorization: 'Bearer tok', 'Last-Event-ID': '41' });
    s.handle.close();
  });

  it('delivers mailbox entries and skips malformed ones', async () => {
    const { fetch, calls } = fakeFetch();
    const s = start(fetch);
    await tick();
    calls[0]!.write('id: 1\nevent: message\ndata: {"seq":1,"type":"conversation","state":"closed"}\n\n');
    calls[0]!.write('data: not json\n\ndata: {"no":"seq"}\n\n');
    await tick();
    expect(s.entries).toEqual([{ seq: 1, type: 'conversation', state: 'closed' }]);
    expect(s.states).toEqual(['connecting', 'open']);
    s.handle.close();
  });

  it('reconnects after a dropped stream from the newest seq it saw', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { fetch, calls } = fakeFetch();
    const s = start(fetch);
    await tick();
    calls[0]!.write('data: {"seq":9,"type":"status","id":"a","status":"delivered"}\n\n');
    calls[0]!.end();
    await tick();
    expect(s.states.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(backoffDelay(0, () => 0.5));
    expect(calls).toHaveLength(2);
    expect(calls[1]!.headers['Last-Event-ID']).toBe('9');
    s.handle.close();
  });

  it('treats a stream silent for twice the heartbeat interval as stalled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { fetch, calls } = fakeFetch();
    const s = start(fetch);
    await tick();
    await vi.advanceTimersByTimeAsync(STALL_TIMEOUT_MS - 1000);
    calls[0]!.write(': heartbeat\n\n'); // a comment keeps the stream alive
    await vi.advanceTimersByTimeAsync(STALL_TIMEOUT_MS - 1000);
    expect(calls[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls[0]!.signal.aborted).toBe(true);
    // Dropped, then reconnected after the backoff.
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    expect(calls).toHaveLength(2);
    s.handle.close();
  });

  it('retries at once when asked instead of waiting out the backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { fetch, calls } = fakeFetch(503);
    const s = start(fetch);
    await tick();
    await tick();
    expect(calls).toHaveLength(1);
    s.handle.retryNow();
    await tick();
    await tick();
    expect(calls).toHaveLength(2);
    s.handle.close();
  });

  it('stops and asks for a new session when the token is refused', async () => {
    const { fetch, calls } = fakeFetch(401);
    const s = start(fetch);
    await tick();
    await tick();
    expect(s.onUnauthorized).toHaveBeenCalledOnce();
    expect(calls).toHaveLength(1);
  });

  it('backs off exponentially with jitter up to a cap', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(20, () => 1)).toBe(30_000);
  });
});
