import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../relay/main';
import { loadConfig } from '../../../relay/config';
import { captureLogger, sseReader } from '../../helpers/http';
import { startKitStandIn, type KitStandIn } from '../../helpers/kit-stand-in';
import { testEnv } from '../../helpers/test-config';

let relay: RunningRelay | undefined;
let kit: KitStandIn | undefined;
afterEach(async () => {
  await relay?.close();
  await kit?.close();
  relay = kit = undefined;
});

async function start() {
  kit = await startKitStandIn();
  const config = loadConfig(testEnv({
    KIT_ACCOUNT: kit.account,
    KIT_API_TOKEN: kit.apiToken,
    KIT_CHANNEL_UUID: kit.channelUuid,
    KIT_API_URL: kit.url,
    RELAY_PORT: '0',
    RELAY_HOST: '127.0.0.1',
  }));
  const logs = captureLogger('info');
  relay = await startRelay(config, { log: logs.log });
  return { relay, kit, logs };
}

const json = (body: unknown, token?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

describe('startRelay', () => {
  it('listens, logs in to Kit in the background, and delivers a visitor message to Kit with its status on the stream', async () => {
    const { relay, kit, logs } = await start();
    expect(logs.text()).toContain('relay listening');
    await expect.poll(async () => (await fetch(`${relay.url}/readyz`)).status).toBe(200);

    const { token } = await (await fetch(`${relay.url}/v1/sessions`, json({ profile: { name: 'Ivan' } }))).json();
    const res = await fetch(`${relay.url}/v1/events?token=${encodeURIComponent(token)}`);
    const sse = sseReader(res);
    expect((await fetch(`${relay.url}/v1/messages`, json({ id: 'hello-1', text: 'Hello' }, token))).status).toBe(202);

    expect((await sse.nextData()).json).toMatchObject({ seq: 1, type: 'message', message: { id: 'hello-1', status: 'accepted' } });
    expect((await sse.nextData()).json).toEqual({ seq: 2, type: 'status', id: 'hello-1', status: 'delivered' });
    expect(kit.delivered.get('hello-1')).toBe(1);
    expect(relay.metrics.messagesOut.get({ outcome: 'delivered' })).toBe(1);
    await sse.cancel();
  });

  it('ends open event streams and stops listening on close', async () => {
    const { relay: running } = await start();
    const { token } = await (await fetch(`${running.url}/v1/sessions`, json({}))).json();
    const sse = sseReader(await fetch(`${running.url}/v1/events?token=${encodeURIComponent(token)}`));
    await sse.next();
    await running.close();
    await sse.ended();
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    relay = undefined;
  });
});
