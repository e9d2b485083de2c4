// The channel's Callback URL (kit-api.md §4-6): verifies the signature, de-duplicates on
// event_id and stores the entry durably before answering 200; the store's fan-out delivers it.
// Bad input never gets a 5xx: Kit's retry behaviour is undocumented.
import express, { Router, type Request } from 'express';
import type { Config } from '../config';
import { RelayError } from '../errors';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Store } from '../store/types';
import { mapKitEvent } from './map-event';
import { verifyCallbackSignature } from './signature';

export const CALLBACK_BODY_MAX_BYTES = 1024 * 1024;
const EVENT_ID_MAX = 256;
const CLIENT_ID_MAX = 128;

export interface CallbackDeps {
  config: Pick<Config, 'kit' | 'callbackDedupeTtlMs'>;
  store: Pick<Store, 'getVisitor' | 'appendFromKit'>;
  log: Logger;
  metrics: Pick<Metrics, 'callbacks'>;
  now?: () => number;
}

export function callbackRouter({ config, store, log, metrics, now = Date.now }: CallbackDeps): Router {
  const router = Router();
  const ok = (res: express.Response) => res.status(200).type('text/plain').send('OK');
  const count = (outcome: string) => metrics.callbacks.inc({ outcome });

  // Kit's checking request at channel creation (§5); the reference servers answer GET with OK.
  router.get('/kit/callback', (_req, res) => ok(res));

  // Kit's Content-Type is undocumented, so the body is read as text whatever it claims to be.
  const rawBody = express.text({ type: () => true, limit: CALLBACK_BODY_MAX_BYTES });

  router.post('/kit/callback', rawBody, async (req: Request, res) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    if (raw.trim() === '') return ok(res); // handshake without a body
    let event: unknown;
    try {
      event = JSON.parse(raw);
    } catch {
      count('rejected');
      throw new RelayError(400, 'INVALID_JSON', 'The body is not valid JSON.');
    }
    if (!isObject(event) || event.event_id === undefined) {
      log.info('kit callback handshake');
      return ok(res);
    }
    const eventId = event.event_id;
    if (typeof eventId !== 'string' || eventId === '' || eventId.length > EVENT_ID_MAX) {
      count('rejected');
      throw new RelayError(400, 'INVALID_EVENT', 'event_id must be a non-empty string.');
    }
    if (!verifyCallbackSignature(req.headers.authorization, config.kit.callbackSalt, config.kit.signatureToken, eventId)) {
      count('rejected');
      log.warn({ eventId: eventId.slice(0, 64), signed: req.headers.authorization !== undefined }, 'kit callback with a missing or wrong signature');
      throw new RelayError(401, 'INVALID_SIGNATURE', 'The callback signature is missing or wrong.');
    }

    const eventType = typeof event.event_type === 'string' ? event.event_type.slice(0, 64) : undefined;
    const mapped = mapKitEvent(event, now);
    if (mapped.kind === 'ignored') {
      count('ignored');
      log.info({ eventId, eventType, reason: mapped.reason }, 'kit callback ignored');
      return ok(res);
    }
    const clientData = isObject(event.client_data) ? event.client_data : {};
    const visitorId = clientData.client_id;
    if (typeof visitorId !== 'string' || visitorId === '' || visitorId.length > CLIENT_ID_MAX) {
      count('ignored');
      log.warn({ eventId, eventType }, 'kit callback without a client_id');
      return ok(res);
    }

    let delivered: boolean;
    try {
      if (!(await store.getVisitor(visitorId))) {
        count('ignored');
        log.warn({ eventId, eventType }, 'kit callback for an unknown visitor');
        return ok(res);
      }
      delivered = (await store.appendFromKit(eventId, visitorId, mapped.entry, config.callbackDedupeTtlMs)) !== undefined;
    } catch (cause) {
      log.error({ eventId, err: cause }, 'kit callback could not be stored');
      // Not the caller's fault: a 503 invites a retry, should Kit retry at all.
      throw new RelayError(503, 'UNAVAILABLE', 'The relay cannot store events right now.', { cause, expose: true });
    }
    count(delivered ? 'delivered' : 'duplicate');
    log.info({ eventId, eventType, visitorId, duplicate: !delivered }, 'kit callback');
    ok(res);
  });
  return router;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
