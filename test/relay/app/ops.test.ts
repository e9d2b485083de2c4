import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WIDGET_JS, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe('ops endpoints', () => {
  it('reports liveness', async () => {
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the store answers and Kit is logged in', async () => {
    const res = await fetch(`${h.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ store: 'ok', kit: 'ok' });
  });

  it('is not ready before the Kit login, and shows a Kit error code but never an error message', async () => {
    h.kit.status = { loggedIn: false };
    let res = await fetch(`${h.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ store: 'ok', kit: 'not_logged_in' });
    h.kit.status = { loggedIn: false, lastError: 'KIT_AUTH_FAILED' };
    expect(await (await fetch(`${h.url}/readyz`)).json()).toMatchObject({ store: 'ok', kit: 'KIT_AUTH_FAILED' });
    h.kit.status = { loggedIn: false, lastError: 'login failed for token abc123' };
    const body = await (await fetch(`${h.url}/readyz`)).json();
    expect(body).toMatchObject({ store: 'ok', kit: 'not_logged_in' });
    expect(JSON.stringify(body)).not.toContain('abc123');
  });

  it('is not ready when the store cannot be reached', async () => {
    await h.store.close();
    const res = await fetch(`${h.url}/readyz`);
    expect(res.status).toBe(503);
    expect((await res.json()).store).toBe('error');
  });

  it('exposes Prometheus metrics with the outbox depth read at scrape time', async () => {
    const { token } = await h.session();
    await h.sendMessage(token, { id: 'm1', text: 'hi' });
    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^relay_outbox_depth 1$/m);
    expect(text).toMatch(/^relay_messages_in_total 1$/m);
  });

  it('refuses /metrics to a client elsewhere when no token is set, also when a proxy here forwards it', async () => {
    await h.close();
    h = await startHarness({ trustProxy: 1 });
    const viaProxy = await fetch(`${h.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(viaProxy.status).toBe(403);
    expect((await viaProxy.json()).error.code).toBe('FORBIDDEN');
    // A client behind the proxy that writes 127.0.0.1 itself is still the address the proxy saw.
    expect((await fetch(`${h.url}/metrics`, { headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' } })).status).toBe(403);
    expect((await fetch(`${h.url}/metrics`, { headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(200);
    expect((await fetch(`${h.url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
    expect((await fetch(`${h.url}/readyz`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
  });

  it('refuses /metrics forwarded by a proxy on this machine that the relay does not trust', async () => {
    // Without RELAY_TRUST_PROXY the socket is loopback, but the forwarded address is not.
    expect((await fetch(`${h.url}/metrics`, { headers: { 'x-forwarded-for': '198.51.100.4' } })).status).toBe(403);
    expect((await fetch(`${h.url}/metrics`, { headers: { forwarded: 'for=198.51.100.4' } })).status).toBe(403);
    expect((await fetch(`${h.url}/metrics`, { headers: { 'x-real-ip': '2001:db8::7' } })).status).toBe(403);
  });

  it('with RELAY_METRICS_TOKEN, answers /metrics only to that bearer token, from anywhere', async () => {
    await h.close();
    const token = 'scrape-7f3e9b2a41c6d805';
    h = await startHarness({ env: { RELAY_METRICS_TOKEN: token }, trustProxy: 1 });
    for (const authorization of [undefined, 'Bearer wrong-token-000000000', `Basic ${token}`, `Bearer ${token}x`, token]) {
      const res = await fetch(`${h.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const text = await res.text();
      expect(text).not.toContain('relay_messages_in_total');
      expect(text).not.toContain(token);
    }
    const res = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^relay_messages_in_total 0$/m);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${h.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('sends no X-Powered-By header', async () => {
    expect((await fetch(`${h.url}/healthz`)).headers.get('x-powered-by')).toBeNull();
  });
});

describe('the widget bundle', () => {
  it('serves widget.js with an ETag, a short cache and cross-origin embedding allowed', async () => {
    const res = await fetch(`${h.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(WIDGET_JS);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    // fetch() adds `Cache-Control: no-cache` to conditional requests unless one is given; browsers revalidate without it.
    const revalidate = () => fetch(`${h.url}/widget.js`, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
    expect((await revalidate()).status).toBe(304);
    // A new build under the same name: the browser's copy no longer matches, so it gets the new one.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${h.widgetDir}/widget.js`, `${WIDGET_JS}\n// the next release`);
    const fresh = await revalidate();
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toBe(`${WIDGET_JS}\n// the next release`);
    expect(fresh.headers.get('etag')).not.toBe(etag);
  });

  it('serves hashed chunks under /widget/ as immutable', async () => {
    const res = await fetch(`${h.url}/widget/chunks/panel-3f2a1b.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${h.url}/widget/chunks/missing.js`)).status).toBe(404);
  });

  it('serves kit-chat.d.ts, whose name has no hash, with the short cache', async () => {
    const res = await fetch(`${h.url}/widget/kit-chat.d.ts`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('KitChatApi');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('says to run the build when the bundle is missing', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(`${h.widgetDir}/widget.js`);
    const res = await fetch(`${h.url}/widget.js`);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe('WIDGET_NOT_BUILT');
    expect(body.error.message).toContain('npm run build');
  });
});
