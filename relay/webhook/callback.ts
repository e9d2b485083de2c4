// The channel's Callback URL (docs/kit-api.md §4-6): refuses what cannot be Kit before reading a
// byte of the body, verifies the signature, uses up the event_id whatever becomes of the
// event, and stores the entry durably before answering 200; the store's fan-out delivers it.
// Bad input never gets a 5xx: Kit's retry behaviour is undocumented.
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { Config } from '../config';
import { RelayError } from '../errors';
import { clientKey } from '../http/client-address';
import { limited, type RateLimiter } from '../http/rate-limit';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { MediaCopier } from '../media/copy-media';
import type { NewMailboxEntry, Store } from '../store/types';
import type { CallbackStats } from './callback-stats';
import { nestsDeeperThan } from './json-depth';
import { mapKitEvent } from './map-event';
import { signatureFix, signatureOf, signedWith, verifyCallbackSignature, verifyHandshakeSignature } from './signature';

export const CALLBACK_BODY_MAX_BYTES = 1024 * 1024;
/** Kit's events nest about five levels deep (event_data.message.payload[i]); bots' custom data a few more. */
export const CALLBACK_MAX_DEPTH = 64;
const EVENT_ID_MAX = 256;
const CLIENT_ID_MAX = 128;

export interface CallbackDeps {
  config: Pick<Config, 'kit' | 'callbackDedupeTtlMs'>;
  store: Pick<Store, 'getVisitor' | 'appendFromKit' | 'rememberKitEvent'>;
  log: Logger;
  metrics: Pick<Metrics, 'callbacks'>;
  /** Counts refused callbacks per address; an address past its limit is refused at once. */
  refusals: RateLimiter;
  /** What /readyz reports of callbacks (for `kit-chat doctor`). */
  stats?: CallbackStats;
  /** Copies an operator message's media into the relay's file store (bounded in time). */
  copyMedia?: MediaCopier;
  now?: () => number;
}

type Outcome =
  | { kind: 'entry'; visitorId: string; entry: NewMailboxEntry }
  | { kind: 'ignored'; reason: string };

const invalidSignature = () => new RelayError(401, 'INVALID_SIGNATURE', 'The callback signature is missing or wrong.');

