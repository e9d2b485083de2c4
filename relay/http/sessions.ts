// POST /v1/sessions: starts a visitor (201) or resumes one from a valid token (200), and
// always hands back a fresh token. An invalid, expired or revoked token is a 401: the widget
// then starts over without one. DELETE /v1/sessions (the widget's reset, a logout) revokes
// every token of the visitor issued so far: 204.
import { Router, type RequestHandler } from 'express';
import type { Config } from '../config';
import { unauthorized } from '../errors';
import type { Availability, ClientLimits, SessionRequest, SessionResponse } from '../../protocol/relay-api';
import type { Store, VisitorRecord } from '../store/types';
import { bearerToken, visitorIdOf } from './auth';
import { clientKey } from './client-address';
import { guessDevice } from './device';
import { rateLimit, type RateLimiter } from './rate-limit';
import { parseOrThrow, sessionSchema } from './schemas';
import { newVisitorId, type VisitorAuth, type VisitorTokens } from './visitor-token';

export interface SessionsDeps {
  config: Pick<Config, 'limits'>;
  store: Pick<Store, 'createVisitor' | 'updateVisitor' | 'lastSeq' | 'bumpTokenGeneration'>;
  auth: VisitorAuth;
  /** Called once a visitor's tokens are revoked, e.g. to end its open event streams. */
  onRevoked?: (visitorId: string) => void;
  now: () => number;
  /** Business hours at an instant (relay/hours/schedule.ts). */
  availability: (at: number) => Availability;
}

export function clientLimits(limits: Config['limits']): ClientLimits {
  return { textMaxChars: limits.textMaxChars, uploadMaxBytes: limits.uploadMaxBytes, uploadTypes: [...limits.uploadTypes] };
}

/**
 * New visitors count per address; resumes count per visitor (the widget resumes on every page
 * load, so behind one office NAT a per-address count would refuse people who only browse).
 * A token that fails verification counts for neither: the route answers it with 401.
 */
export function sessionLimits(tokens: VisitorTokens, limiters: { newVisitors: RateLimiter; resumes: RateLimiter }): RequestHandler {
  const resumes = rateLimit(limiters.resumes, (req) => {
    const given = bearerToken(req);
    return given === undefined ? undefined : tokens.verify(given)?.visitorId;
  });
  const newVisitors = rateLimit(limiters.newVisitors, clientKey);
  return (req, res, next) => (bearerToken(req) === undefined ? newVisitors : resumes)(req, res, next);
}

export function sessionsRouter({ config, store, auth, onRevoked, now, availability }: SessionsDeps): Router {
  const router = Router();
  router.post('/v1/sessions', async (req, res) => {
    const body: SessionRequest = parseOrThrow(sessionSchema, req.body);
    const device = guessDevice(req.headers['user-agent']);
    const given = bearerToken(req);

    if (given !== undefined) {
      // A token for a visitor the store no longer knows, or of an older generation, is as good as none.
      const claim = await auth.authenticate(given);
      if (claim === undefined) throw unauthorized('The visitor token is invalid, expired or revoked.');
      const { visitorId } = claim;
      await store.updateVisitor(visitorId, { ...pick(body), device });
      const answer: SessionResponse = {
        visitorId,
        token: auth.issue(visitorId, claim.generation),
        lastSeq: await store.lastSeq(visitorId),
        limits: clientLimits(config.limits),
        availability: availability(now()),
      };
      res.status(200).json(answer);
      return;
    }

    const at = now();
    const visitor: VisitorRecord = { visitorId: newVisitorId(), profile: body.profile ?? {}, ...pick(body), device, createdAt: at, updatedAt: at };
    await store.createVisitor(visitor);
    const answer: SessionResponse = { visitorId: visitor.visitorId, token: auth.issue(visitor.visitorId, 0), lastSeq: 0, limits: clientLimits(config.limits), availability: availability(at) };
    res.status(201).json(answer);
  });

  // Behind requireVisitor: the token was valid until now.
  router.delete('/v1/sessions', async (_req, res) => {
    const visitorId = visitorIdOf(res);
    if ((await store.bumpTokenGeneration(visitorId)) === undefined) throw unauthorized();
    onRevoked?.(visitorId);
    res.status(204).end();
  });
  return router;
}

/** Only the fields that were sent, so a resume never blanks what the visitor told us before. */
function pick(body: SessionRequest): Partial<Pick<VisitorRecord, 'profile' | 'locale' | 'page' | 'utm'>> {
  const out: Partial<Pick<VisitorRecord, 'profile' | 'locale' | 'page' | 'utm'>> = {};
  if (body.profile) out.profile = body.profile;
  if (body.locale) out.locale = body.locale;
  if (body.page) out.page = body.page;
  if (body.utm) out.utm = body.utm;
  return out;
}
