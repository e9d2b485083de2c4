// Visitor tokens: `v2.<visitorId>.<generation>.<issuedAt>.<HMAC-SHA256>` signed with
// RELAY_SECRET. They prove a browser owns a visitorId; they are not Kit credentials. Each lives
// RELAY_TOKEN_MAX_AGE_DAYS from issue (resuming hands out a fresh one), and dies sooner when the
// visitor's generation in the store passes the one it carries (see VisitorAuth). Tokens of the
// first format, `v1.<visitorId>.<issuedAt>.<mac>`, still verify as generation 0 until they expire.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenGenerations } from '../store/types';

/** The default absolute lifetime: a visitor who comes back at least monthly keeps their history. */
export const VISITOR_TOKEN_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Tolerated clock skew for tokens issued "in the future" by another relay. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;
const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;
const NUMBER = /^\d{1,15}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

export interface TokenClaim {
  visitorId: string;
  generation: number;
}

export interface VisitorTokens {
  issue(visitorId: string, generation: number): string;
  /** What the token claims, or undefined for anything forged, malformed or expired. */
  verify(token: string | undefined): TokenClaim | undefined;
}

/** A random 128-bit id, base64url (22 characters); also the Kit `client_id`. */
export function newVisitorId(): string {
  return randomBytes(16).toString('base64url');
}

export function createVisitorTokens(secret: string, now: () => number = Date.now, maxAgeMs = VISITOR_TOKEN_MAX_AGE_MS): VisitorTokens {
  if (secret.length < 16) throw new Error('The visitor token secret is too short.');
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

  return {
    issue(visitorId, generation) {
      if (!VISITOR_ID.test(visitorId) || !Number.isSafeInteger(generation) || generation < 0) throw new Error('Invalid visitorId or generation.');
      const payload = `v2.${visitorId}.${generation}.${now()}`;
      return `${payload}.${mac(payload)}`;
    },
    verify(token) {
      if (typeof token !== 'string' || token.length > 200) return undefined;
      const parts = token.split('.');
      let claim: TokenClaim;
      let issuedAt: string;
      if (parts[0] === 'v2' && parts.length === 5) {
        const [, visitorId, generation, at] = parts as [string, string, string, string, string];
        if (!NUMBER.test(generation)) return undefined;
        claim = { visitorId, generation: Number(generation) };
        issuedAt = at;
      } else if (parts[0] === 'v1' && parts.length === 4) {
        claim = { visitorId: parts[1]!, generation: 0 };
        issuedAt = parts[2]!;
      } else return undefined;
      const signature = parts[parts.length - 1]!;
      if (!VISITOR_ID.test(claim.visitorId) || !NUMBER.test(issuedAt) || !MAC.test(signature)) return undefined;
      // Compared as text in its one canonical encoding: the last of the 43 characters carries
      // two spare bits, so decoding first would accept four spellings of one signature.
      const expected = Buffer.from(mac(parts.slice(0, -1).join('.')), 'ascii');
      if (!timingSafeEqual(Buffer.from(signature, 'ascii'), expected)) return undefined;
      const age = now() - Number(issuedAt);
      if (age > maxAgeMs || age < -FUTURE_SKEW_MS) return undefined;
      return claim;
    },
  };
}

export interface VisitorAuth {
  /** The token's visitor and the store's current generation for it, or undefined when revoked, unknown or invalid. */
  authenticate(token: string | undefined): Promise<TokenClaim | undefined>;
  issue(visitorId: string, generation: number): string;
}

/** Tokens checked against the store: a visitor erased or logged out since the token was issued is refused. */
export function createVisitorAuth(tokens: VisitorTokens, store: Pick<TokenGenerations, 'tokenGeneration'>): VisitorAuth {
  return {
    async authenticate(token) {
      const claim = tokens.verify(token);
      if (!claim) return undefined;
      const current = await store.tokenGeneration(claim.visitorId);
      if (current === undefined || claim.generation !== current) return undefined;
      return { visitorId: claim.visitorId, generation: current };
    },
    issue: (visitorId, generation) => tokens.issue(visitorId, generation),
  };
}
