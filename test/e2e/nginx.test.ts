// The deployment of README "Running several relays", end to end: deploy/nginx.conf (only ports,
// addresses, certificate and log path replaced) over TLS in front of two relay processes that
// run with deploy/kit-chat.service's settings, sharing a Redis (the test's own) and an S3 bucket
// (s3rver on loopback). Chromium talks only to nginx: a conversation works, a picture uploaded
// through one relay is served by either, a client cannot pick its own address with
// X-Forwarded-For, and when the relay holding the visitor's event stream is killed the widget
// reconnects through nginx to the other one without missing a reply sent meanwhile.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createKitSimulator, type KitSimulator } from '../../demo/kit-simulator/simulator';
import { startDemoSite, type DemoSite } from '../../demo/site/server';
import { spawnRelay, type RelayProcess } from '../chaos/spawn-relay';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { attachFiles, drafts, kitReceived, log, openWidget, sendMessage, visit } from '../helpers/e2e-widget';
import { deriveSiteConfig, nginxAvailable, selfSignedCertificate, startNginxOnFreePorts } from '../helpers/nginx';
import { png } from '../helpers/png';
import { ownRedis, redisServerOrSkip, type OwnRedis } from '../helpers/redis-server';
import { startS3, type TestS3 } from '../helpers/s3';
import { TEST_SECRETS } from '../helpers/test-config';

const UNIT = fileURLToPath(new URL('../../deploy/kit-chat.service', import.meta.url));
const KIT = { account: 'nginx-shop', apiToken: TEST_SECRETS.KIT_API_TOKEN, channelUuid: '5b0c2f9e-1d7a-4c3b-9e8f-2a6d4c1b3e5f', salt: TEST_SECRETS.KIT_CALLBACK_SALT };
const SESSIONS_PER_MIN = 5;

/** The Environment= settings of the systemd unit, as a relay started by it gets them. */
function unitEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, name, value] of readFileSync(UNIT, 'utf8').matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)) env[name!] = value!;
  return env;
}

const ready = browserAvailable() && nginxAvailable() && redisServerOrSkip('the nginx deployment test');

