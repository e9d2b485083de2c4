// The wire under Kit calls (keep-alive node:http for sends, fetch for login and refresh):
// answers come back whole over kept-alive connections; a call that hangs, is aborted, is
// redirected or breaks off fails with its reason; a huge answer is not kept.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFetchTransport, createKitTransport, KitTransportError, type KitTransport } from '../../../relay/kit/transport';

let server: Server | undefined;
let transport: KitTransport | undefined;
afterEach(async () => {
  transport?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = transport = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/channel`, connections: () => connections };
}

const reasonOf = (promise: Promise<unknown>) =>
  promise.then(() => 'answered', (err: unknown) => (err instanceof KitTransportError ? err.reason : `other: ${String(err)}`));

describe.each([
  { name: 'node:http', create: createKitTransport, redirect: 'redirect', pooled: true },
  // fetch keeps connections alive too, in a pool of its own making: no count is promised.
  { name: 'fetch', create: createFetchTransport, redirect: 'network', pooled: false },
])('Kit transport over $name', ({ create: createKitTransport, redirect, pooled }) => {
  it('posts the body with its headers and returns the answer (over one kept-alive connection)', async () => {
    const seen: string[] = [];
    const { url, connections } = await serve((req, res, body) => {
      seen.push(`${req.method} ${req.url} ${req.headers['content-type']} ${req.headers.authorization} ${body}`);
      res.writeHead(418, { 'content-type': 'application/json' }).end('{"success":false}');
    });
    transport = createKitTransport();
    const headers = { 'content-type': 'application/json', authorization: 'Bearer jwt' };
    for (const n of [1, 2, 3]) {
      expect(await transport.post({ url, headers, body: `{"n":${n}}`, timeoutMs: 2000 })).toEqual({ status: 418, body: '{"success":false}' });
    }
    expect(seen).toEqual([1, 2, 3].map((n) => `POST /channel application/json Bearer jwt {"n":${n}}`));
    if (pooled) expect(connections()).toBe(1);
  });

  it('gives up on a call Kit does not answer within the timeout', async () => {
    const { url } = await serve(() => undefined);
    transport = createKitTransport();
    const started = Date.now();
    expect(await reasonOf(transport.post({ url, headers: {}, body: '{}', timeoutMs: 150 }))).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('also times out an answer that starts but never ends', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"success":');
    });
    transport = createKitTransport();
    expect(await reasonOf(transport.post({ url, headers: {}, body: '{}', timeoutMs: 150 }))).toBe('timeout');
  });

  it('ends every call in flight, and refuses new ones, once closed (the client is closing)', async () => {
    const { url } = await serve(() => undefined);
    transport = createKitTransport();
    const calls = [1, 2, 3].map(() => reasonOf(transport!.post({ url, headers: {}, body: '{}', timeoutMs: 5000 })));
    setTimeout(() => transport!.close(), 50);
    expect(await Promise.all(calls)).toEqual(['aborted', 'aborted', 'aborted']);
    expect(await reasonOf(transport.post({ url, headers: {}, body: '{}', timeoutMs: 5000 }))).toBe('aborted');
  });

  it('treats a redirect as a failure instead of following it', async () => {
    const { url } = await serve((_req, res) => res.writeHead(307, { location: 'http://127.0.0.1:9/elsewhere' }).end());
    transport = createKitTransport();
    expect(await reasonOf(transport.post({ url, headers: {}, body: '{}', timeoutMs: 2000 }))).toBe(redirect);
  });

  it('reports a connection Kit breaks off mid-answer as a network failure', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"succ');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    transport = createKitTransport();
    expect(await reasonOf(transport.post({ url, headers: {}, body: '{}', timeoutMs: 2000 }))).toBe('network');
  });

  it('returns the status but not the body of an answer larger than the bound', async () => {
    const { url } = await serve((_req, res) => res.writeHead(200).end('x'.repeat(5000)));
    transport = createKitTransport(1024);
    expect(await transport.post({ url, headers: {}, body: '{}', timeoutMs: 2000 })).toEqual({ status: 200, body: undefined });
  });
});
