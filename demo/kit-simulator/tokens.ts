// The simulator's credentials: HS256 JWTs (docs/kit-api.md §2.2, 15 min by default) signed with a
// per-instance key, and opaque rotating refresh tokens (§2.3, 24 h). Both live only in memory.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export interface TokenIssuerOptions {
  channelUuid: string;
  account: string;
  accessTtlMs: number;
  refreshTtlMs: number;
  now: () => number;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Constant-time string equality, for tokens and signatures. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class TokenIssuer {
  private readonly key = randomBytes(32);
  /** Live JWTs by jti → expiry (ms); clearing it revokes every issued JWT at once. */
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Map<string, number>();

  constructor(private readonly options: TokenIssuerOptions) {}

  issue(): TokenPair {
    const now = this.options.now();
    this.prune(now);
    const jti = randomUUID();
    const expiresAt = now + this.options.accessTtlMs;
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({
        sub: this.options.channelUuid,
        domain: this.options.account,
        iat: Math.floor(now / 1000),
        exp: Math.ceil(expiresAt / 1000),
        jti,
      }),
    );
    const signature = this.sign(`${header}.${payload}`);
    this.accessTokens.set(jti, expiresAt);
    const refresh = randomBytes(32).toString('hex');
    this.refreshTokens.set(refresh, now + this.options.refreshTtlMs);
    return { access_token: `${header}.${payload}.${signature}`, refresh_token: refresh };
  }

  /** True for a JWT this instance signed, for this channel, not expired or revoked. */
  verifyAccess(token: string): boolean {
    const parts = token.split('.');
    if (parts.length !== 3) return false;
    const [header, payload, signature] = parts as [string, string, string];
    if (!safeEqual(signature, this.sign(`${header}.${payload}`))) return false;
    let claims: { jti?: unknown; sub?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return false;
    }
    if (typeof claims.jti !== 'string' || claims.sub !== this.options.channelUuid) return false;
    const expiresAt = this.accessTokens.get(claims.jti);
    return expiresAt !== undefined && expiresAt > this.options.now();
  }

  /** Rotates: a known, unexpired refresh token buys a new pair and stops working itself. */
  rotate(refreshToken: string): TokenPair | null {
    const expiresAt = this.refreshTokens.get(refreshToken);
    if (expiresAt === undefined) return null;
    this.refreshTokens.delete(refreshToken);
    if (expiresAt <= this.options.now()) return null;
    return this.issue();
  }

  /** Makes every issued JWT (and, if asked, every refresh token) stop working now. */
  expireAll(includeRefresh: boolean): void {
    this.accessTokens.clear();
    if (includeRefresh) this.refreshTokens.clear();
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }

  private prune(now: number): void {
    for (const [jti, exp] of this.accessTokens) if (exp <= now) this.accessTokens.delete(jti);
    for (const [token, exp] of this.refreshTokens) if (exp <= now) this.refreshTokens.delete(token);
  }
}
