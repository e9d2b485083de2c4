// Kit auth lifecycle against a real local HTTP stand-in: login shape, refresh timing, the
// shared token cache, single-flight renewal, re-login and backoff.
import { afterEach, describe, expect, it } from 'vitest';
import { KitError } from '../../../relay/errors';
import { event, rejection, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const MIN = 60_000;

describe('Kit login', () => {
  it('logs in with domain and API token in the query and channel_uuid in a form body', async () => {
    h = await startHarness();
    const client = h.client();
    expect(client.status().loggedIn).toBe(false);
    await client.ensureLoggedIn();

    expect(h.kit.loginRequests).toHaveLength(1);
    const [req] = h.kit.loginRequests;
    expect(req!.query.get('domain')).toBe(h.kit.account);
    expect(req!.query.get('access_token')).toBe(h.kit.apiToken);
    expect(req!.contentType).toBe('application/x-www-form-urlencoded');
    expect(req!.body.get('channel_uuid')).toBe(h.kit.channelUuid);
    expect(client.status()).toEqual({ loggedIn: true, lastLoginAt: h.clock.t });
    expect(h.store.tokens?.accessExpiresAt).toBe(h.clock.t + 15 * MIN);
  });

  it('reuses a valid cached token pair after a restart instead of logging in again', async () => {
    h = await startHarness();
    await h.client().send(event('m1'));
    const restarted = h.client();
    await restarted.send(event('m2'));
    expect(h.kit.counts.login).toBe(1);
    expect(h.kit.delivered.get('m2')).toBe(1);
  });

  it('reports a failed login by code in status()', async () => {
    h = await startHarness();
    h.kit.fail('login', { status: 418 });
    const client = h.client();
    const err = await rejection(client.ensureLoggedIn());
    expect(err).toBeInstanceOf(KitError);
    expect(err.transient).toBe(true);
    expect(client.status()).toEqual({ loggedIn: false, lastError: 'KIT_AUTH_FAILED' });
  });
});

describe('Kit token refresh', () => {
  it('refreshes ahead of the expiry the JWT states in exp', async () => {
    h = await startHarness({ jwtLifetimeS: 600 });
    const client = h.client();
    await client.send(event('m1'));
    h.clock.advance(8 * MIN);
    await client.send(event('m2'));
    expect(h.kit.counts.refresh).toBe(0);

    h.clock.advance(90_000); // 30 s left of a 10-minute JWT: inside the 60 s margin
    await client.send(event('m3'));
    expect(h.kit.counts.refresh).toBe(1);
    expect(h.kit.counts.login).toBe(1);
    expect(h.store.tokens?.accessExpiresAt).toBe(h.clock.t + 10 * MIN);
  });

  it('assumes a 15-minute JWT when it carries no exp', async () => {
    h = await startHarness({ jwtLifetimeS: null });
    const client = h.client();
    await client.ensureLoggedIn();
    h.clock.advance(13 * MIN);
    await client.send(event('m1'));
    expect(h.kit.counts.refresh).toBe(0);

    h.clock.advance(MIN + 30_000);
    await client.send(event('m2'));
    expect(h.kit.counts.refresh).toBe(1);
  });

  it('shares one refresh among 50 sends made at the moment of expiry', async () => {
    h = await startHarness();
    const client = h.client();
    await client.ensureLoggedIn();
    h.clock.advance(15 * MIN);

    const ids = Array.from({ length: 50 }, (_, i) => `m${i}`);
    await Promise.all(ids.map((id) => client.send(event(id, `visitor-${id}`))));
    expect(h.kit.counts.refresh).toBe(1);
    expect(h.kit.counts.login).toBe(1);
    expect(h.store.locks).toBe(2); // one for the login, one shared by all 50 callers
    expect(ids.every((id) => h.kit.delivered.get(id) === 1)).toBe(true);
  });

  it('logs in again when Kit refuses the refresh token', async () => {
    h = await startHarness();
    const client = h.client();
    await client.ensureLoggedIn();
    h.kit.revokeRefreshTokens();
    h.clock.advance(15 * MIN);

    await client.send(event('m1'));
    expect(h.kit.counts.refresh).toBe(1);
    expect(h.kit.counts.login).toBe(2);
    expect(h.kit.delivered.get('m1')).toBe(1);
  });

  it('logs in without trying a refresh token older than 24 hours', async () => {
    h = await startHarness();
    const client = h.client();
    await client.ensureLoggedIn();
    h.clock.advance(24 * 60 * MIN);
    await client.send(event('m1'));
    expect(h.kit.counts.refresh).toBe(0);
    expect(h.kit.counts.login).toBe(2);
  });

  it('keeps using an unexpired JWT while Kit cannot refresh it', async () => {
    h = await startHarness();
    const client = h.client();
    await client.ensureLoggedIn();
    h.kit.fail('refresh', { status: 503 });
    h.clock.advance(15 * MIN - 30_000);

    await client.send(event('m1'));
    await client.send(event('m2'));
    expect(h.kit.counts.refresh).toBe(1); // the second send waits for the backoff
    expect(h.kit.delivered.get('m2')).toBe(1);
    expect(client.status()).toMatchObject({ loggedIn: true, lastError: 'KIT_UNAVAILABLE' });
  });
});

describe('Kit login backoff', () => {
  it('backs off a failing login instead of hammering Kit', async () => {
    h = await startHarness();
    h.kit.fail('login', ...Array.from({ length: 100 }, () => ({ status: 503 })));
    const client = h.client();
    // A caller asking every second for ten minutes.
    for (let s = 0; s < 600; s += 1) {
      await client.ensureLoggedIn().catch(() => undefined);
      h.clock.advance(1000);
    }
    expect(h.kit.counts.login).toBeGreaterThanOrEqual(4);
    expect(h.kit.counts.login).toBeLessThanOrEqual(15);
    expect(client.status()).toMatchObject({ loggedIn: false, lastError: 'KIT_UNAVAILABLE' });
  });

  it('fails concurrent callers fast during a backoff, then recovers', async () => {
    h = await startHarness();
    h.kit.fail('login', { status: 503 });
    const client = h.client();
    await rejection(client.ensureLoggedIn());

    const errors = await Promise.all(Array.from({ length: 20 }, (_, i) => rejection(client.send(event(`m${i}`)))));
    expect(errors.every((e) => e instanceof KitError && e.transient && e.code === 'KIT_AUTH_FAILED')).toBe(true);
    expect(h.kit.counts.login).toBe(1);
    expect(h.kit.counts.send).toBe(0);

    h.clock.advance(5_000);
    await client.send(event('later'));
    expect(h.kit.counts.login).toBe(2);
    expect(client.status().lastError).toBeUndefined();
  });
});
