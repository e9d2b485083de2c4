// POST /v1/sessions: starts a visitor (201) or resumes one from a valid token (200), and
// always hands back a fresh token. An invalid, expired or revoked token is a 401: the widget
// then starts over without one. With a signed identity the answer is the visitor
// that user owns, on every device: a user's first verified session adopts the browser's
// anonymous visitor, later ones switch to the user's. DELETE /v1/sessions (the widget's reset,
// a logout) revokes every token of the visitor issued so far: 204.
import { Router, type RequestHandler } from 'express';
import type { Config } from '../config';
import { unauthorized } from '../errors';
import type { Availability, ClientLimits, SessionRequest, SessionResponse, VisitorProfile } from '../../protocol/relay-api';
import type { Store, VisitorRecord } from '../store/types';
import { bearerToken, visitorIdOf } from './auth';
import { clientKey } from './client-address';
import { guessDevice } from './device';
import { identityRequired, verifyIdentity } from './identity';
import { rateLimit, type RateLimiter } from './rate-limit';
import { parseOrThrow, sessionSchema } from './schemas';
import { newVisitorId, type TokenClaim, type VisitorAuth, type VisitorTokens } from './visitor-token';

export interface SessionsDeps {
  config: Pick<Config, 'limits' | 'identity'>;
  store: Pick<
    Store,
    'createVisitor' | 'getVisitor' | 'updateVisitor' | 'lastSeq' | 'bumpTokenGeneration' | 'tokenGeneration' | 'userVisitor' | 'linkUser' | 'eraseVisitor'
  >;
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

type Fields = Partial<Pick<VisitorRecord, 'profile' | 'locale' | 'page' | 'utm'>>;

export function sessionsRouter({ config, store, auth, onRevoked, now, availability }: SessionsDeps): Router {
  const router = Router();

  /** A new visitor from this request's fields. */
  async function create(body: SessionRequest, device: VisitorRecord['device']): Promise<string> {
    const at = now();
    const visitor: VisitorRecord = { visitorId: newVisitorId(), profile: body.profile ?? {}, ...pick(body), device, createdAt: at, updatedAt: at };
    await store.createVisitor(visitor);
    return visitor.visitorId;
  }

  /**
   * The visitor a verified user owns: theirs already, else the browser's current anonymous one,
   * else a new one. Two browsers racing for a user's first visitor end with the same one.
   */
  async function userVisitor(userId: string, current: TokenClaim | undefined, body: SessionRequest, device: VisitorRecord['device']) {
    const owned = (await store.userVisitor(userId)) ?? (current ? await store.linkUser(userId, current.visitorId) : undefined);
    if (owned !== undefined) return { visitorId: owned, created: false };
    const fresh = await create(body, device);
    const linked = await store.linkUser(userId, fresh);
    if (linked !== fresh) await store.eraseVisitor(fresh); // another browser of the user won the race
    return { visitorId: linked ?? fresh, created: linked === fresh };
  }

  router.post('/v1/sessions', async (req, res) => {
    const body: SessionRequest = parseOrThrow(sessionSchema, req.body);
    const device = guessDevice(req.headers['user-agent']);
    // The identity first: a wrong one changes nothing, whatever else the request says.
    const userId = body.identity ? verifyIdentity(config.identity.secret, body.identity) : undefined;
    if (userId === undefined && config.identity.required) throw identityRequired();

    const given = bearerToken(req);
    let current: TokenClaim | undefined;
    if (given !== undefined) {
      // A token for a visitor the store no longer knows, or of an older generation, is as good as none.
      current = await auth.authenticate(given);
      if (current === undefined) throw unauthorized('The visitor token is invalid, expired or revoked.');
    }

    let visitorId: string;
    let created: boolean;
    if (userId !== undefined) ({ visitorId, created } = await userVisitor(userId, current, body, device));
    else if (current !== undefined) [visitorId, created] = [current.visitorId, false];
    else [visitorId, created] = [await create(body, device), true];

    const record = await store.getVisitor(visitorId);
    if (!created) await store.updateVisitor(visitorId, { ...pick(body, record, userId !== undefined), device });
    const generation = created ? 0 : await store.tokenGeneration(visitorId);
    // Erased between the link and now (a forget from elsewhere): as good as an unknown token.
    if (generation === undefined || record === undefined) throw unauthorized('The visitor no longer exists.');
    const answer: SessionResponse = {
      visitorId,
      token: auth.issue(visitorId, generation),
      lastSeq: created ? 0 : await store.lastSeq(visitorId),
      limits: clientLimits(config.limits),
      availability: availability(now()),
      ...(record.userId !== undefined ? { verified: true } : {}),
    };
    res.status(created ? 201 : 200).json(answer);
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

/**
 * Only the fields that were sent, so a resume never blanks what the visitor told us before.
 * A verified visitor's name and email come from requests that carry the identity (the site's
 * word); a self-declared profile may fill them in, never overwrite them.
 */
function pick(body: SessionRequest, record?: VisitorRecord, verifiedRequest = false): Fields {
  const out: Fields = {};
  if (body.profile) out.profile = record?.userId !== undefined && !verifiedRequest ? selfDeclared(body.profile, record.profile) : body.profile;
  if (body.locale) out.locale = body.locale;
  if (body.page) out.page = body.page;
  if (body.utm) out.utm = body.utm;
  return out;
}

function selfDeclared(profile: VisitorProfile, verified: VisitorProfile): VisitorProfile {
  const out: VisitorProfile = { ...profile };
  if (verified.name) delete out.name;
  if (verified.email) delete out.email;
  return out;
}
