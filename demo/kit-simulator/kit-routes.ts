// The fake Kit custom channel API: login and refresh (docs/kit-api.md §2) and event sending (§3).
// Errors use Kit's ErrorType shape {success:false, result:{error, code}} (§2.5); the status
// codes are this simulator's reading, since Kit documents none.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { KitIncomingEvent } from '../../protocol/kit-api';
import type { Faults } from './faults';
import { validateIncomingEvent } from './schema';
import { safeEqual, type TokenIssuer } from './tokens';
import type { SendAttempt, SimulatorLog, SimulatorStats } from './types';

/** Send attempts kept for sendAttempts(), newest last. */
export const MAX_SEND_ATTEMPTS = 10_000;
const RATE_WINDOW_MS = 1_000;

export interface KitRoutesDeps {
  account: string;
  apiToken: string;
  channelUuid: string;
  tokens: TokenIssuer;
  faults: Faults;
  stats: SimulatorStats;
  onEvent: (event: KitIncomingEvent) => void;
  /** Where each send that passed the schema is recorded. */
  attempts: SendAttempt[];
  log?: SimulatorLog;
  now?: () => number;
}

export function kitError(res: Response, status: number, error: string): void {
  res.status(status).json({ success: false, result: { error, code: status } });
}

const field = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function kitRoutes(deps: KitRoutesDeps): Router {
  const { faults, stats, tokens, log } = deps;
  const now = deps.now ?? Date.now;
  let window = { start: 0, count: 0 };
  const record = (attempt: SendAttempt) => {
    deps.attempts.push(attempt);
    if (deps.attempts.length > MAX_SEND_ATTEMPTS) deps.attempts.splice(0, deps.attempts.length - MAX_SEND_ATTEMPTS);
  };
  const router = express.Router();
  const forms = [express.urlencoded({ extended: false, limit: '16kb' }), express.json({ limit: '16kb' })];

  // Injected latency applies to every Kit API call.
  const latency = (_req: Request, _res: Response, next: NextFunction) => {
    const ms = faults.current().latencyMs;
    if (ms > 0) setTimeout(next, ms);
    else next();
  };

  router.post('/api/v3/botService/login', latency, ...forms, (req, res) => {
    const failure = faults.current().loginStatus;
    if (failure !== null) {
      stats.loginFailures += 1;
      return kitError(res, failure, 'Login failed');
    }
    const domain = field(req.query.domain);
    const apiToken = field(req.query.access_token);
    const channelUuid = field((req.body as Record<string, unknown> | undefined)?.channel_uuid);
    if (!domain || !apiToken || !channelUuid) {
      stats.loginFailures += 1;
      return kitError(res, 400, 'domain, access_token and channel_uuid are required');
    }
    // Kit documents no error texts (§2.5); this simulator says which part it refused, so that
    // `kit-chat doctor` can be tested naming the variable (it names all three when Kit does not).
    const refused = !safeEqual(domain, deps.account) ? 'unknown account (domain)'
      : !safeEqual(apiToken, deps.apiToken) ? 'invalid access_token'
        : !safeEqual(channelUuid, deps.channelUuid) ? 'unknown channel_uuid' : undefined;
    if (refused) {
      stats.loginFailures += 1;
      log?.warn({ route: 'login' }, 'login refused');
      return kitError(res, 401, `Unauthorized: ${refused}`);
    }
    stats.logins += 1;
    log?.info({ route: 'login' }, 'login');
    res.json({ success: true, result: tokens.issue() });
  });

  router.post('/api/v3/botService/refreshToken', latency, ...forms, (req, res) => {
    const refreshToken = field((req.body as Record<string, unknown> | undefined)?.refresh_token);
    if (!refreshToken) {
      stats.refreshFailures += 1;
      return kitError(res, 400, 'refresh_token is required');
    }
    const pair = faults.current().refuseRefresh ? null : tokens.rotate(refreshToken);
    if (!pair) {
      stats.refreshFailures += 1;
      log?.warn({ route: 'refreshToken' }, 'refresh refused');
      return kitError(res, 401, 'Unauthorized');
    }
    stats.refreshes += 1;
    res.json({ success: true, result: pair });
  });

  router.post('/:channelUuid', latency, (req, res, next) => {
    if (faults.current().dropConnections) {
      stats.sendsRejected += 1;
      req.socket.destroy();
      return;
    }
    if (req.params.channelUuid !== deps.channelUuid) {
      stats.sendsRejected += 1;
      return kitError(res, 404, 'Channel not found');
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!bearer || !tokens.verifyAccess(bearer)) {
      stats.sendsRejected += 1;
      return kitError(res, 401, 'Unauthorized');
    }
    const injected = faults.takeSendStatus();
    if (injected !== null) {
      stats.sendsRejected += 1;
      return kitError(res, injected, 'Service unavailable');
    }
    next();
  }, express.json({ limit: '1mb' }), (req, res) => {
    const result = validateIncomingEvent(req.body);
    if (!result.ok) {
      stats.sendsRejected += 1;
      log?.warn({ route: 'send' }, 'event rejected by schema');
      return kitError(res, 400, result.error);
    }
    const { event } = result;
    const messageId = event.event_data.message.message_id;
    const at = now();
    // Over-eager senders get 429 with Retry-After, as HTTP APIs say "slow down" (RFC 6585).
    const limit = faults.current().rateLimitPerSecond;
    if (limit !== null) {
      if (at - window.start >= RATE_WINDOW_MS) window = { start: at, count: 0 };
      if (window.count >= limit) {
        const retryAfterS = Math.max(1, Math.ceil((window.start + RATE_WINDOW_MS - at) / 1000));
        stats.sendsRejected += 1;
        stats.sendsRateLimited += 1;
        record({ messageId, at, status: 429, retryAfterS });
        res.set('retry-after', String(retryAfterS));
        return kitError(res, 429, 'Too many requests');
      }
      window.count += 1;
    }
    const softCode = faults.current().successFalseCode;
    if (softCode !== null) {
      stats.sendsRejected += 1;
      record({ messageId, at, status: 200, successFalseCode: softCode });
      return res.status(200).json({ success: false, result: { error: 'Event not accepted', code: softCode } });
    }
    record({ messageId, at, status: 200 });
    stats.sends += 1;
    // sendsByMessageId has a null prototype, so any message_id (even "__proto__") is a plain key.
    stats.sendsByMessageId[messageId] = (stats.sendsByMessageId[messageId] ?? 0) + 1;
    log?.info({ route: 'send', eventId: event.event_id, messageId, clientId: event.client_data.client_id }, 'event accepted');
    deps.onEvent(event);
    res.json({ success: true, result: true });
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') return kitError(res, 400, 'Body is not valid JSON');
    if (type === 'entity.too.large') return kitError(res, 413, 'Body too large');
    log?.warn({ error: (error as Error).name }, 'kit route failed');
    kitError(res, 500, 'Internal error');
  });

  return router;
}
