// @vitest-environment node
// The widget's real transport (createHttpTransport, ky underneath) against a scriptable local
// server: what each relay answer becomes, which calls are repeated and which never are.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpTransport, REQUEST_TIMEOUT_MS, RETRY_AFTER_MAX_MS } from '../../widget/transport/http';
import type { Transport } from '../../widget/transport/types';

type Script = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server;
let base = '';
let script: Script;
let seen: string[] = [];

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
const refusal = (code: string) => ({ error: { code, message: 'refused' } });
const SESSION = { visitorId: 'v1', token: 'tok', lastSeq: 0, limits: { textMaxChars: 100, uploadMaxBytes: 1, uploadTypes: [] }, availability: { online: true } };

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => script(req, res, seen.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
});

const transport = (timeouts: { requestMs?: number; retryAfterMaxMs?: number } = {}): Transport =>
  createHttpTransport(base, globalThis as unknown as Window, () => Promise.reject(new Error('no uploads')), {
    requestMs: REQUEST_TIMEOUT_MS, retryAfterMaxMs: RETRY_AFTER_MAX_MS, ...timeouts,
  });
const message = { id: 'm1', text: 'hello' };

describe('the widget transport against a relay', () => {
  it('never repeats POST /v1/sessions without a token: a 503 reaches the model after one request', async () => {
    script = (_req, res) => json(res, 503, refusal('UNAVAILABLE'), { 'retry-after': '1' });
    await expect(transport().startSession({})).rejects.toMatchObject({ code: 'SERVER', status: 503, relayCode: 'UNAVAILABLE' });
    expect(seen).toEqual(['POST /v1/sessions']);
  });

  it('repeats a resume (a token: idempotent) after a 503, and resolves with the session', async () => {
    script = (_req, res, n) => (n === 1 ? json(res, 503, refusal('UNAVAILABLE'), { 'retry-after': '0' }) : json(res, 200, SESSION));
    await expect(transport().startSession({}, 'tok')).resolves.toEqual(SESSION);
    expect(seen).toEqual(['POST /v1/sessions', 'POST /v1/sessions']);
  });

  it('waits out a short Retry-After on a 429 and sends the same message again', async () => {
    script = (_req, res, n) => (n === 1 ? json(res, 429, refusal('RATE_LIMITED'), { 'retry-after': '1' }) : json(res, 202, { id: 'm1', seq: 1, status: 'accepted' }));
    await expect(transport().sendMessage('tok', message)).resolves.toEqual({ id: 'm1', seq: 1, status: 'accepted' });
    expect(seen).toEqual(['POST /v1/messages', 'POST /v1/messages']);
  });

  it('waits no longer than its cap for a Retry-After of a minute, then sends again', async () => {
    expect(RETRY_AFTER_MAX_MS).toBe(10_000);
    script = (_req, res, n) => (n === 1 ? json(res, 429, refusal('RATE_LIMITED'), { 'retry-after': '60' }) : json(res, 202, { id: 'm1', seq: 1, status: 'accepted' }));
    // A cap of 200 ms here: had the transport waited the minute, the test would time out.
    await expect(transport({ retryAfterMaxMs: 200 }).sendMessage('tok', message)).resolves.toMatchObject({ status: 'accepted' });
    expect(seen).toEqual(['POST /v1/messages', 'POST /v1/messages']);
  });

  it('gives a 429 that lasts to the model as RATE_LIMITED after its repeats', async () => {
    script = (_req, res) => json(res, 429, refusal('RATE_LIMITED'), { 'retry-after': '60' });
    await expect(transport({ retryAfterMaxMs: 50 }).sendMessage('tok', message)).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(seen).toEqual(['POST /v1/messages', 'POST /v1/messages', 'POST /v1/messages']);
  });

  it('answers 401 as UNAUTHORIZED for the session to renew, without repeating the call', async () => {
    script = (_req, res) => json(res, 401, refusal('UNAUTHORIZED'));
    await expect(transport().sendMessage('old-token', message)).rejects.toMatchObject({ code: 'UNAUTHORIZED', status: 401, relayCode: 'UNAUTHORIZED' });
    expect(seen).toEqual(['POST /v1/messages']);
  });

  it('answers a 400 as REJECTED with the relay code, without repeating it', async () => {
    script = (_req, res) => json(res, 400, refusal('TEXT_TOO_LONG'));
    await expect(transport().sendMessage('tok', message)).rejects.toMatchObject({ code: 'REJECTED', status: 400, relayCode: 'TEXT_TOO_LONG' });
    expect(seen).toEqual(['POST /v1/messages']);
  });

  it('gives up on a relay that does not answer with TIMEOUT', async () => {
    script = () => undefined; // holds every request open
    await expect(transport({ requestMs: 300 }).availability()).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('reports a connection the relay drops as NETWORK', async () => {
    script = (req) => req.socket.destroy();
    await expect(transport().sendMessage('tok', message)).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
