// The modes of `npm run bench`: how one message is sent straight to Kit, through the bare
// forwarder, or through a relay started in its own process, and how each is torn down.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { buildKitEvent } from '../relay/outbox/kit-event';
import type { VisitorRecord } from '../relay/store/types';
import { clock, startChild, type Child } from './children';
import { httpClient, type HttpClient } from './load';

export const VISITORS = 50;
const TEXT = 'Hello, I would like to know whether the blue jacket in size M is still in stock.';

export interface KitReady {
  url: string;
  account: string;
  apiToken: string;
  channelUuid: string;
  jwt: string;
}

export interface Sample {
  /** When the request started, absolute ms. */
  sent: number;
  /** When the answer (200 from Kit, 202 from the relay) arrived. */
  answered: number;
}

export interface Mode {
  name: string;
  /** Sends one message with this id; resolves with its timing. */
  send(visitor: number, id: string): Promise<Sample>;
  /** The process between the load and Kit (forwarder or relay), if any: its CPU is measured. */
  server?: Child<{ url: string }>;
  /** The same process when it is a relay: `--profile` records it. */
  relay?: Child<{ url: string }>;
  client: HttpClient;
  cleanup?(): Promise<void>;
}

const visitorRecord = (visitorId: string): VisitorRecord => ({
  visitorId,
  profile: { name: 'Bench Visitor', email: 'bench@example.com' },
  page: { url: 'https://shop.example/product/42', title: 'Blue jacket' },
  device: { type: 'desktop', user_agent: 'bench' },
  createdAt: Date.now(),
  updatedAt: Date.now(),
});

/** Posts a Kit send_message event, as the relay would, to Kit or to a forwarder in front of it. */
export function kitMode(name: string, base: string, kit: KitReady, server?: Child<{ url: string }>): Mode {
  const client = httpClient(base, VISITORS);
  const headers = { authorization: `Bearer ${kit.jwt}` };
  return {
    name,
    client,
    ...(server ? { server } : {}),
    async send(v, id) {
      const body = JSON.stringify(buildKitEvent(visitorRecord(`visitor-${v}`), { id, text: TEXT }));
      const sent = clock();
      const res = await client.post(`/${kit.channelUuid}`, headers, body);
      if (res.status !== 200) throw new Error(`${name}: Kit answered ${res.status}`);
      return { sent, answered: clock() };
    },
  };
}

export async function relayMode(name: string, kit: KitReady, env: Record<string, string>, script = './relay-process.ts'): Promise<Mode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const relay = await startChild<{ url: string }>(script, {
    env: {
      KIT_ACCOUNT: kit.account, KIT_API_TOKEN: kit.apiToken, KIT_CHANNEL_UUID: kit.channelUuid,
      KIT_CALLBACK_SALT: 'bench-salt', KIT_API_URL: kit.url,
      RELAY_PORT: '0', RELAY_HOST: '127.0.0.1', RELAY_DATA_DIR: dataDir,
      RELAY_SECRET: 'bench-relay-secret-0123456789-abcdefghij',
      RELAY_RATE_VISITOR_PER_MIN: '1000000', RELAY_RATE_IP_PER_MIN: '1000000', RELAY_RATE_SESSIONS_PER_MIN: '1000000',
      ...env,
    },
  });
  const client = httpClient(relay.ready.url, VISITORS);
  const tokens: string[] = [];
  for (let v = 0; v < VISITORS; v++) {
    const res = await client.post('/v1/sessions', {}, JSON.stringify({ profile: { name: 'Bench Visitor' } }));
    if (res.status !== 201) throw new Error(`${name}: POST /v1/sessions answered ${res.status}`);
    tokens.push((JSON.parse(res.body) as { token: string }).token);
  }
  return {
    name,
    client,
    relay,
    server: relay,
    async send(v, id) {
      const body = JSON.stringify({ id, text: TEXT });
      const sent = clock();
      const res = await client.post('/v1/messages', { authorization: `Bearer ${tokens[v]}` }, body);
      if (res.status !== 202) throw new Error(`${name}: the relay answered ${res.status}`);
      return { sent, answered: clock() };
    },
    async cleanup() {
      client.close();
      await relay.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}


/** Deletes the benchmark's keys (under its own prefix) from the shared Redis, and nothing else. */
export async function cleanRedis(url: string, prefix: string): Promise<void> {
  const admin = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await admin.quit();
  }
}
