// Tells "the store cannot be reached right now" apart from a bug: ioredis's errors for a
// connection that is down or a command that ran out of retries, and Redis's own answers for a
// server that cannot serve yet (loading its data after a restart, a read-only replica, a
// failed disk write). Those become 503 with Retry-After: the request may simply be repeated.
const REDIS_NOT_READY = /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY|NOREPLICAS|MISCONF)\b/;
const CONNECTION_LOST = /^(Connection is closed|Stream isn't writeable)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

export function isStoreUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'MaxRetriesPerRequestError' || CONNECTION_LOST.test(err.message)) return true;
  if (err.name === 'ReplyError' && REDIS_NOT_READY.test(err.message)) return true;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}
