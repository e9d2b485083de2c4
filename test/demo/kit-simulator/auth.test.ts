// Login, refresh and JWT checks of the Kit simulator (docs/kit-api.md §2).
import { afterEach, describe, expect, it } from 'vitest';
import { createKitSimulator, type KitSimulator } from '../../../demo/kit-simulator/simulator';
import { CREDS, login, refresh, send, sendEvent } from './helpers';

let sim: KitSimulator;
let clock = 1_717_406_100_000;

afterEach(async () => {
  await sim?.close();
});

async function start(extra: Partial<Parameters<typeof createKitSimulator>[0]> = {}) {
  sim = await createKitSimulator({ ...CREDS, now: () => clock, ...extra });
  return sim;
}

describe('login', () => {
  it('issues a JWT with iat and exp claims and a refresh token for the right credentials', async () => {
    await start();
    const { status, body } = await login(sim.url);
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    const [header, payload, signature] = (body.result.access_token as string).split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims.iat).toBe(Math.floor(clock / 1000));
    expect(claims.exp).toBe(Math.floor(clock / 1000) + 15 * 60);
    expect(signature).toMatch(/^[\w-]{20,}$/);
    expect(body.result.refresh_token).toMatch(/^[0-9a-f]{64}$/);
    expect(sim.stats().logins).toBe(1);
  });

  it.each([
    ['account', { domain: 'other-shop' }, 'Unauthorized: unknown account (domain)'],
    ['API token', { token: 'wrong-token' }, 'Unauthorized: invalid access_token'],
    ['channel uuid', { channel: '00000000-0000-0000-0000-000000000000' }, 'Unauthorized: unknown channel_uuid'],
  ])('answers 401 with the ErrorType shape for a wrong %s, saying which part it refused', async (_what, creds, error) => {
    await start();
    const { status, body } = await login(sim.url, creds);
    expect(status).toBe(401);
    expect(body).toEqual({ success: false, result: { error, code: 401 } });
    expect(sim.stats()).toMatchObject({ logins: 0, loginFailures: 1 });
  });

  it('also accepts channel_uuid in a JSON body', async () => {
    await start();
    const query = new URLSearchParams({ domain: CREDS.account, access_token: CREDS.apiToken });
    const response = await fetch(`${sim.url}/api/v3/botService/login?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel_uuid: CREDS.channelUuid }),
    });
    expect(response.status).toBe(200);
  });

  it('fails every login with the injected status until cleared', async () => {
    await start();
    sim.faults.set({ loginStatus: 503 });
    expect((await login(sim.url)).status).toBe(503);
    sim.faults.clear();
    expect((await login(sim.url)).status).toBe(200);
  });
});

describe('refresh', () => {
  it('rotates the pair and refuses the old refresh token afterwards', async () => {
    await start();
    const first = (await login(sim.url)).body.result;
    const second = await refresh(sim.url, first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.result.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.result.access_token).not.toBe(first.access_token);
    expect((await send(sim.url, second.body.result.access_token, sendEvent())).status).toBe(200);

    const replay = await refresh(sim.url, first.refresh_token);
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual({ success: false, result: { error: 'Unauthorized', code: 401 } });
    expect(sim.stats()).toMatchObject({ refreshes: 1, refreshFailures: 1 });
  });

  it('refuses unknown and expired refresh tokens', async () => {
    await start({ refreshTtlMs: 60_000 });
    expect((await refresh(sim.url, 'f'.repeat(64))).status).toBe(401);
    const { refresh_token } = (await login(sim.url)).body.result;
    clock += 60_001;
    expect((await refresh(sim.url, refresh_token)).status).toBe(401);
  });

  it('refuses valid refresh tokens while refuseRefresh is on, so the client must log in again', async () => {
    await start();
    const { refresh_token } = (await login(sim.url)).body.result;
    sim.faults.set({ refuseRefresh: true });
    expect((await refresh(sim.url, refresh_token)).status).toBe(401);
    expect((await login(sim.url)).status).toBe(200);
  });
});

describe('JWT on sends', () => {
  it('answers 401 once the JWT has expired', async () => {
    await start({ accessTtlMs: 1_000 });
    const jwt = (await login(sim.url)).body.result.access_token;
    expect((await send(sim.url, jwt, sendEvent())).status).toBe(200);
    clock += 1_001;
    const { status, body } = await send(sim.url, jwt, sendEvent());
    expect(status).toBe(401);
    expect(body).toEqual({ success: false, result: { error: 'Unauthorized', code: 401 } });
  });

  it('answers 401 without a JWT, with a forged one, and after expireTokensNow', async () => {
    await start();
    const jwt = (await login(sim.url)).body.result.access_token as string;
    expect((await send(sim.url, undefined, sendEvent())).status).toBe(401);
    const [header, payload] = jwt.split('.');
    expect((await send(sim.url, `${header}.${payload}.forged`, sendEvent())).status).toBe(401);
    sim.faults.expireTokensNow();
    expect((await send(sim.url, jwt, sendEvent())).status).toBe(401);
    expect(sim.stats().sends).toBe(0);
  });
});
