// `npm run bench`: the relay's forwarding cost. The same load (VISITORS visitors, each sending
// MESSAGES messages one after another, all visitors at once) goes straight to a bare Kit stand-in,
// through a bare Node HTTP forwarder, and through the relay (202, then until Kit has the message).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../relay/config';
import { buildKitEvent } from '../relay/outbox/kit-event';
import { startRelay } from '../relay/main';
import type { VisitorRecord } from '../relay/store/types';
import { startBareForwarder } from './bare-forwarder';
import { startBareKit, type BareKit } from './bare-kit';
import { printTable, summary, type Row } from './stats';

const VISITORS = 50;
const MESSAGES = 20;
/** Warm-up opens as many connections as the run will use. */
const WARMUP_VISITORS = VISITORS;
const WARMUP_MESSAGES = 2;
/** Every phase must finish within this, or the benchmark stops with an error. */
const PHASE_LIMIT_MS = 60_000;
const TEXT = 'Hello, I would like to know whether the blue jacket in size M is still in stock.';

type SendOne = (visitor: number, message: number, runId: string) => Promise<number[]>;

/** Runs the load: visitors in parallel, each one's messages in sequence; returns latency rows. */
async function load(visitors: number, messages: number, runId: string, send: SendOne): Promise<{ seconds: number; samples: number[][] }> {
  const samples: number[][] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: visitors }, async (_, v) => {
    for (let m = 0; m < messages; m++) samples.push(await send(v, m, runId));
  }));
  return { seconds: (performance.now() - started) / 1000, samples };
}

function withLimit<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${PHASE_LIMIT_MS / 1000} s`)), PHASE_LIMIT_MS);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

async function measure(mode: string, send: SendOne, column = 0): Promise<Row> {
  await withLimit(`${mode} warm-up`, load(WARMUP_VISITORS, WARMUP_MESSAGES, 'warm', send));
  const { seconds, samples } = await withLimit(mode, load(VISITORS, MESSAGES, 'run', send));
  return { mode, messages: samples.length, seconds, latencies: samples.map((s) => s[column]!) };
}

const visitorRecord = (visitorId: string): VisitorRecord => ({
  visitorId,
  profile: { name: 'Bench Visitor', email: 'bench@example.com' },
  page: { url: 'https://shop.example/product/42', title: 'Blue jacket' },
  device: { type: 'desktop', user_agent: 'bench' },
  createdAt: Date.now(),
  updatedAt: Date.now(),
});

/** Posts a Kit send_message event to `base` (Kit itself or a forwarder in front of it). */
function kitSender(base: string, kit: BareKit): SendOne {
  return async (v, m, runId) => {
    const event = buildKitEvent(visitorRecord(`visitor-${v}`), { id: `${runId}-${base}-${v}-${m}`, text: TEXT });
    const t0 = performance.now();
    const res = await fetch(`${base}/${kit.channelUuid}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${kit.jwt}` },
      body: JSON.stringify(event),
    });
    await res.text();
    if (res.status !== 200) throw new Error(`Kit answered ${res.status}`);
    return [performance.now() - t0];
  };
}

async function relayRows(kit: BareKit, concurrency?: number): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const config = loadConfig({
    KIT_ACCOUNT: kit.account, KIT_API_TOKEN: kit.apiToken, KIT_CHANNEL_UUID: kit.channelUuid,
    KIT_CALLBACK_SALT: 'bench-salt', KIT_API_URL: kit.url,
    RELAY_PORT: '0', RELAY_HOST: '127.0.0.1', RELAY_DATA_DIR: dataDir,
    RELAY_SECRET: 'bench-relay-secret-0123456789-abcdefghij', LOG_LEVEL: 'silent',
    ...(concurrency ? { RELAY_OUTBOX_CONCURRENCY: String(concurrency) } : {}),
    RELAY_RATE_VISITOR_PER_MIN: '1000000', RELAY_RATE_IP_PER_MIN: '1000000', RELAY_RATE_SESSIONS_PER_MIN: '1000000',
  });
  const relay = await startRelay(config);
  try {
    const tokens = new Map<string, string>();
    const tokenFor = async (key: string) => {
      let token = tokens.get(key);
      if (!token) {
        const res = await fetch(`${relay.url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profile: { name: 'Bench Visitor' } }) });
        token = ((await res.json()) as { token: string }).token;
        tokens.set(key, token);
      }
      return token;
    };
    const send: SendOne = async (v, m, runId) => {
      const token = await tokenFor(`${runId}-${v}`);
      const id = `${runId}-relay-${config.outbox.concurrency}-${v}-${m}`;
      const t0 = performance.now();
      const res = await fetch(`${relay.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ id, text: TEXT }),
      });
      await res.text();
      if (res.status !== 202) throw new Error(`The relay answered ${res.status}`);
      const accepted = performance.now();
      const atKit = await kit.whenReceived(id);
      return [accepted - t0, atKit - t0, atKit - accepted];
    };
    await withLimit('relay warm-up', load(WARMUP_VISITORS, WARMUP_MESSAGES, 'warm', send));
    const { seconds, samples } = await withLimit('relay', load(VISITORS, MESSAGES, 'run', send));
    const row = (mode: string, column: number): Row => ({ mode, messages: samples.length, seconds, latencies: samples.map((s) => s[column]!) });
    const tag = `relay (outbox concurrency ${config.outbox.concurrency})`;
    return [row(`${tag}: POST → 202`, 0), row(`${tag}: POST → at Kit`, 1), row(`${tag}: 202 → at Kit`, 2)];
  } finally {
    await relay.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const kit = await startBareKit();
  const forwarder = await startBareForwarder(kit.url);
  try {
    console.log(`Forwarding benchmark: ${VISITORS} visitors × ${MESSAGES} messages, visitors concurrent, loopback only.`);
    const direct = await measure('direct to Kit stand-in', kitSender(kit.url, kit));
    const bare = await measure('bare Node forwarder', kitSender(forwarder.url, kit));
    const relay = await relayRows(kit);
    const wide = await relayRows(kit, VISITORS);
    console.log('');
    printTable([direct, bare, ...relay, ...wide]);
    const d = summary(direct);
    const added = (row: Row) => {
      const s = summary(row);
      return `${(s.p50 - d.p50).toFixed(2)} / ${(s.p99 - d.p99).toFixed(2)}`;
    };
    console.log('');
    console.log('Added latency over direct (p50 / p99 ms):');
    console.log(`  ${bare.mode.padEnd(44)} ${added(bare)}`);
    for (const row of [relay[1]!, wide[1]!]) console.log(`  ${row.mode.padEnd(44)} ${added(row)}`);
    console.log('msg/s counts messages that reached Kit (relay rows share one run, so one rate). The relay stores each message durably (SQLite) before its 202.');
  } finally {
    await forwarder.close();
    await kit.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
