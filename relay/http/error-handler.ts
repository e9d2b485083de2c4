// The one error middleware (last in the chain) and the JSON 404. A RelayError answers with
// its status and code; body-parser failures get their own codes; anything else is a plain 500.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from '../log';
import { pathOnly } from '../log';
import type { ErrorBody, ErrorCode } from '../../protocol/relay-api';
import { RelayError, notFound } from '../errors';
import { isStoreUnavailable } from '../store/unavailable';

/** What a caller is told to wait while the store is unreachable. */
export const STORE_RETRY_AFTER_S = 5;

export function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  const body: ErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound('No such endpoint.'));

/** body-parser errors carry a `type`; map the ones a caller can cause. */
const BODY_ERRORS: Record<string, [number, ErrorCode, string]> = {
  'entity.parse.failed': [400, 'INVALID_JSON', 'The body is not valid JSON.'],
  'entity.too.large': [413, 'PAYLOAD_TOO_LARGE', 'The body is too large.'],
  'encoding.unsupported': [415, 'UNSUPPORTED_ENCODING', 'The body encoding is not supported.'],
  'charset.unsupported': [415, 'UNSUPPORTED_CHARSET', 'The body charset is not supported.'],
  'request.aborted': [400, 'REQUEST_ABORTED', 'The request was aborted.'],
  'entity.verify.failed': [400, 'INVALID_BODY', 'The body was rejected.'],
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      // Too late for an error body (an event stream, a file): cut the connection instead.
      log.warn({ path: pathOnly(req.originalUrl), err: summary(err) }, 'error after headers were sent');
      res.destroy();
      return;
    }
    if (err instanceof RelayError && err.expose) {
      if (err.retryAfterS !== undefined) res.setHeader('Retry-After', String(err.retryAfterS));
      sendError(res, err.status, err.code, err.message);
      return;
    }
    const bodyError = typeof err?.type === 'string' ? BODY_ERRORS[err.type] : undefined;
    if (bodyError) {
      sendError(res, ...bodyError);
      return;
    }
    // A body-parser error without a type: a Content-Encoding (gzip, br, deflate) whose
    // bytes do not decompress, or a request the router cannot decode. The caller's fault.
    if (isClientError(err)) {
      sendError(res, 400, 'INVALID_BODY', 'The body could not be read: check its Content-Encoding.');
      return;
    }
    // Redis away (restarting, failing over): nothing was stored, and a repeat may well succeed.
    if (isStoreUnavailable(err)) {
      log.warn({ method: req.method, path: pathOnly(req.originalUrl), err: summary(err) }, 'store unavailable');
      res.setHeader('Retry-After', String(STORE_RETRY_AFTER_S));
      sendError(res, 503, 'UNAVAILABLE', 'The relay cannot reach its store right now; try again shortly.');
      return;
    }
    log.error({ method: req.method, path: pathOnly(req.originalUrl), err: summary(err) }, 'request failed');
    sendError(res, 500, 'INTERNAL', 'Something went wrong on our side.');
  };
}

/** An http-errors 400 (body-parser, router) that carries no type: safe to blame on the request. */
function isClientError(err: unknown): boolean {
  const e = err as { status?: unknown; expose?: unknown } | null;
  return e?.status === 400 && e.expose === true;
}

/** Name, code and stack only: an error's other fields may hold request data. */
function summary(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return { name: err.name, code: typeof code === 'string' ? code : undefined, message: err.message, stack: err.stack };
}
