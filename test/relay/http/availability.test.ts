// Business hours on the wire: GET /v1/availability (no token, cacheable for a minute, the
// allowed origins only) and the same availability in every session answer.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../app/harness';
import { TEST_ORIGIN } from '../../helpers/test-config';

let h: Harness | undefined;
afterEach(() => h?.close());

// Wednesday 2026-01-07, 20:00 in Berlin (19:00Z): after hours.
const WEDNESDAY_EVENING = Date.parse('2026-01-07T19:00:00Z');
const HOURS = { RELAY_HOURS: 'Mon-Fri 09:00-18:00', RELAY_TIMEZONE: 'Europe/Berlin', RELAY_HOLIDAYS: '2026-01-08' };

describe('GET /v1/availability', () => {
  it('answers without a token, for a minute of caching, when the team is back', async () => {
    h = await startHarness({ env: HOURS, now: () => WEDNESDAY_EVENING });
    const res = await fetch(`${h.url}/v1/availability`, { headers: { origin: TEST_ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(res.headers.get('vary')).toMatch(/Origin/);
    // Thursday is a holiday: back on Friday at 09:00 Berlin time.
    expect(await res.json()).toEqual({ online: false, opensAt: '2026-01-09T08:00:00.000Z' });
  });

  it('is always online without hours', async () => {
    h = await startHarness({ now: () => WEDNESDAY_EVENING });
    expect(await (await fetch(`${h.url}/v1/availability`)).json()).toEqual({ online: true });
  });

  it('answers only the allowed origins', async () => {
    h = await startHarness({ env: HOURS });
    const res = await fetch(`${h.url}/v1/availability`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('availability in the session answer', () => {
  it('comes with a new visitor and with a resumed one, following the clock', async () => {
    let now = WEDNESDAY_EVENING;
    h = await startHarness({ env: HOURS, now: () => now });
    const started = await (await h.post('/v1/sessions', {}, { origin: TEST_ORIGIN })).json();
    expect(started.availability).toEqual({ online: false, opensAt: '2026-01-09T08:00:00.000Z' });
    now = Date.parse('2026-01-09T08:30:00Z');
    const resumed = await (await h.post('/v1/sessions', {}, { authorization: `Bearer ${started.token}` })).json();
    expect(resumed.availability).toEqual({ online: true });
  });
});
