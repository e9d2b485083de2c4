// Small helpers for tests over real HTTP: listen on an ephemeral port, read an SSE
// stream from fetch's body, and capture every log line a logger writes.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../relay/log';

export interface Listening {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function listen(handler: RequestListener): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  /** Comment lines (`: hb`) and `retry:` come through as their own records. */
  comment?: string;
  retry?: string;
}

/** Reads SSE records from a fetch response body; `next()` waits for the next one. */
export function sseReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseEvent[] = [];

  const parse = (block: string): SseEvent => {
    const ev: SseEvent = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) ev.comment = line.slice(1).trim();
      else {
        const i = line.indexOf(':');
        const field = line.slice(0, i);
        const value = line.slice(i + 1).replace(/^ /, '');
        if (field === 'id' || field === 'event' || field === 'data' || field === 'retry') ev[field] = value;
      }
    }
    return ev;
  };

  async function next(timeoutMs = 5000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    while (queue.length === 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no SSE event in time');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no SSE event in time')), remaining);
      });
      const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('SSE stream ended');
      buffer += chunk.value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        queue.push(parse(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
    return queue.shift()!;
  }

  /** The next record that carries data (skipping heartbeats and retry hints). */
  async function nextData(timeoutMs = 5000): Promise<SseEvent & { json: any }> {
    for (;;) {
      const ev = await next(timeoutMs);
      if (ev.data !== undefined) return { ...ev, json: JSON.parse(ev.data) };
    }
  }

  /** Resolves when the server ends the stream. */
  async function ended(timeoutMs = 5000): Promise<void> {
    try {
      for (;;) await next(timeoutMs);
    } catch (err) {
      if ((err as Error).message !== 'SSE stream ended') throw err;
    }
  }

  return { next, nextData, ended, cancel: () => reader.cancel().catch(() => {}) };
}

/** A logger writing into memory, so a test can read every line it produced. */
export function captureLogger(level: Parameters<typeof createLogger>[0] = 'trace'): { log: Logger; text(): string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger(level, sink), text: () => chunks.join('') };
}
