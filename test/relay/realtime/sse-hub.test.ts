// The hub's heartbeat: every idle stream hears from the relay once per interval, but the
// writes are spread over the interval, so thousands of streams never stall the process at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSseHub, HEARTBEAT, HEARTBEAT_SLOTS } from '../../../relay/realtime/sse-hub';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function sink() {
  const chunks: string[] = [];
  return { chunks, writableLength: 0, write: (c: string) => chunks.push(c) > 0, end: () => undefined, destroy: () => undefined };
}

describe('SSE hub heartbeat', () => {
  it('beats each of 1,000 streams once per interval, a small slice at a time', () => {
    const hub = createSseHub({ heartbeatMs: 20_000, streamsPerVisitor: 1 });
    const sinks = Array.from({ length: 1000 }, (_, i) => {
      const s = sink();
      hub.open(`visitor-${i}`, s);
      return s;
    });
    const beats = () => sinks.reduce((n, s) => n + s.chunks.filter((c) => c === HEARTBEAT).length, 0);
    let most = 0;
    for (let t = 0; t < HEARTBEAT_SLOTS; t++) {
      const before = beats();
      vi.advanceTimersByTime(20_000 / HEARTBEAT_SLOTS);
      most = Math.max(most, beats() - before);
    }
    expect(sinks.map((s) => s.chunks.length)).toEqual(sinks.map(() => 1));
    expect(most).toBe(1000 / HEARTBEAT_SLOTS);
    hub.closeAll();
  });

  it('stops beating a stream once it is closed, and stops the timer with the last one', () => {
    const hub = createSseHub({ heartbeatMs: 1000, streamsPerVisitor: 1 });
    const [a, b] = [sink(), sink()];
    const connA = hub.open('a', a)!;
    hub.open('b', b);
    connA.close();
    vi.advanceTimersByTime(1000);
    expect(a.chunks).toEqual([]);
    expect(b.chunks).toEqual([HEARTBEAT]);
    hub.closeAll();
    expect(vi.getTimerCount()).toBe(0);
  });
});
