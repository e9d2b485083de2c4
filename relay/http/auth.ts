// Visitor authentication: the visitorId always comes from a verified token, never from the
// request body or path, so one visitor can never reach another's mailbox; a token whose
// generation the visitor has moved past (logout, erasure) is refused.
import type { Request, RequestHandler, Response } from 'express';
import { unauthorized } from '../errors';
import type { VisitorAuth } from './visitor-token';

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The visitor's current token generation, set by `requireVisitor`. */
export function tokenGenerationOf(res: Response): number {
  const generation = res.locals.tokenGeneration as unknown;
  if (typeof generation !== 'number') throw new Error('requireVisitor did not run');
  return generation;
}

/** The visitorId set by `requireVisitor`. */
export function visitorIdOf(res: Response): string {
  const id = res.locals.visitorId as unknown;
  if (typeof id !== 'string') throw new Error('requireVisitor did not run');
  return id;
}

/**
 * Requires a valid, unrevoked visitor token in `Authorization: Bearer`, or in `?token=` when
 * `allowQuery` (EventSource cannot send headers). Sets res.locals.visitorId.
 */
export function requireVisitor(auth: VisitorAuth, options: { allowQuery?: boolean } = {}): RequestHandler {
  return async (req, res, next) => {
    let token = bearerToken(req);
    if (token === undefined && options.allowQuery && typeof req.query.token === 'string') token = req.query.token;
    const claim = await auth.authenticate(token);
    if (claim === undefined) return next(unauthorized());
    res.locals.visitorId = claim.visitorId;
    res.locals.tokenGeneration = claim.generation;
    next();
  };
}
