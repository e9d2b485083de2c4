// The whole product on ephemeral ports for browser tests: Kit simulator, relay (temp data dir,
// serving a given widget build) and the demo site, whose origin the relay allows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../relay/config';
import { startRelay, type RunningRelay } from '../../relay/main';
import { createKitSimulator, type KitSimulator, type KitSimulatorOptions } from '../../demo/kit-simulator/simulator';
import { startDemoSite, type DemoSite } from '../../demo/site/server';
import { startTestPages, type TestPages } from './e2e-pages';

const KIT = {
  account: 'e2e-shop',
  apiToken: 'e2e-api-token-3c9d1f7a',
  channelUuid: '7d3e1b2a-5c4f-4e8d-9a6b-1f2e3d4c5b6a',
  salt: 'e2e-salt-6a2f9c1e',
};

export interface E2eStack {
  sim: KitSimulator;
  relay: RunningRelay;
  site: DemoSite;
  /** Extra host pages on a second allowed origin. */
  pages: TestPages;
  close(): Promise<void>;
}

/** `env` adds relay variables (business hours, limits) to the stack's configuration. */
export async function startE2eStack(widgetDir: string, env: Record<string, string> = {}, simulator: Partial<KitSimulatorOptions> = {}): Promise<E2eStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kitchat-e2e-data-'));
  const sim = await createKitSimulator({ ...KIT, echoBot: false, callbackRetry: { baseDelayMs: 100 }, ...simulator });
  const site = await startDemoSite({});
  let relayUrl = '';
  const pages = await startTestPages(() => relayUrl);
  const config = loadConfig({
    KIT_ACCOUNT: KIT.account,
    KIT_API_TOKEN: KIT.apiToken,
    KIT_CHANNEL_UUID: KIT.channelUuid,
    KIT_CALLBACK_SALT: KIT.salt,
    KIT_API_URL: sim.url,
    RELAY_HOST: '127.0.0.1',
    RELAY_PORT: '0',
    RELAY_DATA_DIR: dataDir,
    RELAY_ALLOWED_ORIGINS: `${site.url},${pages.url}`,
    RELAY_OUTBOX_BACKOFF_BASE_MS: '100',
    RELAY_OUTBOX_BACKOFF_MAX_MS: '1000',
    LOG_LEVEL: 'silent',
    ...env,
    // Operators' files come from the simulator, on this machine (and from any host a test adds).
    RELAY_MEDIA_ALLOWED_HOSTS: [new URL(sim.url).host, env.RELAY_MEDIA_ALLOWED_HOSTS].filter(Boolean).join(','),
  });
  const relay = await startRelay(config, { widgetDir });
  sim.setCallbackUrl(`${relay.url}/kit/callback`);
  site.setRelayUrl(relay.url);
  relayUrl = relay.url;
  return {
    sim,
    relay,
    site,
    pages,
    async close() {
      await Promise.allSettled([site.close(), pages.close(), relay.close()]);
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
