// Typed failures of relay calls. Models switch on `code`; messages are for people.
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

export function errorForStatus(status: number, relayCode?: string): TransportError {
  if (status === 401) return new TransportError('UNAUTHORIZED', status, relayCode);
  if (status === 429) return new TransportError('RATE_LIMITED', status, relayCode);
  if (status >= 500 || status === 408) return new TransportError('SERVER', status, relayCode);
  return new TransportError('REJECTED', status, relayCode);
}
