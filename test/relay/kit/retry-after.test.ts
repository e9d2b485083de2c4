// Reading Kit's answers: Retry-After in both of its forms, and HTTP 200 {success:false}
// classified by Kit's own code as an HTTP status would be (docs/kit-api.md §2.5).
import { describe, expect, it } from 'vitest';
import { classify, retryAfterMs } from '../../../relay/kit/http';

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates, and ignores what is neither', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-5', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('travels on the error of a 429', () => {
    expect(classify('send', 429, undefined, 2_000)).toMatchObject({ code: 'KIT_RATE_LIMITED', transient: true, retryAfterMs: 2_000 });
  });
});

describe('HTTP 200 with success:false', () => {
  const soft = (code?: number) => ({ success: false, result: { error: 'Event not accepted', ...(code === undefined ? {} : { code }) } });
  it.each([
    [503, 'KIT_UNAVAILABLE', true],
    [500, 'KIT_UNAVAILABLE', true],
    [429, 'KIT_RATE_LIMITED', true],
    [408, 'KIT_TIMEOUT', true],
    [401, 'KIT_AUTH_FAILED', true],
    [418, 'KIT_REJECTED', false],
    [undefined, 'KIT_REJECTED', false],
  ])('with Kit code %s is %s (transient: %s)', (code, expected, transient) => {
    expect(classify('send', 200, soft(code))).toMatchObject({ code: expected, transient, status: 200 });
  });
});
