// The relay's server classes: requests and responses reach Express already built with the app's
// prototypes (so Express's Object.setPrototypeOf changes nothing and V8 keeps their hidden
// classes shared), and every Express feature the relay uses still works on them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { serverClasses } from '../../../relay/http/server-classes';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(adopt: boolean) {
  const app = express();
  app.get('/echo', (req, res) => res.status(201).json({ query: req.query, ip: req.ip, header: req.get('x-probe') }));
  const classes = serverClasses();
  if (adopt) classes.adopt(app);
  const seen: boolean[] = [];
  server = createServer({ IncomingMessage: classes.IncomingMessage, ServerResponse: classes.ServerResponse }, (req, res) => {
    // What Express is about to set, compared with what the server built.
    seen.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response);
    app(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('the relay server classes', () => {
  it('build requests and responses that already have the app prototypes Express would set', async () => {
    const { url, seen } = await serve(true);
    const res = await fetch(`${url}/echo?a=1&b=two`, { headers: { 'x-probe': 'yes' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ query: { a: '1', b: 'two' }, ip: '127.0.0.1', header: 'yes' });
    expect(seen).toEqual([true]);
  });

  it('leave Express to set the prototypes until an app adopts them', async () => {
    const { url, seen } = await serve(false);
    expect((await fetch(`${url}/echo?a=1`)).status).toBe(201);
    expect(seen).toEqual([false]);
  });

  it('belong to one app only', () => {
    const classes = serverClasses();
    classes.adopt(express());
    expect(() => classes.adopt(express())).toThrow('already adopted');
  });
});
