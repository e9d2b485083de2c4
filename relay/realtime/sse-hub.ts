// Every open event stream in this process: per-visitor caps, one shared heartbeat timer
// (thousands of idle streams cost one timer, not thousands), metrics, and ending them all on
// shutdown. The timer runs only while a stream is open and never keeps the process alive.
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

export interface SseHub {
  /** Registers a stream, or returns undefined when the visitor is at the stream cap. */
  open(visitorId: string, sink: Sink): SseConnection | undefined;
  /** Ends every stream (graceful shutdown). */
  closeAll(): void;
  readonly size: number;
}

export interface SseHubOptions {
  heartbeatMs: number;
  streamsPerVisitor: number;
  metrics?: Pick<Metrics, 'openStreams'>;
  /** A stream this far behind (a reader that stopped reading) is dropped, bounding memory. */
  maxBufferedBytes?: number;
}

export const HEARTBEAT = ': hb\n\n';

export function createSseHub({ heartbeatMs, streamsPerVisitor, metrics, maxBufferedBytes = 1024 * 1024 }: SseHubOptions): SseHub {
  const streams = new Set<SseConnection>();
  const perVisitor = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  const beat = () => {
    for (const s of streams) s.write(HEARTBEAT);
  };

  function open(visitorId: string, sink: Sink): SseConnection | undefined {
    const count = perVisitor.get(visitorId) ?? 0;
    if (count >= streamsPerVisitor) return undefined;
    perVisitor.set(visitorId, count + 1);
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
        const left = (perVisitor.get(visitorId) ?? 1) - 1;
        if (left > 0) perVisitor.set(visitorId, left);
        else perVisitor.delete(visitorId);
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
    streams.add(conn);
    metrics?.openStreams.inc();
    if (!timer) {
      timer = setInterval(beat, heartbeatMs);
      timer.unref();
    }
    return conn;
  }

  return {
    open,
    closeAll() {
      for (const s of [...streams]) s.close();
    },
    get size() {
      return streams.size;
    },
  };
}
