// Every open event stream in this process: caps per visitor, per address and in all, one
// shared heartbeat timer (thousands of idle streams cost one timer, not thousands) that also
// ends streams past their maximum age so clients reconnect (and show their token again),
// metrics, and ending them all on shutdown. The timer runs only while a stream is open and
// never keeps the process alive.
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

export function createSseHub(options: SseHubOptions): SseHub {
  const { heartbeatMs, streamsPerVisitor, metrics, maxBufferedBytes = 1024 * 1024, now = Date.now, random = Math.random } = options;
  const { streamsPerAddress = Infinity, streamsMax = Infinity, maxAgeMs = Infinity } = options;
  const streams = new Map<SseConnection, number>(); // → when it ends
  const perVisitor = new Map<string, number>();
  const perAddress = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  const beat = () => {
    const t = now();
    for (const [s, endsAt] of streams) {
      if (t >= endsAt) s.close();
      else s.write(HEARTBEAT);
    }
  };
  const add = (counts: Map<string, number>, key: string, by: number) => {
    const n = (counts.get(key) ?? 0) + by;
    if (n > 0) counts.set(key, n);
    else counts.delete(key);
  };

  function refuses(visitorId: string, address = ''): StreamLimit | undefined {
    if ((perVisitor.get(visitorId) ?? 0) >= streamsPerVisitor) return 'visitor';
    if ((perAddress.get(address) ?? 0) >= streamsPerAddress) return 'address';
    if (streams.size >= streamsMax) return 'process';
    return undefined;
  }

  function open(visitorId: string, sink: Sink, address = ''): SseConnection | undefined {
    if (refuses(visitorId, address)) return undefined;
    add(perVisitor, visitorId, 1);
    add(perAddress, address, 1);
    let closed = false;
    const listeners: (() => void)[] = [];

    const conn: SseConnection = {
      visitorId,
      write(chunk) {
        if (closed) return false;
        if (sink.writableLength > maxBufferedBytes) {
          sink.destroy();
          conn.close();
          return false;
        }
        sink.write(chunk);
        return true;
      },
      close() {
        if (closed) return;
        closed = true;
        streams.delete(conn);
        add(perVisitor, visitorId, -1);
        add(perAddress, address, -1);
        metrics?.openStreams.dec();
        if (streams.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
        sink.end();
        for (const fn of listeners.splice(0)) fn();
      },
      onClose(fn) {
        if (closed) fn();
        else listeners.push(fn);
      },
    };
    streams.set(conn, now() + maxAgeMs * (0.9 + 0.1 * random()));
    metrics?.openStreams.inc();
    if (!timer) {
      timer = setInterval(beat, heartbeatMs);
      timer.unref();
    }
    return conn;
  }

  return {
    refuses,
    open,
    closeVisitor(visitorId) {
      if (!perVisitor.has(visitorId)) return;
      for (const s of [...streams.keys()]) if (s.visitorId === visitorId) s.close();
    },
    closeAll() {
      for (const s of [...streams.keys()]) s.close();
    },
    get size() {
      return streams.size;
    },
  };
}