export function callbackRouter({ config, store, log, metrics, refusals, stats, copyMedia, now = Date.now }: CallbackDeps): Router {
  const router = Router();
  const ok = (res: express.Response) => res.status(200).type('text/plain').send('OK');
  const count = (outcome: string) => metrics.callbacks.inc({ outcome });

  // Kit's checking request at channel creation (§5); the reference servers answer GET with OK.
  router.get('/kit/callback', (req, res) => (req.headers.authorization === undefined ? ok(res) : handshake(req, res)));
  // Tokens a wrong signature is checked against, to name the variable to change (README, `kit-chat doctor`).
  const candidates = [
    { name: 'KIT_API_TOKEN', token: config.kit.apiToken },
    { name: 'KIT_SIGNATURE_TOKEN', token: config.kit.signatureToken },
  ];

  // Before the body: an address that keeps sending refused callbacks, and a request whose
  // Authorization is no signature at all (Kit signs its test request too), cost nothing more.
  const gate: RequestHandler = async (req, res, next) => {
    const wait = await refusals.peek(clientKey(req));
    if (wait > 0) {
      res.setHeader('Connection', 'close');
      count('limited');
      return next(limited(res, wait, 'Too many refused callbacks from this address; try again later.'));
    }
    if (signatureOf(req.headers.authorization) === undefined) {
      res.setHeader('Connection', 'close');
      count('rejected');
      return next(invalidSignature());
    }
    next();
  };

  // Kit's Content-Type is undocumented, so the body is read as text whatever it claims to be.
  const rawBody = express.text({ type: () => true, limit: CALLBACK_BODY_MAX_BYTES });

  router.post('/kit/callback', gate, rawBody, async (req: Request, res) => {
    let event: unknown;
    if (isObject(req.body)) {
      event = req.body; // mounted in an app whose own JSON parser read the body first
    } else {
      const raw = typeof req.body === 'string' ? req.body : '';
      if (raw.trim() === '') return handshake(req, res);
      if (nestsDeeperThan(raw, CALLBACK_MAX_DEPTH)) {
        count('rejected');
        throw new RelayError(400, 'INVALID_JSON', `The body nests deeper than ${CALLBACK_MAX_DEPTH} levels.`);
      }
      try {
        event = JSON.parse(raw);
      } catch {
        count('rejected');
        throw new RelayError(400, 'INVALID_JSON', 'The body is not valid JSON.');
      }
    }
    if (!isObject(event) || event.event_id === undefined) return handshake(req, res);
    const eventId = event.event_id;
    if (typeof eventId !== 'string' || eventId === '' || eventId.length > EVENT_ID_MAX) {
      count('rejected');
      throw new RelayError(400, 'INVALID_EVENT', 'event_id must be a non-empty string.');
    }
    if (!verifyCallbackSignature(req.headers.authorization, config.kit.callbackSalt, config.kit.signatureToken, eventId)) {
      count('rejected');
      const match = signedWith(req.headers.authorization, config.kit.callbackSalt, eventId, candidates);
      stats?.refused(match);
      log.warn(
        { eventId: eventId.slice(0, 64), code: 'INVALID_SIGNATURE', signedWith: match ?? null, fix: signatureFix(match) },
        'kit callback with a wrong signature',
      );
      throw invalidSignature();
    }
    stats?.accepted();

    // The signature covers only the event_id, so from here on the id is used up whatever
    // becomes of the event: an id left unused (an ignored event) could carry another body later.
    const eventType = typeof event.event_type === 'string' ? event.event_type.slice(0, 64) : undefined;
    let outcome: Outcome;
    let fresh: boolean;
    try {
      outcome = await decide(event);
      fresh = outcome.kind === 'entry'
        ? (await store.appendFromKit(eventId, outcome.visitorId, outcome.entry, config.callbackDedupeTtlMs)) !== undefined
        : await store.rememberKitEvent(eventId, config.callbackDedupeTtlMs);
    } catch (cause) {
      log.error({ eventId, err: cause }, 'kit callback could not be stored');
      // Not the caller's fault: a 503 invites a retry, should Kit retry at all.
      throw new RelayError(503, 'UNAVAILABLE', 'The relay cannot store events right now.', { cause, expose: true });
    }
    if (!fresh) {
      count('duplicate');
      log.info({ eventId, eventType }, 'kit callback repeated an event_id already seen');
    } else if (outcome.kind === 'ignored') {
      count('ignored');
      log.info({ eventId, eventType, reason: outcome.reason }, 'kit callback ignored');
    } else {
      count('delivered');
      log.info({ eventId, eventType, visitorId: outcome.visitorId }, 'kit callback');
    }
    ok(res);
  });

  // Every refusal counts against the sender's address (the limit above).
  const countRefusal: ErrorRequestHandler = (err, req, _res, next) => {
    const status = statusOf(err);
    if (status >= 400 && status < 500 && status !== 429) {
      refusals.hit(clientKey(req)).catch((e: unknown) => log.warn({ err: e }, 'could not count a refused callback'));
    }
    next(err);
  };
  router.use('/kit/callback', countRefusal);

  /** What a verified event means for the mailbox, if anything. */
  async function decide(event: Record<string, unknown>): Promise<Outcome> {
    const mapped = mapKitEvent(event, now);
    if (mapped.kind === 'ignored') return { kind: 'ignored', reason: mapped.reason };
    const clientData = isObject(event.client_data) ? event.client_data : {};
    const visitorId = clientData.client_id;
    if (typeof visitorId !== 'string' || visitorId === '' || visitorId.length > CLIENT_ID_MAX) return { kind: 'ignored', reason: 'missing_client_id' };
    if (!(await store.getVisitor(visitorId))) return { kind: 'ignored', reason: 'unknown_visitor' };
    const entry = mapped.entry;
    if (copyMedia && entry.type === 'message') return { kind: 'entry', visitorId, entry: { ...entry, message: await copyMedia(visitorId, entry.message) } };
    return { kind: 'entry', visitorId, entry };
  }

  /**
   * Kit's test request (§5): answered 200 whatever it is signed with, because a channel is
   * created before its salt can be in the relay's configuration; the log says whether it matched.
   */
  function handshake(req: Request, res: express.Response) {
    const signed = verifyHandshakeSignature(req.headers.authorization, config.kit.callbackSalt, config.kit.signatureToken);
    stats?.testRequest(signed);
    log.info({ signatureMatches: signed }, 'kit callback handshake');
    ok(res);
  }

  return router;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function statusOf(err: unknown): number {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 500;
}
