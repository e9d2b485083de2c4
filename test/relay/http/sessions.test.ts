import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../app/harness';
import { TEST_ORIGIN } from '../../helpers/test-config';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';

describe('POST /v1/sessions', () => {
  it('starts a new visitor with a token, lastSeq 0 and the limits the widget must respect', async () => {
    const res = await h.post('/v1/sessions', {
      profile: { name: 'Ivan', email: 'ivan@example.com' },
      locale: 'ru-RU',
      page: { url: 'https://shop.example/cart', title: 'Cart', referrer: 'https://search.example/' },
      utm: { source: 'newsletter', campaign: 'spring' },
    }, { origin: TEST_ORIGIN, 'user-agent': IPHONE });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ lastSeq: 0, limits: { textMaxChars: h.config.limits.textMaxChars, uploadMaxBytes: h.config.limits.uploadMaxBytes } });
    expect(body.limits.uploadTypes).toContain('image/png');
    expect(body.visitorId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.token.startsWith(`v2.${body.visitorId}.0.`)).toBe(true);

    const visitor = await h.store.getVisitor(body.visitorId);
    expect(visitor).toMatchObject({
      profile: { name: 'Ivan', email: 'ivan@example.com' },
      locale: 'ru-RU',
      page: { url: 'https://shop.example/cart', title: 'Cart' },
      utm: { source: 'newsletter', campaign: 'spring' },
      device: { type: 'mobile', user_agent: IPHONE },
    });
  });

  it('starts a visitor with an empty body', async () => {
    const res = await fetch(`${h.url}/v1/sessions`, { method: 'POST' });
    expect(res.status).toBe(201);
  });

  it('resumes a visitor from its token with a fresh token, the current lastSeq and the profile updated', async () => {
    const first = await h.session({ profile: { name: 'Ivan' }, page: { url: 'https://shop.example/' } });
    await h.sendMessage(first.token, { id: 'm1', text: 'hello' });
    const res = await h.post('/v1/sessions', { profile: { email: 'ivan@example.com' }, page: { url: 'https://shop.example/checkout' } }, { authorization: `Bearer ${first.token}` });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.visitorId).toBe(first.visitorId);
    expect(body.lastSeq).toBe(1);
    expect(typeof body.token).toBe('string');
    const visitor = await h.store.getVisitor(first.visitorId);
    expect(visitor?.profile).toEqual({ name: 'Ivan', email: 'ivan@example.com' });
    expect(visitor?.page?.url).toBe('https://shop.example/checkout');
  });

  it.each([
    ['a forged signature', (t: string) => t.slice(0, -4) + (t.endsWith('AAAA') ? 'BBBB' : 'AAAA')],
    ['another visitor id under the same signature', (t: string) => t.replace(/^v2\.[^.]+/, 'v2.AAAAAAAAAAAAAAAAAAAAAA')],
    ['garbage', () => 'not-a-token'],
  ])('answers 401 UNAUTHORIZED for %s, so the widget starts over', async (_name, mangle) => {
    const { token } = await h.session();
    const res = await h.post('/v1/sessions', {}, { authorization: `Bearer ${mangle(token)}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
  });

  it('rejects unknown fields and over-long values with 400 INVALID_REQUEST', async () => {
    for (const body of [{ admin: true }, { profile: { name: 'x'.repeat(201) } }, { page: { url: 'x'.repeat(2049) } }, { profile: { email: 'e'.repeat(321) } }]) {
      const res = await h.post('/v1/sessions', body);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('INVALID_REQUEST');
    }
  });
});
