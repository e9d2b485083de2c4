// One Kit HTTP call: timeout, JSON parsing and the mapping of every failure to a KitError.
// Kit's error contract is undocumented (docs/kit-api.md §2.5), so the auth test is deliberately tolerant.
// Messages carry the operation, HTTP status and Kit's numeric code only: never a URL or a body.
import { KitError } from '../errors';
import { KitTransportError, type KitTransport } from './transport';

export type KitOp = 'login' | 'refresh' | 'send';
export type KitCallHook = (op: KitOp, seconds: number, ok: boolean, code?: string) => void;

export interface KitCall {
  op: KitOp;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** The client's connections; closing it aborts the call (KIT_CLOSED). */
  transport: KitTransport;
  onCall?: KitCallHook;
}

const AUTH_WORDS = /unauthori[sz]ed|forbidden|token|expired|jwt/i;

/** Performs the call; resolves with `result` of a `{success:true}` answer, else throws KitError. */
export async function callKit(call: KitCall): Promise<unknown> {
  const started = performance.now();
  try {
    const result = await perform(call);
    call.onCall?.(call.op, (performance.now() - started) / 1000, true);
    return result;
  } catch (err) {
    const error = err instanceof KitError ? err : new KitError('KIT_UNAVAILABLE', `Kit ${call.op} failed`, { transient: true });
    call.onCall?.(call.op, (performance.now() - started) / 1000, false, error.code);
    throw error;
  }
}

async function perform(call: KitCall): Promise<unknown> {
  let status: number;
  let text: string | undefined;
  let retryAfter: string | undefined;
  try {
    ({ status, body: text, retryAfter } = await call.transport.post({ url: call.url, headers: call.headers, body: call.body, timeoutMs: call.timeoutMs }));
  } catch (err) {
    // The underlying error is dropped on purpose: it may name the URL, and login's URL holds the API token.
    const reason = err instanceof KitTransportError ? err.reason : 'network';
    if (reason === 'timeout') throw new KitError('KIT_TIMEOUT', `Kit ${call.op} timed out after ${call.timeoutMs} ms`, { transient: true });
    if (reason === 'aborted') throw new KitError('KIT_CLOSED', `Kit ${call.op} aborted: client closed`, { transient: true });
    throw new KitError('KIT_UNAVAILABLE', `Kit ${call.op} failed: ${reason === 'redirect' ? 'unexpected redirect' : 'network error'}`, { transient: true });
  }
  const body = parse(text);
  if (status >= 200 && status < 300 && body?.success === true) return body.result;
  throw classify(call.op, status, body, retryAfterMs(retryAfter));
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; undefined if absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d{1,9}$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]/i.test(value)) return undefined; // a number of another shape, not a date
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

interface KitBody {
  success?: unknown;
  result?: unknown;
}

/** Answers too large to read (the transport's bound) or not JSON objects parse to undefined. */
function parse(text: string | undefined): KitBody | undefined {
  if (text === undefined || text.length === 0) return undefined;
  try {
    const body: unknown = JSON.parse(text);
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as KitBody) : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a non-success answer to a KitError with the right code and `transient` flag. */
export function classify(op: KitOp, status: number, body: KitBody | undefined, retryAfter?: number): KitError {
  const result = body?.result && typeof body.result === 'object' ? (body.result as Record<string, unknown>) : {};
  const kitCode = typeof result.code === 'number' ? result.code : undefined;
  const errorText = typeof result.error === 'string' ? result.error : '';
  const detail = `HTTP ${status}${kitCode === undefined ? '' : `, Kit code ${kitCode}`}`;
  const error = (code: string, transient: boolean) =>
    new KitError(code, `Kit ${op} failed (${detail})`, { transient, status, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) });

  // Kit answers some failures with HTTP 200 and {success:false, result:{code}} (§2.5): its code
  // then classifies the failure as an HTTP status would.
  if (status === 429 || kitCode === 429) return error('KIT_RATE_LIMITED', true);
  if (status >= 500 || (kitCode !== undefined && kitCode >= 500 && kitCode <= 599)) return error('KIT_UNAVAILABLE', true);
  if (status === 408 || kitCode === 408) return error('KIT_TIMEOUT', true);
  const authish = status === 401 || status === 403 || kitCode === 401 || kitCode === 403 || AUTH_WORDS.test(errorText);
  if (authish) return error('KIT_AUTH_FAILED', true);
  // A 2xx that is neither success:true nor success:false is not a verdict on the event.
  if (status >= 200 && status < 300 && body?.success !== false) return error('KIT_BAD_RESPONSE', true);
  return error('KIT_REJECTED', false);
}
