// The XHR uploader against a real local server: what goes on the wire, how answers and
// refusals come back, and cancelling.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../widget/transport/errors';
import { uploadFile } from '../../widget/transport/upload';

interface Seen {
  url: string;
  auth?: string;
  type?: string;
  body: string;
}
let server: Server;
let base = '';
const seen: Seen[] = [];
let answer: (req: IncomingMessage) => { status: number; body: unknown } | null = () => null;

beforeAll(async () => {
  server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'authorization,content-type' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url!, auth: req.headers.authorization, type: req.headers['content-type'], body: Buffer.concat(chunks).toString() });
      const out = answer(req);
      if (!out) return; // hold the request open
      res.writeHead(out.status, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const file = () => new File(['hello'], 'отчёт 1.txt', { type: 'text/plain' });

describe('uploading a file', () => {
  it('sends the raw file with its type, the name in the query and the token, and resolves the file url', async () => {
    answer = () => ({ status: 201, body: { fileId: 'f1', url: '/files/f1/report.txt', name: 'отчёт 1.txt', size: 5, type: 'text/plain' } });
    const res = await uploadFile(window, base, 'tok', file());
    const req = seen.at(-1)!;
    expect(req.url).toBe(`/v1/uploads?name=${encodeURIComponent('отчёт 1.txt')}`);
    expect(req.auth).toBe('Bearer tok');
    expect(req.type).toBe('text/plain');
    expect(req.body).toBe('hello');
    expect(res).toEqual({ fileId: 'f1', url: `${base}/files/f1/report.txt`, name: 'отчёт 1.txt', size: 5, type: 'text/plain' });
  });

  it('turns a 415 into a refusal carrying the relay code', async () => {
    answer = () => ({ status: 415, body: { error: { code: 'UNSUPPORTED_TYPE', message: 'no' } } });
    const error = await uploadFile(window, base, 'tok', file()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'REJECTED', status: 415, relayCode: 'UNSUPPORTED_TYPE' });
  });

  it('treats an answer without a file id as a refusal', async () => {
    answer = () => ({ status: 201, body: { url: '/files/x' } });
    await expect(uploadFile(window, base, 'tok', file())).rejects.toMatchObject({ code: 'REJECTED' });
  });

  it('stops when aborted, with the ABORTED code', async () => {
    answer = () => null;
    const controller = new AbortController();
    const before = seen.length;
    const pending = uploadFile(window, base, 'tok', file(), { signal: controller.signal });
    // Abort once the server holds the whole request, so the abort cancels a request in flight.
    await expect.poll(() => seen.length).toBe(before + 1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
