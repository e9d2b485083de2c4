// Every open event stream in this process: caps per visitor, per address and in all, one
// shared heartbeat timer (thousands of idle streams cost one timer, not thousands) that also
// ends streams past their maximum age so clients reconnect (and show their token again),
// metrics, and ending them all on shutdown. The timer runs only while a stream is open and
// never keeps the process alive. Streams are spread over HEARTBEAT_SLOTS slots and each tick
// visits one slot, so ten thousand streams cost a few hundred small writes every so often,
// never one long pause holding up a reply on its way to a visitor; each stream is still
// visited once per heartbeatMs.
import type { Metrics } from '../metrics';

export interface SseConnection {
  readonly visitorId: string;
  /** Writes raw SSE text; false when the stream is gone or too far behind. */
  write(chunk: string): boolean;
  /** Ends the stream (idempotent). */
  close(): void;
  onClose(fn: () => void): void;
}

interface Sink {
  write(chunk: string): boolean;
  end(): void;
  /** Bytes queued but not yet flushed to the socket. */
  readonly writableLength: number;
  destroy(): void;
}

/** Which cap a new stream would pass: the visitor's, its address's, or the process's. */
export type StreamLimit = 'visitor' | 'address' | 'process';

export interface SseHub {
  /** The cap a new stream for this visitor from this address would pass, or undefined. */
  refuses(visitorId: string, address?: string): StreamLimit | undefined;
  /** Registers a stream, or returns undefined when a cap refuses it. */
  open(visitorId: string, sink: Sink, address?: string): SseConnection | undefined;
  /** Ends every stream of one visitor (its tokens were revoked). */
  closeVisitor(visitorId: string): void;
  /** Ends every stream (graceful shutdown). */
  closeAll(): void;
  readonly size: number;
}

export interface SseHubOptions {
  heartbeatMs: number;
  streamsPerVisitor: number;
  /** Per client address key (see http/client-address.ts). */
  streamsPerAddress?: number;
  /** In this process. */
  streamsMax?: number;
  /** A stream ends between 0.9× and 1× this long after it opened (spread, so reconnects spread too). */
  maxAgeMs?: number;
  metrics?: Pick<Metrics, 'openStreams'>;
  /** A stream this far behind (a reader that stopped reading) is dropped, bounding memory. */
  maxBufferedBytes?: number;
  now?: () => number;
  random?: () => number;
}

export const HEARTBEAT = ': hb\n\n';
export const HEARTBEAT_SLOTS = 50;

export function createSseHub(options: SseHubOptions): SseHub {
  const { heartbeatMs, streamsPerVisitor, metrics, maxBufferedBytes = 1024 * 1024, now = Date.now, random = Math.random } = options;
  const { streamsPerAddress = Infinity, streamsMax = Infinity, maxAgeMs = Infinity } = options;
  // Each stream sits in one heartbeat slot; the slots together are every open stream.
  const slots = Array.from({ length: HEARTBEAT_SLOTS }, () => new Set<Stream>());
  const perVisitor = new Map<string, number>();
  const perAddress = new Map<string, number>();
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  let nextSlot = 0;
  let tick = 0;

  const beat = () => {
    const t = now();
    for (const s of slots[tick]!) {
      if (t >= s.endsAt) s.close();
      else s.write(HEARTBEAT);
    }
    tick = (tick + 1) % HEARTBEAT_SLOTS;
  };
  const add = (counts: Map<string, number>, key: string, by: number) => {
    const n = (counts.get(key) ?? 0) + by;
    if (n > 0) counts.set(key, n);
    else counts.delete(key);
  };
  const all = () => slots.flatMap((slot) => [...slot]);

  // One object per stream with its methods on the prototype: ten thousand streams should not
  // mean ten thousand sets of closures.
  class Stream implements SseConnection {
    private closed = false;
    private listeners: (() => void)[] | undefined;

    constructor(
      readonly visitorId: string,
      private readonly address: string,
      private readonly sink: Sink,
      private readonly slot: Set<Stream>,
      /** When the heartbeat ends it (maximum age). */
      readonly endsAt: number,
    ) {}

    write(chunk: string): boolean {
      if (this.closed) return false;
      if (this.sink.writableLength > maxBufferedBytes) {
        this.sink.destroy();
        this.close();
        return false;
      }
      this.sink.write(chunk);
      return true;
    }

    close(): void {
      if (this.closed) return;
      this.closed = true;
      this.slot.delete(this);
      size -= 1;
      add(perVisitor, this.visitorId, -1);
      add(perAddress, this.address, -1);
      metrics?.openStreams.dec();
      if (size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
      this.sink.end();
      const listeners = this.listeners ?? [];
      this.listeners = undefined;
      for (const fn of listeners) fn();
    }

    onClose(fn: () => void): void {
      if (this.closed) fn();
      else (this.listeners ??= []).push(fn);
    }
  }

  function refuses(visitorId: string, address = ''): StreamLimit | undefined {
    if ((perVisitor.get(visitorId) ?? 0) >= streamsPerVisitor) return 'visitor';
    if ((perAddress.get(address) ?? 0) >= streamsPerAddress) return 'address';
    if (size >= streamsMax) return 'process';
    return undefined;
  }

  function open(visitorId: string, sink: Sink, address = ''): SseConnection | undefined {
    if (refuses(visitorId, address)) return undefined;
    add(perVisitor, visitorId, 1);
    add(perAddress, address, 1);
    const slot = slots[nextSlot]!;
    nextSlot = (nextSlot + 1) % HEARTBEAT_SLOTS;
    const stream = new Stream(visitorId, address, sink, slot, now() + maxAgeMs * (0.9 + 0.1 * random()));
    slot.add(stream);
    size += 1;
    metrics?.openStreams.inc();
    if (!timer) {
      timer = setInterval(beat, heartbeatMs / HEARTBEAT_SLOTS);
      timer.unref();
    }
    return stream;
  }

  return {
    refuses,
    open,
    closeVisitor(visitorId) {
      if (!perVisitor.has(visitorId)) return;
      for (const s of all()) if (s.visitorId === visitorId) s.close();
    },
    closeAll() {
      for (const s of all()) s.close();
    },
    get size() {
      return size;
    },
  };
}