describe.skipIf(!ready)('two relays behind nginx (deploy/nginx.conf, deploy/kit-chat.service)', () => {
  let redis: OwnRedis;
  let s3: TestS3;
  let sim: KitSimulator;
  let site: DemoSite;
  let nginx: Awaited<ReturnType<typeof startNginxOnFreePorts>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let front = '';
  const relays: RelayProcess[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'nginx-e2e-'));

  beforeAll(async () => {
    [redis, s3, sim, site, browser] = await Promise.all([
      ownRedis(),
      startS3(),
      createKitSimulator({ ...KIT, echoBot: false, callbackRetry: { attempts: 10, baseDelayMs: 100, timeoutMs: 2_000 } }),
      startDemoSite({}),
      launchBrowser(),
    ]);
    // nginx first, so the relays can be told the public URL on the ports it holds; they join it by a reload.
    const cert = selfSignedCertificate(scratch);
    const siteFor = (relayHosts: string[]) => (ports: { httpPort: number; httpsPort: number }) =>
      deriveSiteConfig({ relays: relayHosts, ...ports, ...cert, logDir: scratch });
    nginx = await startNginxOnFreePorts(siteFor(['127.0.0.1:9', '127.0.0.1:9']));
    front = `https://127.0.0.1:${nginx.httpsPort}`;
    const unit = unitEnvironment();
    expect(unit.RELAY_TRUST_PROXY).toBe('1'); // the one proxy in front, as nginx.conf forwards it
    const env = {
      ...unit,
      // Only what a test machine needs differently: loopback, ephemeral ports, temp dirs.
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: '0',
      RELAY_PUBLIC_URL: front,
      RELAY_ALLOWED_ORIGINS: site.url,
      KIT_ACCOUNT: KIT.account,
      KIT_API_TOKEN: KIT.apiToken,
      KIT_CHANNEL_UUID: KIT.channelUuid,
      KIT_CALLBACK_SALT: KIT.salt,
      KIT_API_URL: sim.url,
      REDIS_URL: redis.url,
      RELAY_SECRET: TEST_SECRETS.RELAY_SECRET,
      ...s3.env,
      RELAY_RATE_SESSIONS_PER_MIN: String(SESSIONS_PER_MIN),
      RELAY_OUTBOX_BACKOFF_BASE_MS: '100',
      RELAY_OUTBOX_BACKOFF_MAX_MS: '1000',
      LOG_LEVEL: 'warn',
      TEST_WIDGET_DIR: inject('widgetDir'),
    };
    for (const name of ['a', 'b']) {
      relays.push(await spawnRelay({ ...env, RELAY_DATA_DIR: mkdtempSync(join(scratch, `relay-${name}-`)) }));
    }
    nginx.reload(siteFor(relays.map((r) => new URL(r.url).host))(nginx));
    await vi.waitFor(async () => expect(await statusThrough('/readyz')).toBe(200), { timeout: 20_000, interval: 100 });
    site.setRelayUrl(front);
    sim.setCallbackUrl(`${relays[1]!.url}/kit/callback`);
    context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await nginx?.stop();
    await Promise.allSettled(relays.map((r) => r.kill()));
    await Promise.allSettled([site?.close(), sim?.close(), s3?.close(), redis?.close()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The status of GET `path` through nginx (0 when it does not answer). */
  function statusThrough(path: string): Promise<number> {
    return new Promise((resolve) => {
      const req = request(`${front}${path}`, { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.end();
    });
  }

  /** Open event streams a relay holds, from its own /metrics. */
  async function openStreams(relay: RelayProcess): Promise<number> {
    const text = await (await fetch(`${relay.url}/metrics`)).text();
    return Number(/^relay_open_streams (\d+)/m.exec(text)?.[1] ?? NaN);
  }

  it('carries a conversation through nginx both ways', async () => {
    await visit(page, `${site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'Hello through the proxy');
    const clientId = await kitReceived(sim, 'Hello through the proxy');
    expect((await sim.reply(clientId, { text: 'Hello from behind nginx' })).delivered).toBe(true);
    await log(page).getByText('Hello from behind nginx', { exact: true }).waitFor();
    // nginx's own log format: the requests went through it, and no query string (a token) is kept.
    const access = readFileSync(join(scratch, 'access.log'), 'utf8');
    expect(access).toMatch(/"POST \/v1\/messages" 202/);
    expect(access).toMatch(/"GET \/widget\.js" 200/);
    expect(access).not.toContain('token=');
  });

  it('serves a picture uploaded through one relay from either relay', async () => {
    const picture = png(40, 30, [30, 140, 90]);
    await attachFiles(page, [{ name: 'receipt.png', mimeType: 'image/png', buffer: picture }]);
    await drafts(page).locator('.kc-draft--done').getByText('receipt.png').waitFor();
    await sendMessage(page, 'Here is the receipt');
    const clientId = await kitReceived(sim, 'Here is the receipt');
    const item = sim.conversation(clientId)!.messages.find((m) => m.text === 'Here is the receipt')!.payload[0]!;
    const fileUrl = 'file_url' in item ? (item.file_url ?? '') : '';
    expect(fileUrl.startsWith(`${front}/files/`)).toBe(true);
    // Whichever relay took the upload, both serve it: the bytes live in the shared bucket.
    for (const relay of relays) {
      const served = await fetch(`${relay.url}${new URL(fileUrl).pathname}`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(picture)).toBe(true);
    }
    expect((await s3.keys()).some((key) => fileUrl.includes(key.replace('files/', '')))).toBe(true);
    const shown = log(page).locator('.kc-msg--mine img').first();
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 5000 }).toBe(true);
  });

  it('counts new visitors by the address nginx saw, whatever X-Forwarded-For a client sends', async () => {
    /** POST /v1/sessions through nginx from a given loopback address, with a forged header. */
    const session = (from: string, forged: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${front}/v1/sessions`, {
          method: 'POST', localAddress: from, rejectUnauthorized: false,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forged, origin: site.url },
        }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
    const statuses: number[] = [];
    for (let i = 0; i <= SESSIONS_PER_MIN; i++) statuses.push(await session('127.0.0.2', `203.0.113.${i + 1}`));
    // Five new visitors a minute per address across both relays, forged addresses or not.
    expect(statuses).toEqual([...Array<number>(SESSIONS_PER_MIN).fill(201), 429]);
    expect(await session('127.0.0.3', '203.0.113.1')).toBe(201);
  });

  it('reconnects the widget through nginx to the other relay when the one holding its stream is killed, missing no reply', async () => {
    const clientId = sim.conversations().at(-1)!.clientId;
    await expect.poll(async () => (await openStreams(relays[0]!)) + (await openStreams(relays[1]!)), { timeout: 5000 }).toBe(1);
    const holder = (await openStreams(relays[0]!)) === 1 ? 0 : 1;
    const [victim, survivor] = [relays[holder]!, relays[1 - holder]!];
    sim.setCallbackUrl(`${survivor.url}/kit/callback`);

    const killedAt = Date.now();
    await victim.kill();
    // Replies while the widget has no stream: stored on the survivor, to be replayed.
    const meanwhile = ['Reply one while you were away', 'Reply two while you were away', 'Reply three while you were away'];
    for (const text of meanwhile) expect((await sim.reply(clientId, { text })).delivered).toBe(true);
    expect(await openStreams(survivor)).toBe(0); // they really were sent while the widget had no stream
    await expect.poll(() => openStreams(survivor), { timeout: 30_000, interval: 50 }).toBe(1);
    const reconnectMs = Date.now() - killedAt;
    const after = 'Reply after the reconnect';
    expect((await sim.reply(clientId, { text: after })).delivered).toBe(true);

    const replies = [...meanwhile, after];
    await log(page).getByText(after, { exact: true }).waitFor({ timeout: 10_000 });
    const shown = await log(page).innerText();
    const missed = replies.filter((text) => !shown.includes(text));
    console.log(`[e2e] relay holding the stream killed: widget reconnected through nginx in ${reconnectMs} ms; replies sent meanwhile ${meanwhile.length}, after ${replies.length - meanwhile.length}, missed ${missed.length}`);
    expect(missed).toEqual([]);
    // Each reply once, in the order sent.
    const order = replies.map((text) => shown.indexOf(text));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(replies.every((text) => shown.split(text).length === 2)).toBe(true);
  });
});
