// `npm run bench:streams`: one relay process holding STREAMS concurrent event streams. Reports
// its memory per stream, the latency from a Kit callback POST to the event on the visitor's
// stream (p50/p99), and visitor messages accepted per second while the streams stay open.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Socket } from 'node:net';
import { signCallback } from '../relay/webhook/signature';
import { startBareKit } from './bare-kit';
import { httpClient } from './load';
import { cpuMs, startChild } from './children';
import { openStream, pool } from './sse-clients';
import { percentile } from './stats';

// `npm run bench:streams -- [STREAMS] [--heartbeat-ms N] [--profile FILE]`: STREAMS defaults to
// 10,000; N is the relay's RELAY_HEARTBEAT_MS (its default, 20 s); FILE gets a CPU profile of
// the relay while 20 callbacks are in flight.
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'heartbeat-ms': { type: 'string', default: '20000' }, profile: { type: 'string' } },
});
const STREAMS = Number(positionals[0] ?? 10_000);
const HEARTBEAT_MS = Number(flags['heartbeat-ms']);
const PROFILE = flags.profile;
const SEQUENTIAL_CALLBACKS = 200;
const CALLBACKS = 2000;
const SENDERS = 500;
const MESSAGES_EACH = 10;
const SALT = 'bench-salt';
const MB = 1024 * 1024;

type Usage = { usage: NodeJS.MemoryUsage; openStreams: number };

/** The relay in its own process (bench/relay-process.ts), so its memory is its own. */
async function startRelay(env: Record<string, string>) {
  const child = await startChild<{ url: string }>('./relay-process.ts', { nodeArgs: ['--expose-gc'], env });
  return { child, url: child.ready.url, memory: () => child.ask<Usage>({ type: 'memory' }, 'memory') };
}

