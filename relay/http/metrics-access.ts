// Who may read /metrics: with RELAY_METRICS_TOKEN set, only `Authorization: Bearer <token>`
// (compared in constant time); without it, only clients on this machine. Message volumes and
// error rates are nobody else's business.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { RelayError } from '../errors';
import { isLoopbackAddress } from '../net/ip-ranges';

const FORWARDING_HEADERS = ['x-forwarded-for', 'x-real-ip'] as const;

export function metricsAccess(token: string | undefined): RequestHandler {
  // Hashing both sides first gives equal lengths, so the comparison leaks not even the length.
  const expected = token === undefined ? undefined : digest(token);
  return (req, res, next) => {
    if (expected) {
      const given = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
      if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return next(new RelayError(401, 'UNAUTHORIZED', 'Metrics need Authorization: Bearer with RELAY_METRICS_TOKEN.'));
    }
    if (fromThisMachine(req)) return next();
    next(new RelayError(403, 'FORBIDDEN', 'Metrics answer only clients on this machine unless RELAY_METRICS_TOKEN is set.'));
  };
}

/**
 * The client (after `trust proxy`) is loopback, and so is every address a proxy forwarded:
 * a reverse proxy on this machine relays the internet from 127.0.0.1, and without
 * RELAY_TRUST_PROXY its X-Forwarded-For is the only sign of where a request came from.
 */
function fromThisMachine(req: Request): boolean {
  if (!isLoopbackAddress(req.ip ?? req.socket.remoteAddress)) return false;
  for (const name of FORWARDING_HEADERS) {
    const value = req.headers[name];
    if (value === undefined) continue;
    const hops = (Array.isArray(value) ? value.join(',') : value).split(',').map((h) => h.trim());
    if (!hops.every((hop) => isLoopbackAddress(hop))) return false;
  }
  // RFC 7239: any `for=` other than a loopback address came from elsewhere.
  const forwarded = req.get('forwarded');
  if (forwarded !== undefined) {
    const hops = [...forwarded.matchAll(/for="?\[?([^\]";,]+)/gi)].map((m) => m[1]!);
    if (hops.length === 0 || !hops.every((hop) => isLoopbackAddress(hop.replace(/:\d+$/, '')))) return false;
  }
  return true;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
