// CORS and the Origin check for /v1 (README, The relay's API): exact origin matches from
// RELAY_ALLOWED_ORIGINS (or `*`), plus the relay's own origin. No cookies, so no credentials.
import type { RequestHandler } from 'express';
import { forbidden } from '../errors';

const ALLOWED_HEADERS = 'Authorization, Content-Type, Last-Event-ID, X-File-Name';
const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
const PREFLIGHT_MAX_AGE_S = 600;

export function originAllowed(allowedOrigins: readonly string[], publicUrl: string): (origin: string) => boolean {
  const own = new URL(publicUrl).origin;
  const exact = new Set(allowedOrigins);
  const any = exact.has('*');
  return (origin) => any || origin === own || exact.has(origin);
}

/** Requests without an Origin header (curl, servers) pass; a foreign Origin gets 403. */
export function cors(allowedOrigins: readonly string[], publicUrl: string): RequestHandler {
  const allowed = originAllowed(allowedOrigins, publicUrl);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    if (!allowed(origin)) return next(forbidden('ORIGIN_NOT_ALLOWED', 'This origin may not use the chat API.'));
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
      res.status(204).end();
      return;
    }
    next();
  };
}