async function main(): Promise<void> {
  const kit = await startBareKit();
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-streams-'));
  const relay = await startRelay({
    KIT_ACCOUNT: kit.account, KIT_API_TOKEN: kit.apiToken, KIT_CHANNEL_UUID: kit.channelUuid, KIT_CALLBACK_SALT: SALT, KIT_API_URL: kit.url,
    RELAY_HOST: '127.0.0.1', RELAY_PORT: '0', RELAY_DATA_DIR: dataDir, RELAY_SECRET: 'bench-relay-secret-0123456789-abcdefghij',
    RELAY_HEARTBEAT_MS: String(HEARTBEAT_MS),
    RELAY_RATE_VISITOR_PER_MIN: '1000000', RELAY_RATE_IP_PER_MIN: '1000000', RELAY_RATE_SESSIONS_PER_MIN: '1000000',
    // Every stream comes from this one loopback address.
    RELAY_STREAMS_PER_IP: String(STREAMS), RELAY_STREAMS_MAX: String(STREAMS),
  });
  const url = new URL(relay.url);
  const sockets: Socket[] = [];
  try {
    const cpu = cpus();
    console.log(`Event-stream benchmark: ${STREAMS} streams on one relay process (heartbeat every ${HEARTBEAT_MS / 1000} s), loopback only.`);
    console.log(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start.`);
    let t = performance.now();
    const visitors = await pool(Array.from({ length: STREAMS }), 50, async () => {
      const res = await fetch(`${relay.url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (res.status !== 201) throw new Error(`POST /v1/sessions answered ${res.status}`);
      return (await res.json()) as { visitorId: string; token: string };
    });
    const sessionsPerS = STREAMS / ((performance.now() - t) / 1000);
    const before = await relay.memory();

    const arrived = new Map<number, number>();
    const onMarker = (marker: number, at: number) => void (arrived.has(marker) || arrived.set(marker, at));
    t = performance.now();
    sockets.push(...(await pool(visitors, 200, (v) => openStream(url, v.token, onMarker))));
    const openSeconds = (performance.now() - t) / 1000;
    const open = await relay.memory();
    if (open.openStreams !== STREAMS) throw new Error(`the relay holds ${open.openStreams} streams, not ${STREAMS}`);

    // Callback → stream latency: signed agent messages to random visitors, one at a time, then 20 in
    // flight, over keep-alive node:http (fetch costs this process more than the relay spends on a callback).
    const kitSide = httpClient(relay.url, 20);
    const sentAt = new Map<number, number>();
    const callbacks = (from: number, count: number, inFlight: number) => pool(Array.from({ length: count }, (_, i) => from + i), inFlight, async (i) => {
      const visitor = visitors[Math.floor(Math.random() * visitors.length)]!;
      const eventId = randomUUID();
      const body = JSON.stringify({
        event_id: eventId, event_type: 'send_message', client_data: { client_id: visitor.visitorId },
        event_data: { sender_data: { sender_type: 'agent', sender_display_name: 'Anna' }, message: { message_id: randomUUID(), text: `lat-${i}-` } },
      });
      sentAt.set(i, performance.now());
      const res = await kitSide.post('/kit/callback', { authorization: signCallback(SALT, kit.apiToken, eventId) }, body);
      if (res.status !== 200) throw new Error(`callback answered ${res.status}`);
      if (inFlight === 1) while (!arrived.has(i)) await new Promise((r) => setImmediate(r));
    });
    await callbacks(0, SEQUENTIAL_CALLBACKS, 1);
    if (PROFILE) await relay.child.ask({ type: 'profile-start' }, 'profiling');
    const cpuBefore = await cpuMs(relay.child);
    const loadBefore = process.cpuUsage();
    t = performance.now();
    await callbacks(SEQUENTIAL_CALLBACKS, CALLBACKS, 20);
    const callbackSeconds = (performance.now() - t) / 1000;
    const callbackCpuUs = ((await cpuMs(relay.child)) - cpuBefore) * 1000 / CALLBACKS;
    const loadUsage = process.cpuUsage(loadBefore);
    // The load generator (this process: the streams' readers and the callbacks' senders) shares
    // the machine; when its CPU is near a full core, it, not the relay, sets the pace.
    const loadCpuUs = (loadUsage.user + loadUsage.system) / CALLBACKS;
    if (PROFILE) await relay.child.ask({ type: 'profile-stop', path: PROFILE }, 'profiled');
    const deadline = Date.now() + 10_000;
    while (arrived.size < SEQUENTIAL_CALLBACKS + CALLBACKS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const latency = (from: number, to: number) => [...arrived].filter(([i]) => i >= from && i < to).map(([i, at]) => at - sentAt.get(i)!).sort((a, b) => a - b);
    const single = latency(0, SEQUENTIAL_CALLBACKS);
    const latencies = latency(SEQUENTIAL_CALLBACKS, SEQUENTIAL_CALLBACKS + CALLBACKS);

    // Visitor messages accepted per second with every stream open.
    t = performance.now();
    let accepted = 0;
    await pool(visitors.slice(0, SENDERS), SENDERS, async (v, n) => {
      for (let m = 0; m < MESSAGES_EACH; m++) {
        const res = await fetch(`${relay.url}/v1/messages`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${v.token}` },
          body: JSON.stringify({ id: `bench-${n}-${m}`, text: 'Is the blue jacket in stock?' }),
        });
        await res.text();
        if (res.status === 202) accepted += 1;
      }
    });
    const acceptSeconds = (performance.now() - t) / 1000;
    const loaded = await relay.memory();

    kitSide.close();
    for (const s of sockets.splice(0)) s.destroy();
    const closeDeadline = Date.now() + 10_000;
    let after = await relay.memory();
    while (after.openStreams > 0 && Date.now() < closeDeadline) after = await relay.memory();
    await new Promise((r) => setTimeout(r, 3000)); // closed sockets and finished sends settle
    after = await relay.memory();

    const perStream = (key: 'rss' | 'heapUsed' | 'heapTotal' | 'external') => `${(((open.usage[key] - before.usage[key]) / STREAMS) / 1024).toFixed(1)} KB`;
    const rows: [string, string][] = [
      ['streams open', `${open.openStreams} (opened in ${openSeconds.toFixed(1)} s; sessions ${sessionsPerS.toFixed(0)}/s)`],
      ['RSS before → with streams', `${(before.usage.rss / MB).toFixed(0)} → ${(open.usage.rss / MB).toFixed(0)} MB`],
      ['memory per stream (RSS / heap used)', `${perStream('rss')} / ${perStream('heapUsed')} (heap reserved ${perStream('heapTotal')}, external ${perStream('external')})`],
      ['callback → stream p50 / p99, one at a time', `${percentile(single, 50).toFixed(2)} / ${percentile(single, 99).toFixed(2)} ms (${single.length}/${SEQUENTIAL_CALLBACKS} arrived)`],
      ['callback → stream p50 / p99, 20 in flight', `${percentile(latencies, 50).toFixed(2)} / ${percentile(latencies, 99).toFixed(2)} ms (${latencies.length}/${CALLBACKS} arrived)`],
      ['callbacks per second, 20 in flight; relay CPU each', `${(CALLBACKS / callbackSeconds).toFixed(0)}; ${callbackCpuUs.toFixed(0)} µs`],
      ['load generator CPU per callback (share of a core)', `${loadCpuUs.toFixed(0)} µs (${((loadCpuUs * CALLBACKS) / (callbackSeconds * 1e6) * 100).toFixed(0)}%)`],
      ['messages accepted (202) per second', `${(accepted / acceptSeconds).toFixed(0)} (${accepted} from ${SENDERS} visitors)`],
      ['RSS after traffic / after close', `${(loaded.usage.rss / MB).toFixed(0)} / ${(after.usage.rss / MB).toFixed(0)} MB (${after.openStreams} streams left)`],
      ['heap 3 s after close vs before streams', `${(after.usage.heapUsed / MB).toFixed(1)} vs ${(before.usage.heapUsed / MB).toFixed(1)} MB`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log('');
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
    if (single.length < SEQUENTIAL_CALLBACKS || latencies.length < CALLBACKS || accepted < SENDERS * MESSAGES_EACH) process.exitCode = 1;
  } finally {
    for (const s of sockets) s.destroy();
    await relay.child.stop();
    await kit.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
