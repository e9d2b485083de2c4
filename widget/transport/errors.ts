// Typed failures of relay calls. Models switch on `code`; messages are for people. Code that
// ships in a lazily fetched chunk has its own copy of the class, so failures are recognised by
// isTransportError (name and code), never by instanceof.
export type TransportErrorCode = 'NETWORK' | 'TIMEOUT' | 'UNAUTHORIZED' | 'RATE_LIMITED' | 'REJECTED' | 'SERVER' | 'ABORTED';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    readonly status = 0,
    /** The relay's own error code, when it sent one. */
    readonly relayCode?: string,
  ) {
    super(relayCode ? `${code} (${status} ${relayCode})` : `${code}${status ? ` (${status})` : ''}`);
  }
}

/** True for a TransportError from any copy of this module; with `code`, only for that code. */
export function isTransportError(error: unknown, code?: TransportErrorCode): error is TransportError {
  const e = error as TransportError | null;
  return e?.name === 'TransportError' && typeof e.code == 'string' && (!code || e.code === code);
}

export function errorForStatus(status: number, relayCode?: string): TransportError {
  if (status === 401) return new TransportError('UNAUTHORIZED', status, relayCode);
  if (status === 429) return new TransportError('RATE_LIMITED', status, relayCode);
  if (status >= 500 || status === 408) return new TransportError('SERVER', status, relayCode);
  return new TransportError('REJECTED', status, relayCode);
}
