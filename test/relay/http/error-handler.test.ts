import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayError } from '../../../relay/errors';
import { errorHandler, notFoundHandler } from '../../../relay/http/error-handler';
import { captureLogger, listen, type Listening } from '../../helpers/http';

let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function appWith(route: express.RequestHandler) {
  const logs = captureLogger();
  const app = express();
  app.get('/boom', route);
  app.post('/json', express.json(), (_req, res) => void res.json({ ok: true }));
  app.use(notFoundHandler);
  app.use(errorHandler(logs.log));
  server = await listen(app);
  return { url: server.url, logs };
}

describe('the error middleware', () => {
  it('answers a RelayError with its own status, code and message', async () => {
    const { url } = await appWith(() => {
      throw new RelayError(418, 'UNSUPPORTED_TYPE', 'I am a teapot.');
    });
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({ error: { code: 'UNSUPPORTED_TYPE', message: 'I am a teapot.' } });
  });

  it('turns an unexposed RelayError into a plain 500, logged', async () => {
    const { url, logs } = await appWith(() => {
      throw new RelayError(503, 'UNAVAILABLE', 'connection string postgres://user:pw@db', { expose: false });
    });
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(text).not.toContain('postgres');
    expect(logs.text()).toContain('request failed');
  });

  it('never shows the message or stack of an unexpected error', async () => {
    const { url } = await appWith(async () => {
      throw new Error('secret internals v1.abc.def');
    });
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret internals');
    expect(text).not.toContain('at ');
  });

  it.each(['gzip', 'br', 'deflate'])('answers a body that claims %s but does not decompress with 400 INVALID_BODY, logging no failure', async (encoding) => {
    const { url, logs } = await appWith(() => undefined);
    const res = await fetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: '{"id":"plain, not compressed"}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'INVALID_BODY', message: expect.stringContaining('Content-Encoding') } });
    expect(logs.text()).not.toContain('request failed');
  });

  it('cuts the connection when the error comes after the headers were sent', async () => {
    const { url } = await appWith((_req, res, next) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      next(new Error('late'));
    });
    await expect(fetch(`${url}/boom`).then((res) => res.text())).rejects.toThrow();
  });

  it.each([
    ['a connection that is down', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a command out of retries', Object.assign(new Error('Reached the max retries per request limit (which is 3).'), { name: 'MaxRetriesPerRequestError' })],
    ['Redis loading its data after a restart', Object.assign(new Error('LOADING Redis is loading the dataset in memory'), { name: 'ReplyError' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6379'), { code: 'ECONNREFUSED' })],
  ])('answers %s in the store with 503 UNAVAILABLE and Retry-After, saying nothing of it', async (_what, err) => {
    const { url } = await appWith(() => {
      throw err;
    });
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = await res.json();
    expect(body.error.code).toBe('UNAVAILABLE');
    expect(JSON.stringify(body)).not.toMatch(/6379|LOADING|retries|enableOfflineQueue/);
  });

  it('keeps a Redis answer that is a bug (a script error) a plain 500', async () => {
    const { url } = await appWith(() => {
      throw Object.assign(new Error('ERR Error running script: attempt to index a nil value'), { name: 'ReplyError' });
    });
    expect((await fetch(`${url}/boom`)).status).toBe(500);
  });
});
