// One log line per request: method, path without its query (which may carry `?token=`),
// status and duration. Never header values or bodies.
import type { RequestHandler } from 'express';
import type { Logger } from '../log';
import { pathOnly } from '../log';

export function requestLog(log: Logger, now: () => number = () => performance.now()): RequestHandler {
  return (req, res, next) => {
    const start = now();
    // A response always emits 'close', right after 'finish' or when the client goes away; one
    // listener keeps each of thousands of open event streams a little lighter.
    res.on('close', () => {
      const durationMs = Math.round((now() - start) * 10) / 10;
      log.info({ method: req.method, path: pathOnly(req.originalUrl).slice(0, 200), status: res.statusCode, durationMs }, 'request');
    });
    next();
  };
}
