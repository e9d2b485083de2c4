// Kit's documented examples (test/fixtures/kit, docs/kit-api.md §2-§3) read by the code that
// meets them: the token answers by the relay, the send requests by the simulator's strict schema,
// and the inferred error shape by the classification.
import { describe, expect, it } from 'vitest';
import { validateIncomingEvent } from '../../../demo/kit-simulator/schema';
import { classify } from '../../../relay/kit/http';
import { tokensFrom } from '../../../relay/kit/tokens';
import UNAUTHORIZED from '../../fixtures/kit/error-unauthorized.json';
import LOGIN from '../../fixtures/kit/login-response.json';
import REFRESH from '../../fixtures/kit/refresh-response.json';
import SEND_IMAGE from '../../fixtures/kit/send-message-with-image-request.json';
import SEND from '../../fixtures/kit/send-message-request.json';

describe("Kit's documented examples", () => {
  it('turns the login answer into a token pair that lives as long as its JWT says', () => {
    const tokens = tokensFrom(LOGIN.result, 1_000_000);
    expect(tokens.accessToken).toBe(LOGIN.result.access_token);
    expect(tokens.refreshToken).toBe(LOGIN.result.refresh_token);
    // The example JWT carries iat 1717406100 and exp 1717407000: fifteen minutes.
    expect(tokens.accessExpiresAt).toBe(1_000_000 + 15 * 60_000);
    expect(tokens.refreshExpiresAt).toBe(1_000_000 + 24 * 60 * 60_000);
  });

  it('takes the rotated refresh token from the refresh answer', () => {
    const first = tokensFrom(LOGIN.result, 0);
    const renewed = tokensFrom(REFRESH.result, 60_000, first);
    expect(renewed.refreshToken).toBe(REFRESH.result.refresh_token);
    expect(renewed.refreshToken).not.toBe(first.refreshToken);
  });

  it.each([
    ['a text message', SEND],
    ['a message with a photo', SEND_IMAGE],
  ])('accepts %s as the simulator validates sends', (_name, body) => {
    expect(validateIncomingEvent(body)).toEqual({ ok: true, event: body });
  });

  it('classifies the error body for an expired JWT as an auth failure to renew, whatever the status', () => {
    expect(classify('send', 401, UNAUTHORIZED)).toMatchObject({ code: 'KIT_AUTH_FAILED', transient: true });
    expect(classify('send', 200, UNAUTHORIZED)).toMatchObject({ code: 'KIT_AUTH_FAILED', transient: true });
  });
});
