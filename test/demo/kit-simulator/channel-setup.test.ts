// Saving the channel's Callback URL in the simulator, as in Kit: the test request (docs/kit-api.md §5,
// GET signed MD5("salt:token") with no event id) and, for showing a relay checking the wrong
// token, callbacks signed with another token than the API token.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKitSimulator, type KitSimulator } from '../../../demo/kit-simulator/simulator';
import { CREDS, jwtFor, send, sendEvent, startReceiver, type Receiver } from './helpers';

let sim: KitSimulator;
let receiver: Receiver;
const md5 = (value: string) => createHash('md5').update(value).digest('hex');

beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await sim?.close();
  await receiver.close();
});

describe('the Callback URL', () => {
  it('gets Kit\'s test request when it is set, signed MD5("salt:apiToken")', async () => {
    sim = await createKitSimulator({ ...CREDS });
    const outcome = await sim.setCallbackUrl(receiver.url);
    expect(outcome).toMatchObject({ url: receiver.url, status: 200, at: expect.any(String) });
    expect(receiver.testRequests).toHaveLength(1);
    expect(receiver.testRequests[0]!.authorization).toBe(md5(`${CREDS.salt}:${CREDS.apiToken}`));
    expect(sim.lastTestRequest()).toEqual(outcome);
    const state = await (await fetch(`${sim.url}/admin/state`)).json();
    expect(state.testRequest).toEqual(outcome);
    expect(receiver.received).toEqual([]); // a test request is no callback
  });

  it('records a test request nobody answered, and blocks nothing: callbacks still go once a receiver is there', async () => {
    sim = await createKitSimulator({ ...CREDS, callbackRetry: { attempts: 2, baseDelayMs: 5 } });
    const closed = await startReceiver();
    await closed.close(); // a port nothing listens on any more
    const down = await sim.setCallbackUrl(closed.url);
    expect(down).toMatchObject({ error: 'ECONNREFUSED' });
    expect(down!.status).toBeUndefined();
    await sim.setCallbackUrl(receiver.url);
    expect((await send(sim.url, await jwtFor(sim.url), sendEvent({ clientId: 'cust-1' }))).status).toBe(200);
    expect((await sim.reply('cust-1', { text: 'Hello' })).delivered).toBe(true);
  });

  it('is tested once when the simulator starts with one, as a channel saved with it', async () => {
    sim = await createKitSimulator({ ...CREDS, callbackUrl: receiver.url });
    await expect.poll(() => receiver.testRequests.length).toBe(1);
  });
});

describe('signing with another token', () => {
  it('signs callbacks and the test request with the other token until switched back, from the admin API', async () => {
    sim = await createKitSimulator({ ...CREDS, callbackUrl: receiver.url });
    expect((await send(sim.url, await jwtFor(sim.url), sendEvent({ clientId: 'cust-2' }))).status).toBe(200);
    const put = (token: string | null) =>
      fetch(`${sim.url}/admin/signing-token`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });

    expect(await (await put('other-token-77')).json()).toEqual({ signsWith: 'other-token' });
    const state = await (await fetch(`${sim.url}/admin/state`)).json();
    expect(state.signsWith).toBe('other-token');
    expect(JSON.stringify(state)).not.toContain('other-token-77');
    await sim.reply('cust-2', { text: 'One' });
    await sim.setCallbackUrl(receiver.url);
    expect(receiver.testRequests.at(-1)!.authorization).toBe(md5(`${CREDS.salt}:other-token-77`));

    expect(await (await put(null)).json()).toEqual({ signsWith: 'api-token' });
    await sim.reply('cust-2', { text: 'Two' });
    const [first, second] = receiver.received;
    expect(first!.headers.authorization).toBe(md5(`${CREDS.salt}:other-token-77:${first!.body.event_id}`));
    expect(second!.headers.authorization).toBe(md5(`${CREDS.salt}:${CREDS.apiToken}:${second!.body.event_id}`));
    expect((await put('')).status).toBe(400);
  });
});
