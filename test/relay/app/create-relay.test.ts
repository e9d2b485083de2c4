// createRelay mounted in a site's own Express app under /support, next to the site's routes and
// behind the site's own JSON parser: the widget, sessions, the event stream, uploads and their
// file URLs for Kit, messages and Kit's callbacks all work under the prefix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createKitSimulator, type KitSimulator } from '../../../demo/kit-simulator/simulator';
import { loadConfig } from '../../../relay/config';
import { createRelay, type Relay } from '../../../relay/index';
import { captureLogger, listen, type Listening } from '../../helpers/http';
import { STACK_KIT } from '../../helpers/relay-stack';
import { TEST_ORIGIN, TEST_SECRETS, testEnv } from '../../helpers/test-config';
import { readUntil, startVisitor } from '../../integration/visitor';
import { PNG } from '../uploads/fixtures';

let sim: KitSimulator | undefined;
let site: Listening | undefined;
let relay: Relay | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await relay?.close();
  await site?.close();
  await sim?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  sim = site = relay = undefined;
});

async function mountedSite() {
  sim = await createKitSimulator({
    account: STACK_KIT.account,
    apiToken: TEST_SECRETS.KIT_API_TOKEN,
    channelUuid: STACK_KIT.channelUuid,
    salt: TEST_SECRETS.KIT_CALLBACK_SALT,
    callbackRetry: { attempts: 3, baseDelayMs: 50 },
  });
  const widgetDir = mkdtempSync(join(tmpdir(), 'mounted-widget-'));
  dirs.push(widgetDir);
  writeFileSync(join(widgetDir, 'widget.js'), 'console.log("widget");\n');

  const app = express();
  app.use(express.json()); // the site's own parser reads every JSON body first
  app.get('/', (_req, res) => void res.send('Shop home'));
  app.get('/api/cart', (_req, res) => void res.json({ items: 2 }));
  site = await listen(app);
  const env = testEnv({
    KIT_ACCOUNT: STACK_KIT.account,
    KIT_CHANNEL_UUID: STACK_KIT.channelUuid,
    KIT_API_URL: sim.url,
    RELAY_PUBLIC_URL: `${site.url}/support`,
    RELAY_ALLOWED_ORIGINS: TEST_ORIGIN,
  });
  dirs.push(env.RELAY_DATA_DIR!);
  const logs = captureLogger('info');
  relay = createRelay(loadConfig(env), { log: logs.log, widgetDir });
  app.use('/support', relay.handler);
  app.use((_req, res) => void res.status(404).send('Shop 404'));
  sim.setCallbackUrl(`${site.url}/support/kit/callback`);
  return { sim, site, relay, logs, base: `${site.url}/support` };
}

describe('createRelay mounted under /support', () => {
  it('carries a visitor message with an upload to Kit and the reply back, leaving the site\'s own routes alone', async () => {
    const { sim, site, relay, base } = await mountedSite();
    await relay.ready;

    expect(await (await fetch(`${site.url}/`)).text()).toBe('Shop home');
    expect(await (await fetch(`${site.url}/api/cart`)).json()).toEqual({ items: 2 });
    expect((await fetch(`${site.url}/v1/sessions`, { method: 'POST' })).status).toBe(404); // not at the root
    const widget = await fetch(`${base}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    await expect.poll(async () => (await fetch(`${base}/readyz`)).status).toBe(200);

    const visitor = await startVisitor(base, { profile: { name: 'Olga' } });
    const stream = await visitor.stream();
    const upload = await fetch(`${base}/v1/uploads?name=receipt.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(upload.status).toBe(201);
    const file = (await upload.json()) as { fileId: string; url: string };
    expect(file.url.startsWith(`${base}/files/${file.fileId}/`)).toBe(true);
    const served = await fetch(file.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const sent = await fetch(`${base}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'm-1', text: 'My receipt', attachments: [{ fileId: file.fileId }] }),
    });
    expect(sent.status).toBe(202);
    await readUntil(stream, (e) => e.type === 'status' && e.id === 'm-1' && e.status === 'delivered');
    const atKit = sim.conversation(visitor.visitorId)!.messages[0]!;
    expect(atKit.text).toBe('My receipt');
    expect(atKit.payload).toEqual([expect.objectContaining({ file_url: file.url })]);

    const reply = await sim.reply(visitor.visitorId, { text: 'Thanks, refund on its way' });
    expect(reply.delivered).toBe(true);
    const entries = await readUntil(stream, (e) => e.type === 'message' && e.message.from === 'agent');
    expect(entries.at(-1)).toMatchObject({ type: 'message', message: { id: reply.messageId, text: 'Thanks, refund on its way' } });
    await stream.cancel();

    expect(await (await fetch(`${site.url}/elsewhere`)).text()).toBe('Shop 404');
    expect((await (await fetch(`${base}/nope`)).json()).error.code).toBe('NOT_FOUND');
  });

  it('answers requests that arrive while the store is still opening', async () => {
    const { base } = await mountedSite();
    // No await on ready: the first request is on its way before the store has opened.
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 and says why in its log when the store cannot open', async () => {
    const app = express();
    site = await listen(app);
    const env = testEnv({ REDIS_URL: 'redis://127.0.0.1:1', RELAY_PUBLIC_URL: `${site.url}/support` });
    dirs.push(env.RELAY_DATA_DIR!);
    const logs = captureLogger('info');
    relay = createRelay(loadConfig(env), { log: logs.log });
    app.use('/support', relay.handler);
    await expect(relay.ready).rejects.toThrow();
    const res = await fetch(`${site.url}/support/v1/sessions`, { method: 'POST', headers: { origin: TEST_ORIGIN } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).error.code).toBe('UNAVAILABLE');
    expect(logs.text()).toContain('the relay could not open its store');
  });
});
