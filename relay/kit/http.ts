// One Kit HTTP call: timeout, JSON parsing and the mapping of every failure to a KitError.
// Kit's error contract is undocumented (kit-api.md §2.5), so the auth test is deliberately tolerant.
// Messages carry the operation, HTTP status and Kit's numeric code only: never a URL or a body.
import { KitError } from '../errors';

export type KitOp = 'login' | 'refresh' | 'send';
export type KitCallHook = (op: KitOp, seconds: number, ok: boolean, code?: string) => void;

export interface KitCall {
  op: KitOp;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Aborts the call when the client closes. */
  signal?: AbortSignal;
  onCall?: KitCallHook;
}

/** Bodies larger than this are not parsed: Kit's answers are a few hundred bytes. */
const MAX_BODY_CHARS = 256 * 1024;
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
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  let status: number;
  let text: string;
  try {
    const res = await call.fetch(call.url, { ...call.init, signal, redirect: 'error' });
    status = res.status;
    text = await res.text();
  } catch {
    // The underlying error is dropped on purpose: it may name the URL, and login's URL holds the API token.
    if (timeout.aborted) throw new KitError('KIT_TIMEOUT', `Kit ${call.op} timed out after ${call.timeoutMs} ms`, { transient: true });
    if (call.signal?.aborted) throw new KitError('KIT_CLOSED', `Kit ${call.op} aborted: client closed`, { transient: true });
    throw new KitError('KIT_UNAVAILABLE', `Kit ${call.op} failed: network error`, { transient: true });
  }
  const body = parse(text);
  if (status >= 200 && status < 300 && body?.success === true) return body.result;
  throw classify(call.op, status, body);
}

interface KitBody {
  success?: unknown;
  result?: unknown;
}

function parse(text: string): KitBody | undefined {
  if (text.length === 0 || text.length > MAX_BODY_CHARS) return undefined;
  try {
    const body: unknown = JSON.parse(text);
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as KitBody) : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a non-success answer to a KitError with the right code and `transient` flag. */
export function classify(op: KitOp, status: number, body: KitBody | undefined): KitError {
  const result = body?.result && typeof body.result === 'object' ? (body.result as Record<string, unknown>) : {};
  const kitCode = typeof result.code === 'number' ? result.code : undefined;
  const errorText = typeof result.error === 'string' ? result.error : '';
  const detail = `HTTP ${status}${kitCode === undefined ? '' : `, Kit code ${kitCode}`}`;
  const error = (code: string, transient: boolean) =>
    new KitError(code, `Kit ${op} failed (${detail})`, { transient, status });

  if (status === 429 || kitCode === 429) return error('KIT_RATE_LIMITED', true);
  if (status >= 500) return error('KIT_UNAVAILABLE', true);
  if (status === 408) return error('KIT_TIMEOUT', true);
  const authish = status === 401 || status === 403 || kitCode === 401 || kitCode === 403 || AUTH_WORDS.test(errorText);
  if (authish) return error('KIT_AUTH_FAILED', true);
  // A 2xx that is neither success:true nor success:false is not a verdict on the event.
  if (status >= 200 && status < 300 && body?.success !== false) return error('KIT_BAD_RESPONSE', true);
  return error('KIT_REJECTED', false);
}
