import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from '../../../relay/http/rate-limit';
import { startHarness, type Harness } from '../app/harness';
import { TEST_ORIGIN } from '../../helpers/test-config';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('CORS and the Origin check on /v1', () => {
  it('answers a preflight from an allowed origin with that origin, never *', async () => {
    h = await startHarness();
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'OPTIONS',
      headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Last-Event-ID, X-File-Name');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses a preflight and a request from an origin that is not allowed with 403 ORIGIN_NOT_ALLOWED', async () => {
    h = await startHarness();
    const preflight = await fetch(`${h.url}/v1/sessions`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const res = await h.post('/v1/sessions', {}, { origin: 'https://shop.example.evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it("allows the relay's own origin and requests without an Origin header", async () => {
    h = await startHarness();
    expect((await h.post('/v1/sessions', {}, { origin: 'http://relay.test' })).status).toBe(201);
    expect((await h.post('/v1/sessions', {})).status).toBe(201);
  });

  it('allows any origin when configured with *', async () => {
    h = await startHarness({ env: { RELAY_ALLOWED_ORIGINS: '*' } });
    const res = await h.post('/v1/sessions', {}, { origin: 'https://anywhere.example' });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
  });
});

describe('rate limits', () => {
  it('limits sessions per IP with 429 RATE_LIMITED and a Retry-After the widget can read', async () => {
    h = await startHarness({ env: { RELAY_RATE_SESSIONS_PER_MIN: '2' } });
    expect((await h.post('/v1/sessions', {})).status).toBe(201);
    expect((await h.post('/v1/sessions', {})).status).toBe(201);
    const res = await h.post('/v1/sessions', {}, { origin: TEST_ORIGIN });
    expect(res.status).toBe(429);
    expect((await res.json()).error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
  });

  it('limits each visitor on its own, so one busy visitor does not block another', async () => {
    h = await startHarness({ env: { RELAY_RATE_VISITOR_PER_MIN: '3' } });
    const a = await h.session();
    const b = await h.session();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.sendMessage(a.token, { id: `m${i}`, text: 'hi' })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect((await h.sendMessage(b.token, { id: 'm0', text: 'hi' })).status).toBe(202);
  });

  it('limits all /v1 requests per IP', async () => {
    h = await startHarness({ env: { RELAY_RATE_IP_PER_MIN: '3' } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${h.url}/v1/messages`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('the rate limiter', () => {
  it('opens a new window once the old one has passed', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => now });
    expect(limiter.hit('k')).toBe(0);
    expect(limiter.hit('k')).toBe(60);
    now = 30_000;
    expect(limiter.hit('k')).toBe(30);
    now = 60_000;
    expect(limiter.hit('k')).toBe(0);
  });

  it('keeps memory bounded: sweeps expired windows and caps the number of keys', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 5, windowMs: 1000, maxKeys: 100, now: () => now });
    for (let i = 0; i < 1000; i++) limiter.hit(`ip-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    now = 1000;
    limiter.sweep();
    expect(limiter.size).toBe(0);
  });

  it('sweeps expired windows on its own timer once started', () => {
    vi.useFakeTimers();
    try {
      const limiter = createRateLimiter({ limit: 5, windowMs: 1000, now: () => Date.now() });
      limiter.hit('a');
      limiter.start();
      vi.advanceTimersByTime(2000);
      expect(limiter.size).toBe(0);
      limiter.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
