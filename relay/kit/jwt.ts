// Reads the time claims of a Kit JWT without verifying it: only to schedule refreshes.
// Kit does not document the claims (docs/kit-api.md §2.2, open question 14), so all are optional.

export interface JwtTimes {
  /** Seconds since epoch. */
  iat?: number;
  /** Seconds since epoch. */
  exp?: number;
}

export function readJwtTimes(token: string): JwtTimes {
  const part = token.split('.')[1];
  if (!part || part.length > 8192) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (!claims || typeof claims !== 'object') return {};
    const { iat, exp } = claims as Record<string, unknown>;
    return {
      ...(isSeconds(iat) ? { iat } : {}),
      ...(isSeconds(exp) ? { exp } : {}),
    };
  } catch {
    return {};
  }
}

const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
