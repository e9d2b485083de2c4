// The relay's one logger: pino JSON lines with secrets redacted. Log ids, sizes and
// durations; never message text, tokens, signatures or query strings that may carry tokens.
import { pino, type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'apiToken',
  'salt',
  'signature',
  'secret',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.apiToken',
  '*.signature',
  '*.secret',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Strips the query string from a URL path, since `?token=` may carry a visitor token. */
export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
