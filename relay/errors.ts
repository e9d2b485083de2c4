// Typed errors for the relay. `code` is API (stable, UPPER_SNAKE); `message` is for people.
// Only errors with `expose: true` show their message to a caller; anything else is a plain 500.
// Codes come from the contract's ErrorCode union (protocol/relay-api.ts), so the union stays whole.
import type { ErrorCode } from '../protocol/relay-api';

export class RelayError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly expose: boolean;
  /** Sent as Retry-After: when to try again (a 503 of something that comes back by itself). */
  readonly retryAfterS: number | undefined;

  constructor(status: number, code: ErrorCode, message: string, options: { cause?: unknown; expose?: boolean; retryAfterS?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RelayError';
    this.status = status;
    this.code = code;
    this.expose = options.expose ?? status < 500;
    this.retryAfterS = options.retryAfterS;
  }
}

export const badRequest = (code: ErrorCode, message: string) => new RelayError(400, code, message);
export const unauthorized = (message = 'A valid visitor token is required.') =>
  new RelayError(401, 'UNAUTHORIZED', message);
export const forbidden = (code: ErrorCode, message: string) => new RelayError(403, code, message);
export const notFound = (message = 'Not found.') => new RelayError(404, 'NOT_FOUND', message);
export const tooMany = (message = 'Too many requests; slow down.') => new RelayError(429, 'RATE_LIMITED', message);

/** Raised by config.ts: names the variables at fault, never their values. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly variables: string[];
  /** Each variable at fault with what is wrong with it (never its value). */
  readonly problems: readonly { variable: string; problem: string }[];

  constructor(problems: { variable: string; problem: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.problem}`).join('; ')}`);
    this.name = 'ConfigError';
    this.variables = problems.map((p) => p.variable);
    this.problems = problems;
  }
}

/**
 * A failed Kit call. `transient` says whether retrying later may succeed (network, timeout,
 * 5xx, 429, auth that a fresh login may fix); a permanent one (400-type rejection) is not retried.
 */
export class KitError extends Error {
  readonly code: string;
  readonly transient: boolean;
  readonly status: number | undefined;
  /** How long Kit asked to wait before the next request (its Retry-After), if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options: { transient: boolean; status?: number; retryAfterMs?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KitError';
    this.code = code;
    this.transient = options.transient;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}
