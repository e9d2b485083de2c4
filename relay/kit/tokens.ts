// Kit token pairs: building one from a login/refresh answer and deciding when to renew it.
// Lifetimes per docs/kit-api.md §2.2: JWT 15 min unless its `exp` says otherwise; refresh token 24 h.
import { KitError } from '../errors';
import type { KitTokens } from '../store/types';
import { readJwtTimes } from './jwt';

export const DEFAULT_ACCESS_LIFETIME_MS = 15 * 60_000;
export const REFRESH_LIFETIME_MS = 24 * 60 * 60_000;
/** Renew when less than this, or 10% of the JWT's lifetime plus a second, is left, whichever is smaller. */
export const REFRESH_AHEAD_MAX_MS = 60_000;
/**
 * `iat` and `exp` are whole seconds, so a lifetime read from them can be up to a second longer
 * than the token really lives; short-lived JWTs would otherwise be used until Kit refuses them.
 */
const CLAIM_RESOLUTION_MS = 1_000;
/** A JWT whose claims say it lives less than this is treated as living this long (clock skew). */
const MIN_ACCESS_LIFETIME_MS = 1_000;
const MAX_TOKEN_CHARS = 16 * 1024;

/**
 * Builds the pair from Kit's `result`. With both `iat` and `exp` the lifetime is measured on our
 * own clock from `issuedAt` (immune to skew); with only `exp` it is taken as absolute.
 * A refresh answer without a refresh token keeps the previous one (rotation is undocumented, §2.3).
 */
export function tokensFrom(result: unknown, issuedAt: number, previous?: KitTokens): KitTokens {
  const r = result && typeof result === 'object' ? (result as Record<string, unknown>) : {};
  const accessToken = r.access_token;
  const refreshToken = r.refresh_token ?? previous?.refreshToken;
  if (!isToken(accessToken) || !isToken(refreshToken)) {
    throw new KitError('KIT_BAD_RESPONSE', 'Kit answered without a token pair', { transient: true });
  }
  const { iat, exp } = readJwtTimes(accessToken);
  let lifetime = DEFAULT_ACCESS_LIFETIME_MS;
  if (exp !== undefined && iat !== undefined && exp > iat) lifetime = (exp - iat) * 1000;
  else if (exp !== undefined) lifetime = exp * 1000 - issuedAt;
  return {
    accessToken,
    refreshToken,
    accessExpiresAt: issuedAt + Math.max(lifetime, MIN_ACCESS_LIFETIME_MS),
    refreshExpiresAt:
      previous && previous.refreshToken === refreshToken ? previous.refreshExpiresAt : issuedAt + REFRESH_LIFETIME_MS,
  };
}

let memo: { token: string; margin: number } | undefined;

/** When to start renewing: expiry minus min(60 s, 10% of the JWT's lifetime + 1 s, half of it). */
export function renewAt(tokens: KitTokens): number {
  if (memo?.token !== tokens.accessToken) {
    const { iat, exp } = readJwtTimes(tokens.accessToken);
    const lifetime = exp !== undefined && iat !== undefined && exp > iat ? (exp - iat) * 1000 : DEFAULT_ACCESS_LIFETIME_MS;
    memo = { token: tokens.accessToken, margin: Math.min(REFRESH_AHEAD_MAX_MS, lifetime / 10 + CLAIM_RESOLUTION_MS, lifetime / 2) };
  }
  return tokens.accessExpiresAt - memo.margin;
}

/** True while the refresh token may still be used (with the same margin as the JWT). */
export function canRefresh(tokens: KitTokens, now: number): boolean {
  return now < tokens.refreshExpiresAt - REFRESH_AHEAD_MAX_MS;
}

function isToken(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_TOKEN_CHARS;
}
