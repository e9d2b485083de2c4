// Sending events to Kit against a real local HTTP stand-in: the request shape, one renewal on an
// auth failure, how every failure maps to a KitError, and that no token ever reaches a log or an error.
import { afterEach, describe, expect, it } from 'vitest';
import { KitError } from '../../../relay/errors';
import UNAUTHORIZED from '../../fixtures/kit/error-unauthorized.json';
import { event, rejection, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Kit's ErrorType as docs/kit-api.md §2.5 infers it for an expired JWT. */
const unauthorizedFixture = UNAUTHORIZED;

describe('Kit send', () => {
  it('posts the event to the channel with the JWT as a bearer token', async () => {
    h = await startHarness();
    const sent = event('m1');
    await h.client().send(sent);
    expect(h.kit.events).toEqual([sent]);
    expect(h.calls.map((c) => c.op)).toEqual(['login', 'send']);
  });

  it('renews the JWT and retries once when Kit answers 401', async () => {
    h = await startHarness();
    const client = h.client();
    await client.ensureLoggedIn();
    h.kit.revokeAccessTokens();

    await client.send(event('m1'));
    expect(h.kit.counts.refresh).toBe(1);
    expect(h.kit.counts.send).toBe(2);
    expect(h.kit.delivered.get('m1')).toBe(1);
  });

  it('treats success:false with an auth error on HTTP 200 as an expired JWT', async () => {
    h = await startHarness();
    h.kit.fail('send', { status: 200, body: unauthorizedFixture });
    await h.client().send(event('m1'));
    expect(h.kit.counts.refresh).toBe(1);
    expect(h.kit.delivered.get('m1')).toBe(1);
  });

  it('retries only once: a second auth failure is a transient KIT_AUTH_FAILED', async () => {
    h = await startHarness();
    h.kit.fail('send', { status: 401 }, { status: 401 });
    const err = await rejection(h.client().send(event('m1')));
    expect(err).toMatchObject({ code: 'KIT_AUTH_FAILED', transient: true, status: 401 });
    expect(h.kit.counts.send).toBe(2);
  });

  it('treats success:false on HTTP 200 as a permanent rejection', async () => {
    h = await startHarness();
    h.kit.fail('send', { status: 200, body: { success: false, result: { error: 'Invalid client', code: 422 } } });
    const err = await rejection(h.client().send(event('m1')));
    expect(err).toMatchObject({ code: 'KIT_REJECTED', transient: false });
    expect(h.kit.delivered.size).toBe(0);
  });

  it.each([
    [503, 'KIT_UNAVAILABLE', true],
    [502, 'KIT_UNAVAILABLE', true],
    [429, 'KIT_RATE_LIMITED', true],
    [400, 'KIT_REJECTED', false],
    [418, 'KIT_REJECTED', false],
  ])('maps HTTP %i to %s (transient: %s)', async (status, code, transient) => {
    h = await startHarness();
    h.kit.fail('send', { status });
    const err = await rejection(h.client().send(event('m1')));
    expect(err).toBeInstanceOf(KitError);
    expect(err).toMatchObject({ code, transient, status });
    expect(h.calls.at(-1)).toEqual({ op: 'send', ok: false, code });
  });

  it('fails a slow answer with a transient KIT_TIMEOUT', async () => {
    h = await startHarness();
    const client = h.client({ timeoutMs: 150 });
    await client.ensureLoggedIn();
    h.kit.fail('send', { delayMs: 1000 });
    const err = await rejection(client.send(event('m1')));
    expect(err).toMatchObject({ code: 'KIT_TIMEOUT', transient: true });
  });

  it('fails a dropped connection with a transient KIT_UNAVAILABLE', async () => {
    h = await startHarness();
    h.kit.fail('send', { drop: true });
    const err = await rejection(h.client().send(event('m1')));
    expect(err).toMatchObject({ code: 'KIT_UNAVAILABLE', transient: true });
  });

  it('refuses to send once closed', async () => {
    h = await startHarness();
    const client = h.client();
    client.close();
    expect(await rejection(client.send(event('m1')))).toMatchObject({ code: 'KIT_CLOSED', transient: true });
    expect(h.kit.counts.login).toBe(0);
  });
});

describe('Kit secrets', () => {
  it('never puts the API token, a JWT or a refresh token in a log line or an error', async () => {
    h = await startHarness();
    const client = h.client({ timeoutMs: 150 });
    const errors: unknown[] = [];
    const attempt = (p: Promise<unknown>) => p.catch((e: unknown) => void errors.push(e));

    await client.ensureLoggedIn();
    h.kit.revokeAccessTokens();
    await client.send(event('m1')); // 401, refresh, retry
    h.kit.revokeRefreshTokens();
    h.kit.revokeAccessTokens();
    await client.send(event('m2')); // 401, refused refresh, login, retry
    h.kit.fail('send', { status: 401 }, { status: 401 }, { status: 503 }, { delayMs: 1000 }, { drop: true }, { status: 200, body: unauthorizedFixture });
    for (let i = 0; i < 5; i += 1) await attempt(client.send(event(`x${i}`)));
    h.kit.fail('refresh', { status: 400 });
    h.kit.fail('login', { status: 401 });
    h.kit.revokeAccessTokens();
    await attempt(client.send(event('y')));
    h.clock.advance(15 * 60_000);
    await attempt(client.send(event('z')));

    expect(errors.length).toBe(5);
    expect(h.logs.length).toBeGreaterThan(5);
    const secrets = [h.kit.apiToken, ...h.kit.issued];
    expect(secrets.length).toBeGreaterThan(6);
    const exposed = [
      ...h.logs,
      ...errors.map((e) => {
        const err = e as Error;
        return `${err.message} ${err.stack} ${JSON.stringify(err)} ${String(err.cause)}`;
      }),
    ].join('\n');
    for (const secret of secrets) expect(exposed).not.toContain(secret);
  });
});
