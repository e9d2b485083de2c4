// The load generator's side of `npm run bench`: a keep-alive node:http client (lighter than
// fetch, and the same for every mode) and the load shape: visitors in parallel, each sending
// its messages one after another, the next as soon as the previous one was answered.
import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface HttpClient {
  post(path: string, headers: Record<string, string>, body: string): Promise<HttpAnswer>;
  close(): void;
}

export function httpClient(base: string, sockets: number): HttpClient {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    post(path, headers, body) {
      return new Promise((resolve, reject) => {
        const req = request(
          { agent, host: url.hostname, port: url.port, method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Runs `send(visitor, message)` for every visitor at once, each visitor's messages in sequence. */
export async function runVisitors(visitors: number, messages: number, send: (visitor: number, message: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: visitors }, async (_, v) => {
    for (let m = 0; m < messages; m++) await send(v, m);
  }));
}

/** Rejects when `work` outlasts `ms`, naming `what`. */
export function withLimit<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
