// Starts createApp over real HTTP with the real SQLite store in a temp dir (or a store given), a fake outbox
// (a kick spy), a settable Kit status and a log captured in memory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { createApp, type RelayApp } from '../../../relay/app';
import type { Env, TrustProxy } from '../../../relay/config';
import type { KitStatus } from '../../../relay/http/ops';
import { signCallback } from '../../../relay/webhook/signature';
import { createMetrics } from '../../../relay/metrics';
import { buildKitEvent } from '../../../relay/outbox/kit-event';
import { createSqliteStore } from '../../../relay/store/sqlite';
import type { Store } from '../../../relay/store/types';
import { captureLogger, listen } from '../../helpers/http';
import { TEST_ORIGIN, testConfig } from '../../helpers/test-config';

export const WIDGET_JS = 'console.log("kit chat widget");\n';

export interface HarnessOptions {
  env?: Env;
  now?: () => number;
  trustProxy?: TrustProxy;
  /** Another store (Redis) in place of SQLite; closed with the harness. */
  store?: Store;
  /** Wraps the store before the app gets it (fault injection). */
  wrapStore?: (store: Store) => Store;
}

export async function startHarness(options: HarnessOptions = {}) {
  const config = testConfig(options.env);
  const store = options.store ?? createSqliteStore({ path: join(config.dataDir, 'relay.db') });
  const metrics = createMetrics();
  const logs = captureLogger();
  const outbox = { kick: vi.fn() };
  const kit: { status: KitStatus } = { status: { loggedIn: true } };
  const widgetDir = mkdtempSync(join(tmpdir(), 'relay-widget-'));
  writeFileSync(join(widgetDir, 'widget.js'), WIDGET_JS);
  mkdirSync(join(widgetDir, 'chunks'));
  writeFileSync(join(widgetDir, 'chunks', 'panel-3f2a1b.js'), 'export const panel = 1;\n');
  writeFileSync(join(widgetDir, 'kit-chat.d.ts'), 'export interface KitChatApi {}\n');

  const app: RelayApp = createApp(config, {
    store: options.wrapStore ? options.wrapStore(store) : store,
    log: logs.log,
    metrics,
    kitStatus: () => kit.status,
    outbox,
    buildKitEvent,
    widgetDir,
    ...(options.now ? { now: options.now } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  const server = await listen(app);
  const url = server.url;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  /** Starts a visitor and returns its id and token. */
  async function session(body: unknown = {}): Promise<{ visitorId: string; token: string }> {
    const res = await post('/v1/sessions', body, { origin: TEST_ORIGIN });
    if (res.status !== 201) throw new Error(`session: ${res.status}`);
    return (await res.json()) as { visitorId: string; token: string };
  }

  const sendMessage = (token: string, body: unknown) => post('/v1/messages', body, { authorization: `Bearer ${token}` });

  /** Posts a Kit callback signed the way Kit documents it (docs/kit-api.md §4.2). */
  function callback(event: Record<string, unknown>, authorization?: string | null) {
    const signature = signCallback(config.kit.callbackSalt, config.kit.signatureToken, String(event.event_id));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== null) headers.authorization = authorization ?? signature;
    return fetch(`${url}/kit/callback`, { method: 'POST', headers, body: JSON.stringify(event) });
  }

  return {
    config, store, metrics, logs, outbox, kit, app, url, widgetDir,
    post, session, sendMessage, callback,
    async close() {
      app.relay.stop();
      await server.close();
      app.relay.close();
      await store.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A Kit `send_message` callback for a visitor, shaped like test/fixtures/kit/callback-agent-message.json. */
export function agentMessage(visitorId: string, eventId: string, text = 'Hello from Anna', extra: Record<string, unknown> = {}) {
  return {
    client_data: { client_id: visitorId },
    event_id: eventId,
    event_type: 'send_message',
    event_data: {
      sender_data: { sender_id: 1042, sender_display_name: 'Anna Petrova', sender_avatar: 'https://kit-static.example.net/a.png', sender_type: 'agent', is_bot: false },
      message: { message_id: `m-${eventId}`, text, ...extra },
    },
  };
}
