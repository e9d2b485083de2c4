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

  it('counts new visitors per address and resumes per visitor, so page loads behind one NAT are served', async () => {
    h = await startHarness();
    // An office behind one address: 10 people, 4 page loads each within the minute.
    const people = await Promise.all(Array.from({ length: 10 }, () => h!.session()));
    const resumes = [];
    for (let load = 0; load < 4; load++) {
      for (const person of people) resumes.push((await h.post('/v1/sessions', {}, { authorization: `Bearer ${person.token}` })).status);
    }
    expect(resumes.filter((s) => s !== 200)).toEqual([]);
    // New visitors from one address are still limited (30 a minute by default).
    const fresh = [];
    for (let i = 0; i < 21; i++) fresh.push((await h.post('/v1/sessions', {})).status);
    expect(fresh.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(fresh[20]).toBe(429);
  });

  it('limits resumes per visitor, whatever address they come from', async () => {
    h = await startHarness({ env: { RELAY_RATE_RESUMES_PER_MIN: '2' }, trustProxy: ['127.0.0.1'] });
    const a = await h.session();
    const b = await h.session();
    const resume = (token: string, address: string) => h!.post('/v1/sessions', {}, { authorization: `Bearer ${token}`, 'x-forwarded-for': address });
    expect((await resume(a.token, '198.51.100.1')).status).toBe(200);
    expect((await resume(a.token, '198.51.100.2')).status).toBe(200);
    expect((await resume(a.token, '198.51.100.3')).status).toBe(429);
    expect((await resume(b.token, '198.51.100.3')).status).toBe(200);
  });

  it('counts IPv6 addresses by their /64, so hopping between addresses in it gains nothing', async () => {
    h = await startHarness({ env: { RELAY_RATE_SESSIONS_PER_MIN: '2' }, trustProxy: ['127.0.0.1'] });
    const from = (address: string) => h!.post('/v1/sessions', {}, { 'x-forwarded-for': address });
    expect((await from('2001:db8:5:6::1')).status).toBe(201);
    expect((await from('2001:db8:5:6:ffff:1:2:3')).status).toBe(201);
    expect((await from('2001:0db8:0005:0006::9')).status).toBe(429);
    expect((await from('2001:db8:5:7::1')).status).toBe(201);
  });

  it('behind one proxy, counts the address the proxy saw, whatever X-Forwarded-For the client wrote', async () => {
    h = await startHarness({ env: { RELAY_RATE_SESSIONS_PER_MIN: '30' }, trustProxy: 1 });
    const statuses = [];
    for (let i = 0; i < 40; i++) {
      // The client's own header comes first; the proxy appends the address it saw.
      statuses.push((await h.post('/v1/sessions', {}, { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.50` })).status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
  });

  it('limits all /v1 requests per IP', async () => {
    h = await startHarness({ env: { RELAY_RATE_IP_PER_MIN: '3' } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${h.url}/v1/messages`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('the rate limiter', () => {
  it('opens a new window once the old one has passed', async () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => now });
    expect(await limiter.hit('k')).toBe(0);
    expect(await limiter.peek('k')).toBe(60);
    expect(await limiter.hit('k')).toBe(60);
    now = 30_000;
    expect(await limiter.hit('k')).toBe(30);
    now = 60_000;
    expect(await limiter.peek('k')).toBe(0);
    expect(await limiter.hit('k')).toBe(0);
  });

  it('peeks without counting', async () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) expect(await limiter.peek('k')).toBe(0);
    expect([await limiter.hit('k'), await limiter.hit('k')]).toEqual([0, 0]);
    expect(await limiter.peek('k')).toBeGreaterThan(0);
  });

  it('keeps memory bounded: sweeps expired windows and caps the number of keys', async () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 5, windowMs: 1000, maxKeys: 100, now: () => now });
    for (let i = 0; i < 1000; i++) await limiter.hit(`ip-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    now = 1000;
    limiter.sweep();
    expect(limiter.size).toBe(0);
  });

  it('keeps a busy key limited while a flood of new keys fills the table', async () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, maxKeys: 100 });
    await limiter.hit('busy');
    await limiter.hit('busy');
    // A flood of fresh keys (spoofed or rotating addresses) passes the cap many times over;
    // the busy key keeps hitting, so it is never the least recently used one.
    const answers: number[] = [];
    for (let i = 0; i < 1000; i++) {
      await limiter.hit(`flood-${i}`);
      if (i % 50 === 0) answers.push(await limiter.hit('busy'));
    }
    expect(answers.filter((a) => a === 0)).toEqual([]);
    expect(limiter.size).toBe(100);
  });

  it('sweeps expired windows on its own timer once started', async () => {
    vi.useFakeTimers();
    try {
      const limiter = createRateLimiter({ limit: 5, windowMs: 1000, now: () => Date.now() });
      await limiter.hit('a');
      limiter.start();
      vi.advanceTimersByTime(2000);
      expect(limiter.size).toBe(0);
      limiter.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
