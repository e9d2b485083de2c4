// The simulator's admin JSON API and live stream, used by the operator console and by people
// driving a demo by hand. Local use only: it is unauthenticated, so the simulator binds to
// 127.0.0.1 by default, and mutating calls must be JSON (a cross-site form cannot send that).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ConversationStore } from './conversations';
import { FaultError, type Faults } from './faults';
import type { SimulatorFiles } from './files';
import { MAX_BURST, SimulatorError, type Operator } from './operator';
import type { FaultPatch, ReplyInput, SimulatorStats } from './types';

export const STREAM_HEARTBEAT_MS = 20_000;

export type StreamEvent = { type: 'client'; clientId: string } | { type: 'settings' };

export interface AdminDeps {
  store: ConversationStore;
  operator: Operator;
  faults: Faults;
  /** Files uploaded from the console, attachable to a reply by `fileId`. */
  files: Pick<SimulatorFiles, 'payloadItem'>;
  stats: () => SimulatorStats;
  state: () => Record<string, unknown>;
  setCallbackUrl: (url: string | undefined) => Promise<unknown>;
  setSigningToken: (token: string | undefined) => 'api-token' | 'other-token';
  subscribe: (listener: (event: StreamEvent) => void) => () => void;
  /** Open stream responses, so close() can end them. */
  streams: Set<Response>;
}

const fail = (res: Response, status: number, message: string) => res.status(status).json({ error: message });
const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const clientIdOf = (req: Request) => String(req.params.clientId);

export function adminRoutes(deps: AdminDeps): Router {
  const { store, operator, faults } = deps;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'DELETE' && !req.is('application/json')) {
      return fail(res, 415, 'send application/json');
    }
    next();
  });

  router.get('/state', (_req, res) => res.json(deps.state()));
  router.get('/stats', (_req, res) => res.json(deps.stats()));
  router.get('/clients', (_req, res) => res.json({ clients: store.summaries() }));

  router.get('/clients/:clientId', (req, res) => {
    const conversations = store.history(clientIdOf(req));
    if (!conversations) return fail(res, 404, 'no such client');
    res.json({ clientId: clientIdOf(req), conversations });
  });

  router.post('/clients/:clientId/read', (req, res) => {
    if (!store.markRead(clientIdOf(req))) return fail(res, 404, 'no such client');
    res.status(204).end();
  });

  router.post('/clients/:clientId/reply', (req, res) => {
    const { text, attachmentUrl, fileId, as } = body(req);
    if (text !== undefined && typeof text !== 'string') return fail(res, 400, 'text must be a string');
    if (attachmentUrl !== undefined && attachmentUrl !== '' && typeof attachmentUrl !== 'string') {
      return fail(res, 400, 'attachmentUrl must be a string');
    }
    if (fileId !== undefined && fileId !== '' && typeof fileId !== 'string') return fail(res, 400, 'fileId must be a string');
    if (as !== undefined && as !== 'agent' && as !== 'bot') return fail(res, 400, 'as must be "agent" or "bot"');
    const input: ReplyInput = {
      ...(typeof text === 'string' ? { text } : {}),
      ...(typeof fileId === 'string' && fileId !== '' ? { payload: [deps.files.payloadItem(fileId)] } : {}),
      ...(typeof attachmentUrl === 'string' && attachmentUrl !== '' ? { attachmentUrl } : {}),
      ...(as ? { as } : {}),
    };
    const { message } = operator.reply(clientIdOf(req), input);
    res.status(202).json({ message });
  });

  // A burst of replies whose callbacks go out concurrently and out of order.
  router.post('/clients/:clientId/burst', (req, res) => {
    const { count } = body(req);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_BURST) {
      return fail(res, 400, `count must be a whole number from 1 to ${MAX_BURST}`);
    }
    const sent = operator.burst(clientIdOf(req), Array.from({ length: count }, (_v, i) => ({ text: `Burst reply ${i + 1} of ${count}` })));
    res.status(202).json({ messages: sent.map((s) => s.message) });
  });

  router.post('/clients/:clientId/close', (req, res) => {
    const reason = body(req).reason ?? 'CLOSED_BY_AGENT';
    void operator.close(clientIdOf(req), reason as never);
    res.status(202).json({ ok: true });
  });

  router.post('/echo-bot', (req, res) => {
    const { enabled } = body(req);
    if (typeof enabled !== 'boolean') return fail(res, 400, 'enabled must be a boolean');
    operator.setEchoBot(enabled);
    res.json({ echoBot: operator.echoBot });
  });

  router.post('/faults', (req, res) => {
    const { expireTokensNow, ...patch } = body(req);
    const current = faults.set(patch as FaultPatch);
    if (expireTokensNow === true || expireTokensNow === 'all') {
      faults.expireTokensNow({ includeRefresh: expireTokensNow === 'all' });
    }
    res.json(current);
  });
  router.delete('/faults', (_req, res) => res.json(faults.clear()));

  router.put('/callback-url', (req, res) => {
    const { url } = body(req);
    if (url !== null && (typeof url !== 'string' || !/^https?:\/\//.test(url) || !URL.canParse(url))) {
      return fail(res, 400, 'url must be an http(s) URL or null');
    }
    void deps.setCallbackUrl(url ?? undefined); // sends Kit's test request; the console shows how it went
    res.json({ callbackUrl: url });
  });

  // Which token signs callbacks: null is the API token, a string another token (README, `kit-chat doctor`).
  router.put('/signing-token', (req, res) => {
    const { token } = body(req);
    if (token !== null && (typeof token !== 'string' || token === '' || token.length > 512)) {
      return fail(res, 400, 'token must be a non-empty string or null');
    }
    res.json({ signsWith: deps.setSigningToken(token ?? undefined) });
  });

  router.get('/stream', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\nevent: hello\ndata: {}\n\n');
    const unsubscribe = deps.subscribe((event) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), STREAM_HEARTBEAT_MS);
    deps.streams.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      deps.streams.delete(res);
    });
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof SimulatorError) return fail(res, error.status, error.message);
    if (error instanceof FaultError) return fail(res, 400, error.message);
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') return fail(res, 400, 'body is not valid JSON');
    if (type === 'entity.too.large') return fail(res, 413, 'body too large');
    fail(res, 500, 'internal error');
  });
  return router;
}
