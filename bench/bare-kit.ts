// A bare Kit custom channel stand-in on node:http for benchmarks: login and refresh hand out a
// JWT-shaped token, send answers {success:true,result:true} and records when each message arrived
// (absolute time, comparable with the load generator's clock in another process).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clock } from './children';

export interface BareKit {
  url: string;
  account: string;
  apiToken: string;
  channelUuid: string;
  /** A JWT the send route accepts, for callers that skip login. */
  jwt: string;
  received: number;
  /** Sends of a message id Kit had already received. */
  repeats: number;
  /**
   * Resolves once `count` distinct message ids starting with `prefix` have arrived, with the
   * arrival time of each; forgets them afterwards.
   */
  arrivals(prefix: string, count: number): Promise<Map<string, number>>;
  close(): Promise<void>;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export async function startBareKit(): Promise<BareKit> {
  const channelUuid = '5d0c1f3e-2b4a-4c6d-8e9f-0a1b2c3d4e5f';
  const arrived = new Map<string, number>();
  const waiters: { prefix: string; count: number; done: () => void }[] = [];
  const countOf = (prefix: string) => {
    let n = 0;
    for (const id of arrived.keys()) if (id.startsWith(prefix)) n += 1;
    return n;
  };
  const newJwt = () => {
    const iat = Math.floor(Date.now() / 1000);
    return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: channelUuid, iat, exp: iat + 3600 })}.${randomBytes(16).toString('base64url')}`;
  };
  const tokens = () => JSON.stringify({ success: true, result: { access_token: newJwt(), refresh_token: randomBytes(32).toString('hex') } });

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/api/v3/botService/login' || path === '/api/v3/botService/refreshToken') {
      return res.writeHead(200, { 'content-type': 'application/json' }).end(tokens());
    }
    if (path !== `/${channelUuid}`) return res.writeHead(404).end();
    const messageId = (JSON.parse(body) as { event_data?: { message?: { message_id?: string } } }).event_data?.message?.message_id;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"result":true}');
    if (!messageId) return;
    kit.received += 1;
    if (arrived.has(messageId)) return void (kit.repeats += 1);
    arrived.set(messageId, clock());
    for (const w of waiters) if (messageId.startsWith(w.prefix) && --w.count === 0) w.done();
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const kit: BareKit = {
    url: `http://127.0.0.1:${port}`,
    account: 'bench',
    apiToken: 'bench-api-token',
    channelUuid,
    jwt: newJwt(),
    received: 0,
    repeats: 0,
    async arrivals(prefix, count) {
      const missing = count - countOf(prefix);
      if (missing > 0) {
        await new Promise<void>((resolve) => {
          const waiter = { prefix, count: missing, done: () => {
            waiters.splice(waiters.indexOf(waiter), 1);
            resolve();
          } };
          waiters.push(waiter);
        });
      }
      const out = new Map<string, number>();
      for (const [id, at] of arrived) if (id.startsWith(prefix)) out.set(id, at);
      for (const id of out.keys()) arrived.delete(id);
      return out;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return kit;
}
