// A small scriptable stand-in for Kit's custom channel API (docs/kit-api.md §2-3) on node:http:
// real HTTP on 127.0.0.1:0, counters, JWTs with an `exp` claim, and scripted faults per route.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KitIncomingEvent } from '../../protocol/kit-api';

export type KitRoute = 'login' | 'refresh' | 'send';
/** One scripted answer: a status (with an optional body), a delay before answering, or a dropped connection. */
export interface Fault {
  status?: number;
  body?: unknown;
  delayMs?: number;
  drop?: boolean;
}

export interface KitStandInOptions {
  account?: string;
  apiToken?: string;
  channelUuid?: string;
  /** JWT lifetime in seconds; null issues JWTs without `exp` (valid until revoked). Default 900. */
  jwtLifetimeS?: number | null;
  /** The stand-in's clock (ms); share the client's fake clock. */
  now?: () => number;
}

export interface KitStandIn {
  url: string;
  account: string;
  apiToken: string;
  channelUuid: string;
  jwtLifetimeS: number | null;
  /** Requests received per route, faults included. */
  counts: Record<KitRoute, number>;
  /** Successful sends per message_id. */
  delivered: Map<string, number>;
  /** Accepted events, in arrival order. */
  events: KitIncomingEvent[];
  loginRequests: { query: URLSearchParams; body: URLSearchParams; contentType: string | undefined }[];
  /** Every access and refresh token handed out, for leak checks. */
  issued: string[];
  /** The next answers on `route` follow these faults, one per request. */
  fail(route: KitRoute, ...faults: Fault[]): void;
  revokeAccessTokens(): void;
  revokeRefreshTokens(): void;
  close(): Promise<void>;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const UNAUTHORIZED = { success: false, result: { error: 'Unauthorized', code: 401 } };

export async function startKitStandIn(options: KitStandInOptions = {}): Promise<KitStandIn> {
  const now = options.now ?? Date.now;
  const access = new Map<string, number | null>(); // JWT -> expiry (ms) or null
  const refresh = new Set<string>();
  const faults: Record<KitRoute, Fault[]> = { login: [], refresh: [], send: [] };

  const issuePair = () => {
    const iat = Math.floor(now() / 1000);
    const lifetime = kit.jwtLifetimeS;
    const claims = lifetime === null ? { sub: randomUUID(), iat } : { sub: randomUUID(), iat, exp: iat + lifetime };
    const jwt = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.${randomBytes(16).toString('base64url')}`;
    const refreshToken = randomBytes(24).toString('hex');
    access.set(jwt, lifetime === null ? null : (iat + lifetime) * 1000);
    refresh.add(refreshToken);
    kit.issued.push(jwt, refreshToken);
    return { success: true, result: { access_token: jwt, refresh_token: refreshToken } };
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const route: KitRoute | undefined =
      url.pathname === '/api/v3/botService/login' ? 'login'
        : url.pathname === '/api/v3/botService/refreshToken' ? 'refresh'
          : url.pathname === `/${kit.channelUuid}` ? 'send' : undefined;
    if (req.method !== 'POST' || !route) return reply(res, 404, { success: false, result: { error: 'Not found', code: 404 } });
    const raw = await readBody(req);
    kit.counts[route] += 1;
    const fault = faults[route].shift();
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.drop) return void req.socket.destroy();
    if (fault?.status) return reply(res, fault.status, fault.body ?? { success: false, result: { error: 'Scripted failure', code: fault.status } });

    if (route === 'login') {
      const body = new URLSearchParams(raw);
      kit.loginRequests.push({ query: url.searchParams, body, contentType: req.headers['content-type'] });
      const ok = url.searchParams.get('domain') === kit.account && url.searchParams.get('access_token') === kit.apiToken
        && body.get('channel_uuid') === kit.channelUuid;
      return ok ? reply(res, 200, issuePair()) : reply(res, 401, UNAUTHORIZED);
    }
    if (route === 'refresh') {
      const token = new URLSearchParams(raw).get('refresh_token') ?? '';
      if (!refresh.delete(token)) return reply(res, 401, { success: false, result: { error: 'Invalid refresh token', code: 401 } });
      return reply(res, 200, issuePair());
    }
    const jwt = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const expiry = access.get(jwt);
    if (expiry === undefined || (expiry !== null && now() >= expiry)) return reply(res, 401, UNAUTHORIZED);
    let event: KitIncomingEvent;
    try {
      event = JSON.parse(raw) as KitIncomingEvent;
    } catch {
      return reply(res, 400, { success: false, result: { error: 'Invalid JSON', code: 400 } });
    }
    const messageId = event?.event_data?.message?.message_id;
    if (event?.event_type !== 'send_message' || !event.event_id || !event.client_data?.client_id || !messageId) {
      return reply(res, 400, { success: false, result: { error: 'Invalid event', code: 400 } });
    }
    kit.events.push(event);
    kit.delivered.set(messageId, (kit.delivered.get(messageId) ?? 0) + 1);
    return reply(res, 200, { success: true, result: true });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const kit: KitStandIn = {
    url: `http://127.0.0.1:${port}`,
    account: options.account ?? 'acme',
    apiToken: options.apiToken ?? `api-${randomBytes(12).toString('hex')}`,
    channelUuid: options.channelUuid ?? randomUUID(),
    jwtLifetimeS: options.jwtLifetimeS === undefined ? 900 : options.jwtLifetimeS,
    counts: { login: 0, refresh: 0, send: 0 },
    delivered: new Map(),
    events: [],
    loginRequests: [],
    issued: [],
    fail: (route, ...list) => void faults[route].push(...list),
    revokeAccessTokens: () => access.clear(),
    revokeRefreshTokens: () => refresh.clear(),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return kit;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
