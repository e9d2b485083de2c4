// GET /v1/events: the visitor's mailbox as Server-Sent Events (README, The relay's API). Resumes after
// `Last-Event-ID` (or `?after=`); the token may come as `?token=` because EventSource cannot
// send headers (the request log never records query strings).
import { Router, type Response } from 'express';
import { RelayError, badRequest } from '../errors';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import type { Cluster } from '../cluster/cluster';
import type { SseHub, StreamLimit } from '../realtime/sse-hub';
import { streamMailbox } from '../realtime/mailbox-stream';
import { visitorIdOf } from './auth';
import { clientKey } from './client-address';

/** How long EventSource waits before reconnecting after a drop. */
export const SSE_RETRY_MS = 3000;
/** What a refused stream is told to wait: streams close on their own within their maximum age. */
const STREAM_RETRY_AFTER_S = 30;
const TOO_MANY: Record<StreamLimit, string> = {
  visitor: 'Too many open event streams for this visitor.',
  address: 'Too many open event streams from this address.',
  process: 'The relay holds as many event streams as it can; try again shortly.',
};

export interface EventsDeps {
  store: Pick<Store, 'list' | 'subscribe'>;
  hub: SseHub;
  /** The caps counted across relays (per visitor, per address). */
  streams: Pick<Cluster, 'openStream'>;
  log: Logger;
}

export function eventsRouter({ store, hub, streams, log }: EventsDeps): Router {
  const router = Router();
  const refuse = (res: Response, limit: StreamLimit) => {
    res.setHeader('Retry-After', String(STREAM_RETRY_AFTER_S));
    return new RelayError(429, 'TOO_MANY_STREAMS', TOO_MANY[limit]);
  };

  router.get('/v1/events', async (req, res) => {
    const visitorId = visitorIdOf(res);
    const after = resumePoint(req.headers['last-event-id'], req.query.after);
    const address = clientKey(req);
    const local = hub.refuses(visitorId, address);
    if (local) throw refuse(res, local);
    const slot = await streams.openStream(visitorId, address);
    if (typeof slot === 'string') throw refuse(res, slot);
    if (req.socket.destroyed) return slot.release(); // the client left while we asked
    const conn = hub.open(visitorId, res, address);
    if (!conn) {
      slot.release();
      throw refuse(res, hub.refuses(visitorId, address) ?? 'process');
    }
    conn.onClose(() => slot.release());

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.setHeader('Connection', 'keep-alive');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    conn.write(`retry: ${SSE_RETRY_MS}\n\n`);

    res.on('close', () => conn.close());
    streamMailbox({
      store,
      conn,
      after,
      onError: (err) => log.warn({ err, visitorId }, 'event stream ended by a store error'),
    });
  });
  return router;
}

/** `Last-Event-ID` wins over `?after=`; both must be whole numbers >= 0. */
function resumePoint(header: string | string[] | undefined, query: unknown): number {
  const raw = typeof header === 'string' && header.trim() !== '' ? header.trim() : query;
  if (raw === undefined) return 0;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) throw badRequest('INVALID_REQUEST', 'Last-Event-ID and after must be whole numbers.');
  return Number(raw);
}
