// The wire under Kit calls. Sends, one per visitor message, go over node:http or node:https
// with a keep-alive agent owned by the Kit client: lighter per call than fetch (no
// Request/Response objects, web streams or composed abort signals). Login and refresh, a few
// an hour, keep fetch. Both are bounded: a timeout per call, and an answer larger than Kit ever
// sends is not kept.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface KitAnswer {
  status: number;
  /** The body as text, or undefined when it was larger than `maxBodyBytes`. */
  body: string | undefined;
  /** The Retry-After header, when Kit sent one (with 429 or 503). */
  retryAfter?: string;
}

export type KitTransportFailure = 'timeout' | 'aborted' | 'network' | 'redirect';

/** A call that got no usable answer; `reason` says why. Never carries the URL or a body. */
export class KitTransportError extends Error {
  constructor(readonly reason: KitTransportFailure) {
    super(`Kit call failed: ${reason}`);
    this.name = 'KitTransportError';
  }
}

export interface KitPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface KitTransport {
  post(call: KitPost): Promise<KitAnswer>;
  /** Ends every call in flight (they fail as 'aborted'), and every later one, and closes the connections. */
  close(): void;
}

/** Kit's answers are a few hundred bytes; anything past this is not read. */
export const KIT_ANSWER_MAX_BYTES = 256 * 1024;

/** The keep-alive node:http/https transport, for sends. */
export function createKitTransport(maxBodyBytes = KIT_ANSWER_MAX_BYTES): KitTransport {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  /** How to abort each call in flight; one set rather than a listener per call on a shared signal. */
  const inFlight = new Set<() => void>();
  let closed = false;

  function post({ url, headers, body, timeoutMs }: KitPost): Promise<KitAnswer> {
    return new Promise((resolve, reject) => {
      if (closed) return reject(new KitTransportError('aborted'));
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(target, {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      });
      let failure: KitTransportFailure | undefined;
      let settled = false;
      const timer = setTimeout(() => fail('timeout'), timeoutMs);
      const onAbort = () => fail('aborted');
      inFlight.add(onAbort);
      const settle = (answer: KitAnswer | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        inFlight.delete(onAbort);
        if (answer) resolve(answer);
        else reject(new KitTransportError(failure ?? 'network'));
      };
      // Destroying the request ends the call whatever stage it is in; settle at once, since
      // after a response has begun Node may report the end on the response rather than here.
      function fail(reason: KitTransportFailure): void {
        failure ??= reason;
        req.destroy();
        settle(undefined);
      }
      req.on('error', () => settle(undefined));
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        // fetch's redirect: 'error': Kit never redirects an API call, so a redirect is a fault.
        if (status >= 300 && status < 400) return fail('redirect');
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxBodyBytes) chunks.push(chunk);
        });
        const retryAfter = res.headers['retry-after'];
        res.on('end', () => settle({
          status,
          body: size > maxBodyBytes ? undefined : Buffer.concat(chunks).toString('utf8'),
          ...(retryAfter ? { retryAfter } : {}),
        }));
        res.on('error', () => settle(undefined));
        res.on('close', () => settle(undefined)); // closed before 'end': the answer is incomplete
      });
      req.end(body);
    });
  }

  return {
    post,
    close() {
      closed = true;
      for (const abort of [...inFlight]) abort();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** The same calls through fetch, for login and refresh. */
export function createFetchTransport(maxBodyBytes = KIT_ANSWER_MAX_BYTES): KitTransport {
  const closing = new AbortController();
  return {
    async post({ url, headers, body, timeoutMs }) {
      if (closing.signal.aborted) throw new KitTransportError('aborted');
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.any([timeout, closing.signal]), redirect: 'error' });
        const text = await res.text();
        const retryAfter = res.headers.get('retry-after');
        return { status: res.status, body: Buffer.byteLength(text) > maxBodyBytes ? undefined : text, ...(retryAfter ? { retryAfter } : {}) };
      } catch {
        // The underlying error is dropped: it may name the URL, and login's URL holds the API token.
        throw new KitTransportError(timeout.aborted ? 'timeout' : closing.signal.aborted ? 'aborted' : 'network');
      }
    },
    close: () => closing.abort(),
  };
}
