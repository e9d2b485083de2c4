// Visitor tokens: `v1.<visitorId>.<issuedAt>.<HMAC-SHA256>` signed with RELAY_SECRET. They
// prove a browser owns a visitorId; they are not Kit credentials and carry nothing else.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Long-lived on purpose: the widget resumes on every page load and gets a fresh token then. */
export const VISITOR_TOKEN_MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;
/** Tolerated clock skew for tokens issued "in the future" by another relay. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;
const VERSION = 'v1';
const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;
const ISSUED_AT = /^\d{1,15}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

export interface VisitorTokens {
  issue(visitorId: string): string;
  /** The visitorId the token binds, or undefined for anything forged, malformed or expired. */
  verify(token: string | undefined): string | undefined;
}

/** A random 128-bit id, base64url (22 characters); also the Kit `client_id`. */
export function newVisitorId(): string {
  return randomBytes(16).toString('base64url');
}

export function createVisitorTokens(secret: string, now: () => number = Date.now, maxAgeMs = VISITOR_TOKEN_MAX_AGE_MS): VisitorTokens {
  if (secret.length < 16) throw new Error('The visitor token secret is too short.');
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();

  return {
    issue(visitorId) {
      if (!VISITOR_ID.test(visitorId)) throw new Error('Invalid visitorId.');
      const payload = `${VERSION}.${visitorId}.${now()}`;
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      if (typeof token !== 'string' || token.length > 200) return undefined;
      const parts = token.split('.');
      if (parts.length !== 4) return undefined;
      const [version, visitorId, issuedAt, signature] = parts as [string, string, string, string];
      if (version !== VERSION || !VISITOR_ID.test(visitorId) || !ISSUED_AT.test(issuedAt) || !MAC.test(signature)) {
        return undefined;
      }
      const expected = mac(`${version}.${visitorId}.${issuedAt}`);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const age = now() - Number(issuedAt);
      if (age > maxAgeMs || age < -FUTURE_SKEW_MS) return undefined;
      return visitorId;
    },
  };
}
