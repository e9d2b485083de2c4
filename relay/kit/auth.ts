// Kit auth lifecycle (docs/kit-api.md §2, §9.1): login, refresh ahead of expiry, re-login when the
// refresh token is refused, one renewal at a time (in process, and across relays via the store's
// token cache and lock), and capped jittered backoff so a failing login never hammers Kit.
import type { KitConfig } from '../config';
import { KitError } from '../errors';
import type { Logger } from '../log';
import type { KitTokens, Store } from '../store/types';
import { callKit, type KitCallHook } from './http';
import type { KitTransport } from './transport';
import { canRefresh, renewAt, tokensFrom } from './tokens';

export type KitTokenCache = Pick<Store, 'getKitTokens' | 'setKitTokens' | 'withKitLock'>;

export interface KitAuthDeps {
  kit: KitConfig;
  log: Logger;
  tokens: KitTokenCache;
  onCall?: KitCallHook;
  now?: () => number;
  /** The Kit client's connections (keep-alive); closing them aborts auth calls in flight. */
  transport: KitTransport;
  /** For backoff jitter; tests pin it. */
  random?: () => number;
}

export interface KitAuthStatus {
  /** A JWT that has not expired is at hand. */
  loggedIn: boolean;
  /** Code of the last auth failure (cleared by a success); never a message. */
  lastError?: string;
  /** ms since epoch of the last token pair obtained by login or refresh. */
  lastLoginAt?: number;
}

export interface KitAuth {
  /** A JWT good to use now. Pass the JWT Kit just refused as `rejected` to force a renewal. */
  accessToken(rejected?: string): Promise<string>;
  status(): KitAuthStatus;
}

export const AUTH_BACKOFF_BASE_MS = 1_000;
export const AUTH_BACKOFF_MAX_MS = 5 * 60_000;

const FORM = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };

/** A POST to Kit: the URL, the form headers and the form-encoded body. */
export interface KitRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The login request (§2.2): the account and API token in the query, the channel in the form body. */
export function loginRequest(kit: Pick<KitConfig, 'apiUrl' | 'account' | 'apiToken' | 'channelUuid'>): KitRequest {
  const url = new URL(`${kit.apiUrl}/api/v3/botService/login`);
  url.searchParams.set('domain', kit.account);
  url.searchParams.set('access_token', kit.apiToken);
  return { url: url.toString(), headers: FORM, body: new URLSearchParams({ channel_uuid: kit.channelUuid }).toString() };
}

/** The refresh request (§2.3): the refresh token in the form body, no other credential. */
export function refreshRequest(kit: Pick<KitConfig, 'apiUrl'>, refreshToken: string): KitRequest {
  return { url: `${kit.apiUrl}/api/v3/botService/refreshToken`, headers: FORM, body: new URLSearchParams({ refresh_token: refreshToken }).toString() };
}

export function createKitAuth(deps: KitAuthDeps): KitAuth {
  const { kit, log } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  let current: KitTokens | undefined;
  let flight: Promise<KitTokens> | undefined;
  let failures = 0;
  let backoffUntil = 0;
  let lastError: string | undefined;
  let lastLoginAt: number | undefined;

  const call = (op: 'login' | 'refresh', { url, headers, body }: KitRequest) =>
    callKit({ op, url, headers, body, timeoutMs: kit.timeoutMs, transport: deps.transport, onCall: deps.onCall });

  async function login(): Promise<KitTokens> {
    const result = await call('login', loginRequest(kit));
    log.info({ kitOp: 'login' }, 'Kit login succeeded');
    return tokensFrom(result, now());
  }

  async function refresh(previous: KitTokens): Promise<KitTokens> {
    const result = await call('refresh', refreshRequest(kit, previous.refreshToken));
    log.debug({ kitOp: 'refresh' }, 'Kit token refreshed');
    return tokensFrom(result, now(), previous);
  }

  /** Runs under the cluster lock: another relay may already have renewed the pair. */
  async function renew(rejected: string | undefined): Promise<KitTokens> {
    const cached = await deps.tokens.getKitTokens();
    if (cached && cached.accessToken !== rejected) {
      if (now() < renewAt(cached)) return cached;
      if (now() < cached.accessExpiresAt) current = cached;
    }
    let fresh: KitTokens | undefined;
    if (cached && canRefresh(cached, now())) {
      try {
        fresh = await refresh(cached);
      } catch (err) {
        // Kit unreachable: a login would fail the same way, so let the backoff handle it.
        if (!(err instanceof KitError) || (err.transient && err.code !== 'KIT_AUTH_FAILED')) throw err;
        log.info({ kitOp: 'refresh', code: err.code, status: err.status }, 'Kit refused the refresh token; logging in again');
      }
    }
    fresh ??= await login();
    lastLoginAt = now();
    await deps.tokens.setKitTokens(fresh);
    return fresh;
  }

  async function renewOnce(rejected: string | undefined): Promise<KitTokens> {
    try {
      const tokens = await deps.tokens.withKitLock(() => renew(rejected));
      current = tokens;
      failures = 0;
      backoffUntil = 0;
      lastError = undefined;
      return tokens;
    } catch (err) {
      const error = asTransient(err);
      failures += 1;
      const delay = Math.min(AUTH_BACKOFF_MAX_MS, AUTH_BACKOFF_BASE_MS * 2 ** (failures - 1));
      const retryInMs = Math.round(delay * (0.5 + random() * 0.5));
      backoffUntil = now() + retryInMs;
      lastError = error.code;
      log.warn({ kitOp: 'auth', code: error.code, status: error.status, failures, retryInMs }, 'Kit auth failed; backing off');
      // Still inside the refresh-ahead window: the current JWT works until it expires.
      if (current && current.accessToken !== rejected && now() < current.accessExpiresAt) return current;
      throw error;
    }
  }

  async function accessToken(rejected?: string): Promise<string> {
    const t = now();
    const cur = current;
    if (cur && cur.accessToken !== rejected) {
      if (t < renewAt(cur)) return cur.accessToken;
      if (t < backoffUntil && t < cur.accessExpiresAt) return cur.accessToken;
    }
    if (!flight && t < backoffUntil) {
      throw new KitError('KIT_AUTH_FAILED', `Kit auth is backing off after a failure (${lastError ?? 'unknown'})`, { transient: true });
    }
    flight ??= renewOnce(rejected).finally(() => {
      flight = undefined;
    });
    return (await flight).accessToken;
  }

  return {
    accessToken,
    status: () => ({
      loggedIn: current !== undefined && now() < current.accessExpiresAt,
      ...(lastError === undefined ? {} : { lastError }),
      ...(lastLoginAt === undefined ? {} : { lastLoginAt }),
    }),
  };
}

/**
 * Auth failures are always retryable for the caller: a message is not at fault when the relay
 * cannot log in. Unknown errors (the store, say) lose their details, which may hold tokens.
 */
function asTransient(err: unknown): KitError {
  if (err instanceof KitError && err.transient) return err;
  if (err instanceof KitError) return new KitError('KIT_AUTH_FAILED', err.message, { transient: true, status: err.status });
  return new KitError('KIT_AUTH_FAILED', 'Kit auth failed: token cache unavailable', { transient: true });
}
