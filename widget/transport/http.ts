// The relay client: JSON calls through ky with timeouts, failures mapped to TransportError,
// plus the event stream. The only code in the widget that talks to the relay.
import ky, { HTTPError, TimeoutError } from 'ky';
import type { Availability, SendMessageRequest, SendMessageResponse, SessionRequest, SessionResponse } from '../../protocol/relay-api';
import { toJson } from '../util/json';
import { errorForStatus, TransportError } from './errors';
import { openEventStream } from './event-stream';
import type { Transport, UploadFile } from './types';

export const REQUEST_TIMEOUT_MS = 15_000;
/**
 * The longest wait a Retry-After (429, 503) gets before ky repeats the call: a relay asking for
 * more is tried again after this, not after up to a minute as ky would wait by default.
 */
export const RETRY_AFTER_MAX_MS = 10_000;

/**
 * Which calls ky repeats and how often (network failures too; never a timeout). Messages are
 * idempotent on their id, so a POST may be repeated on a 5xx or 429 as well. The tests' fake
 * transport repeats by the same rule.
 */
export const RETRY = { limit: 2, methods: ['get', 'post'], statusCodes: [408, 429, 500, 502, 503, 504] } as const;

async function mapError(error: unknown): Promise<never> {
  if (error instanceof HTTPError) {
    let relayCode: string | undefined;
    try {
      const body = (await error.response.json()) as { error?: { code?: unknown } };
      if (typeof body.error?.code === 'string') relayCode = body.error.code.slice(0, 64);
    } catch {
      /* not a JSON error body */
    }
    throw errorForStatus(error.response.status, relayCode);
  }
  if (error instanceof TimeoutError) throw new TransportError('TIMEOUT');
  throw new TransportError('NETWORK');
}

/**
 * `loadUploader` gives the XHR uploader (transport/upload.ts), which ships with the attachment
 * plug-in: only that plug-in ever uploads.
 */
export function createHttpTransport(
  relayUrl: string,
  win: Window,
  loadUploader: () => Promise<UploadFile>,
  timeouts = { requestMs: REQUEST_TIMEOUT_MS, retryAfterMaxMs: RETRY_AFTER_MAX_MS },
): Transport {
  const base = relayUrl.replace(/\/+$/, '');
  const api = ky.create({
    prefixUrl: base,
    timeout: timeouts.requestMs,
    retry: { limit: RETRY.limit, methods: [...RETRY.methods], statusCodes: [...RETRY.statusCodes], maxRetryAfter: timeouts.retryAfterMaxMs },
    credentials: 'omit',
    // Not the page's JSON.stringify: a patched Array#toJSON would send an attachment list as a string.
    stringifyJson: toJson,
  });
  const auth = (token?: string) => (token ? { Authorization: `Bearer ${token}` } : undefined);

  return {
    // Without a token, POST /v1/sessions makes a new visitor: a repeat after a lost answer would
    // make a second one, so only a resume (with a token, idempotent) is retried.
    startSession: (body: SessionRequest, token?: string) =>
      api.post('v1/sessions', { json: body, headers: auth(token), ...(token ? {} : { retry: 0 }) }).json<SessionResponse>().catch(mapError),
    endSession: (token: string) => api.delete('v1/sessions', { headers: auth(token) }),
    sendMessage: (token: string, body: SendMessageRequest) =>
      api.post('v1/messages', { json: body, headers: auth(token) }).json<SendMessageResponse>().catch(mapError),
    availability: () => api.get('v1/availability').json<Availability>().catch(mapError),
    openStream: (options) =>
      openEventStream(`${base}/v1/events`, options, {
        fetch: (...args) => win.fetch(...args),
        random: Math.random,
        setTimeout: (fn, ms) => win.setTimeout(fn, ms),
        clearTimeout: (id) => win.clearTimeout(id as number),
      }),
    uploadFile: (token, file, options) => loadUploader().then((upload) => upload(win, base, token, file, options)),
  };
}
