// Every answer Kit may give, over real HTTP, and the KitError each becomes. Kit documents its
// error body (docs/kit-api.md §2.5) but no status codes, so the table covers each status the
// relay treats differently, with each body shape: Kit's ErrorType, HTTP 200 {success:false}, an
// empty body, malformed JSON, an HTML error page, and an answer past the transport's bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KitError } from '../../../relay/errors';
import { callKit } from '../../../relay/kit/http';
import { createFetchTransport, createKitTransport, KIT_ANSWER_MAX_BYTES, type KitTransport } from '../../../relay/kit/transport';
import UNAUTHORIZED from '../../fixtures/kit/error-unauthorized.json';
import { listen, type Listening } from '../../helpers/http';

interface Answer {
  status: number;
  body: string;
  retryAfter?: string;
}
let server: Listening;
let next: Answer = { status: 200, body: '{"success":true,"result":true}' };
beforeAll(async () => {
  server = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(next.status, { 'content-type': 'application/json', ...(next.retryAfter ? { 'retry-after': next.retryAfter } : {}) });
      res.end(next.body);
    });
  });
});
afterAll(() => server.close());

const kitError = (status: number, code: number, error = 'Something') => JSON.stringify({ success: false, result: { error, code } });
const OVERSIZED = JSON.stringify({ success: false, result: { error: 'x'.repeat(KIT_ANSWER_MAX_BYTES), code: 500 } });

/** [what, answer, expected code, transient]: transient errors are retried, the others fail the message. */
const TABLE: [string, Answer, string, boolean][] = [
  ['400 ErrorType', { status: 400, body: kitError(400, 400, 'Invalid body') }, 'KIT_REJECTED', false],
  ['401 ErrorType (the inferred fixture)', { status: 401, body: JSON.stringify(UNAUTHORIZED) }, 'KIT_AUTH_FAILED', true],
  ['401 empty body', { status: 401, body: '' }, 'KIT_AUTH_FAILED', true],
  ['403 ErrorType', { status: 403, body: kitError(403, 403, 'Forbidden') }, 'KIT_AUTH_FAILED', true],
  ['400 saying the token expired', { status: 400, body: kitError(400, 400, 'Token expired') }, 'KIT_AUTH_FAILED', true],
  ['404 unknown channel', { status: 404, body: kitError(404, 404, 'Channel not found') }, 'KIT_REJECTED', false],
  ['408 request timeout', { status: 408, body: '' }, 'KIT_TIMEOUT', true],
  ['413 too large', { status: 413, body: '<html>Request Entity Too Large</html>' }, 'KIT_REJECTED', false],
  ['418 with malformed JSON', { status: 418, body: '{"success":false,' }, 'KIT_REJECTED', false],
  ['422 ErrorType without code', { status: 422, body: '{"success":false,"result":{"error":"bad"}}' }, 'KIT_REJECTED', false],
  ['429 with Retry-After', { status: 429, body: kitError(429, 429, 'Too many requests'), retryAfter: '7' }, 'KIT_RATE_LIMITED', true],
  ['500 HTML page', { status: 500, body: '<html><body>Internal Server Error</body></html>' }, 'KIT_UNAVAILABLE', true],
  ['502 empty body', { status: 502, body: '' }, 'KIT_UNAVAILABLE', true],
  ['503 with Retry-After', { status: 503, body: kitError(503, 503, 'Maintenance'), retryAfter: '30' }, 'KIT_UNAVAILABLE', true],
  ['504 ErrorType', { status: 504, body: kitError(504, 504) }, 'KIT_UNAVAILABLE', true],
  ['500 past the transport bound', { status: 500, body: OVERSIZED }, 'KIT_UNAVAILABLE', true],
  ['200 success:false, Kit code 503', { status: 200, body: kitError(200, 503) }, 'KIT_UNAVAILABLE', true],
  ['200 success:false, Kit code 401', { status: 200, body: kitError(200, 401, 'Unauthorized') }, 'KIT_AUTH_FAILED', true],
  ['200 success:false, Kit code 418', { status: 200, body: kitError(200, 418) }, 'KIT_REJECTED', false],
  ['200 with malformed JSON', { status: 200, body: '{"success":tru' }, 'KIT_BAD_RESPONSE', true],
  ['200 with a JSON array', { status: 200, body: '[true]' }, 'KIT_BAD_RESPONSE', true],
  ['200 success:"yes"', { status: 200, body: '{"success":"yes","result":true}' }, 'KIT_BAD_RESPONSE', true],
  ['200 past the transport bound', { status: 200, body: JSON.stringify({ success: true, result: 'x'.repeat(KIT_ANSWER_MAX_BYTES) }) }, 'KIT_BAD_RESPONSE', true],
];

describe.each<[string, () => KitTransport]>([
  ['node:http (sends)', () => createKitTransport()],
  ['fetch (login and refresh)', () => createFetchTransport()],
])("Kit's answers over %s", (_name, makeTransport) => {
  it.each(TABLE)('%s: %s', async (_what, answer, code, transient) => {
    next = answer;
    const transport = makeTransport();
    try {
      const error = await callKit({ op: 'send', url: `${server.url}/channel`, headers: { authorization: 'Bearer jwt-secret-123' }, body: '{}', timeoutMs: 5_000, transport }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KitError);
      expect(error).toMatchObject({ code, transient, status: answer.status });
      // Only the operation, status and Kit's code: never a body, a token or the URL.
      const { message } = error as KitError;
      expect(message).not.toMatch(/jwt-secret|127\.0\.0\.1|Maintenance|Channel not found|<html>|xxxx/);
      if (answer.retryAfter) expect(error).toMatchObject({ retryAfterMs: Number(answer.retryAfter) * 1000 });
      else expect((error as KitError).retryAfterMs).toBeUndefined();
    } finally {
      transport.close();
    }
  });

  it('returns the result of a success', async () => {
    next = { status: 200, body: '{"success":true,"result":{"ok":1}}' };
    const transport = makeTransport();
    try {
      await expect(callKit({ op: 'send', url: `${server.url}/channel`, headers: {}, body: '{}', timeoutMs: 5_000, transport })).resolves.toEqual({ ok: 1 });
    } finally {
      transport.close();
    }
  });
});
