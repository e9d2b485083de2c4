// Thousands of event-stream readers on raw sockets (lighter than an HTTP client per stream):
// each writes one GET /v1/events and reports every `lat-<n>-` marker it reads, with the time.
import { connect, type Socket } from 'node:net';

export type OnMarker = (marker: number, at: number) => void;

/** Opens one stream; resolves with the socket once the relay has answered 200. */
export function openStream(url: URL, token: string, onMarker: OnMarker, timeoutMs = 30_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    let head = true;
    let tail = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer to GET /v1/events in time'));
    }, timeoutMs);
    socket.once('connect', () => {
      socket.write(`GET /v1/events HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      const at = performance.now();
      const text = tail + chunk.toString('latin1');
      if (head) {
        if (!text.includes('\r\n\r\n')) return void (tail = text);
        head = false;
        clearTimeout(timer);
        if (!text.startsWith('HTTP/1.1 200')) {
          socket.destroy();
          return reject(new Error(`GET /v1/events answered ${text.slice(9, 12)}`));
        }
        resolve(socket);
      }
      for (const m of text.matchAll(/lat-(\d+)-/g)) onMarker(Number(m[1]), at);
      tail = text.slice(-16);
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!, i);
    }
  }));
  return out;
}
