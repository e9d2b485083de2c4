// POST /v1/sessions: starts a visitor (201) or resumes one from a valid token (200), and
// always hands back a fresh token. An invalid or expired token is a 401: the widget then
// starts over without one.
import { Router } from 'express';
import type { Config } from '../config';
import { unauthorized } from '../errors';
import type { ClientLimits, SessionRequest, SessionResponse } from '../../protocol/relay-api';
import type { Store, VisitorRecord } from '../store/types';
import { bearerToken } from './auth';
import { guessDevice } from './device';
import { parseOrThrow, sessionSchema } from './schemas';
import { newVisitorId, type VisitorTokens } from './visitor-token';

export interface SessionsDeps {
  config: Pick<Config, 'limits'>;
  store: Pick<Store, 'createVisitor' | 'getVisitor' | 'updateVisitor' | 'lastSeq'>;
  tokens: VisitorTokens;
  now: () => number;
}

export function clientLimits(limits: Config['limits']): ClientLimits {
  return { textMaxChars: limits.textMaxChars, uploadMaxBytes: limits.uploadMaxBytes, uploadTypes: [...limits.uploadTypes] };
}

export function sessionsRouter({ config, store, tokens, now }: SessionsDeps): Router {
  const router = Router();
  router.post('/v1/sessions', async (req, res) => {
    const body: SessionRequest = parseOrThrow(sessionSchema, req.body);
    const device = guessDevice(req.headers['user-agent']);
    const given = bearerToken(req);

    if (given !== undefined) {
      const visitorId = tokens.verify(given);
      // A token for a visitor the store no longer knows is as good as no token.
      if (visitorId === undefined || !(await store.getVisitor(visitorId))) throw unauthorized('The visitor token is invalid or expired.');
      await store.updateVisitor(visitorId, { ...pick(body), device });
      const answer: SessionResponse = {
        visitorId,
        token: tokens.issue(visitorId),
        lastSeq: await store.lastSeq(visitorId),
        limits: clientLimits(config.limits),
      };
      res.status(200).json(answer);
      return;
    }

    const at = now();
    const visitor: VisitorRecord = { visitorId: newVisitorId(), profile: body.profile ?? {}, ...pick(body), device, createdAt: at, updatedAt: at };
    await store.createVisitor(visitor);
    const answer: SessionResponse = { visitorId: visitor.visitorId, token: tokens.issue(visitor.visitorId), lastSeq: 0, limits: clientLimits(config.limits) };
    res.status(201).json(answer);
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
