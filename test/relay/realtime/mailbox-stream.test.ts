import { describe, expect, it } from 'vitest';
import type { MailboxEntry } from '../../../protocol/relay-api';
import { streamMailbox } from '../../../relay/realtime/mailbox-stream';
import { createSseHub } from '../../../relay/realtime/sse-hub';
import type { EntryListener } from '../../../relay/store/types';

/** A store whose list() resolves only when the test says so, to stage races exactly. */
function fakeStore() {
  const entries: MailboxEntry[] = [];
  let listener: EntryListener | undefined;
  const gates: (() => void)[] = [];
  return {
    entries,
    append(n: number, publish = true) {
      const entry: MailboxEntry = { seq: n, type: 'conversation', state: 'closed' };
      entries.push(entry);
      if (publish) listener?.(entry);
    },
    publishOnly(n: number) {
      listener?.({ seq: n, type: 'conversation', state: 'closed' });
    },
    releaseList: () => gates.shift()?.(),
    store: {
      subscribe(_v: string, l: EntryListener) {
        listener = l;
        return () => void (listener = undefined);
      },
      async list(_v: string, after: number, limit: number) {
        await new Promise<void>((r) => gates.push(r));
        return entries.filter((e) => e.seq > after).slice(0, limit);
      },
    },
  };
}

function sink() {
  const written: string[] = [];
  return { written, sink: { write: (c: string) => (written.push(c), true), end() {}, destroy() {}, writableLength: 0 } };
}
const seqs = (written: string[]) => written.map((c) => /^id: (\d+)/.exec(c)?.[1]).filter(Boolean).map(Number);
const tick = () => new Promise((r) => setImmediate(r));

describe('a mailbox stream', () => {
  it('buffers entries published during the replay and sends each exactly once, in order', async () => {
    const f = fakeStore();
    for (let i = 1; i <= 3; i++) f.append(i, false);
    const out = sink();
    const conn = createSseHub({ heartbeatMs: 60_000, streamsPerVisitor: 1 }).open('v', out.sink)!;
    streamMailbox({ store: f.store, conn, after: 1 });
    f.append(4); // lands while list() is in flight, so both the replay and the live feed see it
    await tick();
    f.releaseList();
    await tick();
    f.append(5);
    expect(seqs(out.written)).toEqual([2, 3, 4, 5]);
    conn.close();
  });

  it('fills a gap in the live feed from the store', async () => {
    const f = fakeStore();
    const out = sink();
    const conn = createSseHub({ heartbeatMs: 60_000, streamsPerVisitor: 1 }).open('v', out.sink)!;
    streamMailbox({ store: f.store, conn, after: 0 });
    f.releaseList();
    await tick();
    f.append(1);
    f.append(2, false); // appended elsewhere, its notification not (yet) seen here
    f.append(3);
    await tick();
    f.releaseList();
    await tick();
    expect(seqs(out.written)).toEqual([1, 2, 3]);
    conn.close();
  });

  it('stops listening once the connection closes', async () => {
    const f = fakeStore();
    const out = sink();
    const conn = createSseHub({ heartbeatMs: 60_000, streamsPerVisitor: 1 }).open('v', out.sink)!;
    streamMailbox({ store: f.store, conn, after: 0 });
    f.releaseList();
    await tick();
    conn.close();
    f.append(1);
    expect(seqs(out.written)).toEqual([]);
  });
});

describe('the stream hub', () => {
  it('drops a stream whose reader stopped reading instead of buffering without bound', () => {
    const hub = createSseHub({ heartbeatMs: 60_000, streamsPerVisitor: 5, maxBufferedBytes: 10 });
    let destroyed = false;
    const conn = hub.open('v', { write: () => true, end() {}, destroy: () => void (destroyed = true), writableLength: 11 })!;
    expect(conn.write('x')).toBe(false);
    expect(destroyed).toBe(true);
    expect(hub.size).toBe(0);
  });
});
