// `npm run bench`: what durable forwarding costs. The same load (VISITORS visitors at once, each
// sending MESSAGES messages one after another) goes straight to a Kit stand-in, through a bare
// Node forwarder, and through the relay (SQLite with synchronous FULL and NORMAL; Redis when
// REDIS_URL is set). Each server runs in its own process; this process only generates load.
// Rounds repeat every mode side by side, so the ratio to direct compares like with like.
// Flags: --rounds N (3), --messages N per visitor (40), --profile (one extra profiled relay run
// each), --modes direct,forwarder,full,normal,redis (all by default; direct always runs).
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { buildKitEvent } from '../relay/outbox/kit-event';
import type { VisitorRecord } from '../relay/store/types';
import { clock, cpuMs, startChild, type Child } from './children';
import { httpClient, runVisitors, withLimit, type HttpClient } from './load';
import { summarizeProfile, type CpuProfile } from './profile-summary';
import { percentile } from './stats';


const VISITORS = 50;
const WARMUP_MESSAGES = 4;
const PHASE_LIMIT_MS = 120_000;
const TEXT = 'Hello, I would like to know whether the blue jacket in size M is still in stock.';
const PROFILE_DIR = join(import.meta.dirname, 'profiles');

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    messages: { type: 'string', default: '40' },
    profile: { type: 'boolean', default: false },
    modes: { type: 'string', default: 'direct,forwarder,full,normal,redis' },
  },
});
const MODES = new Set(flags.modes.split(','));
const ROUNDS = Number(flags.rounds);
const MESSAGES = Number(flags.messages);

interface KitReady {
  url: string;
  account: string;
  apiToken: string;
  channelUuid: string;
  jwt: string;
}

interface Sample {
  /** When the request started, absolute ms. */
  sent: number;
  /** When the answer (200 from Kit, 202 from the relay) arrived. */
  answered: number;
}

interface Run {
  messages: number;
  /** From the first request to the last message at Kit. */
  seconds: number;
  answer: number[];
  answerToKit: number[];
  sendToKit: number[];
  kitRepeats: number;
  /** CPU time per message (µs) of the load generator, the Kit stand-in and the server in between. */
  cpu: { load: number; kit: number; server: number };
}

interface Mode {
  name: string;
  /** Sends one message with this id; resolves with its timing. */
  send(visitor: number, id: string): Promise<Sample>;
  /** The process between the load and Kit (forwarder or relay), if any. */
  server?: Child<{ url: string }>;
  relay?: Child<{ url: string }>;
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
function kitMode(name: string, base: string, kit: KitReady, server?: Child<{ url: string }>): Mode & { client: HttpClient } {
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

async function relayMode(name: string, kit: KitReady, env: Record<string, string>, nodeArgs: string[] = []): Promise<Mode & { client: HttpClient; cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const relay = await startChild<{ url: string }>('./relay-process.ts', {
    nodeArgs,
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

async function run(mode: Mode, kit: Child<KitReady>, tag: string, messages: number): Promise<Run> {
  const prefix = `${tag}-${randomUUID().slice(0, 8)}-`;
  const samples = new Map<string, Sample>();
  const cpu = async () => {
    const own = process.cpuUsage();
    return [(own.user + own.system) / 1000, await cpuMs(kit), mode.server ? await cpuMs(mode.server) : 0] as const;
  };
  const cpuBefore = await cpu();
  const started = clock();
  const count = VISITORS * messages;
  const arrived = kit.ask<{ times: [string, number][]; repeats: number }>({ type: 'arrivals', prefix, count }, 'arrivals');
  await withLimit(`${mode.name} ${tag}`, PHASE_LIMIT_MS, runVisitors(VISITORS, messages, async (v, m) => {
    const id = `${prefix}${v}-${m}`;
    samples.set(id, await mode.send(v, id));
  }));
  const { times, repeats } = await withLimit(`${mode.name} ${tag}: all at Kit`, PHASE_LIMIT_MS, arrived);
  const cpuAfter = await cpu();
  const perMessage = (i: number) => ((cpuAfter[i]! - cpuBefore[i]!) * 1000) / count;
  const out: Run = {
    messages: count, seconds: 0, answer: [], answerToKit: [], sendToKit: [], kitRepeats: repeats,
    cpu: { load: perMessage(0), kit: perMessage(1), server: perMessage(2) },
  };
  let last = started;
  for (const [id, at] of times) {
    const s = samples.get(id)!;
    last = Math.max(last, at);
    out.answer.push(s.answered - s.sent);
    out.answerToKit.push(at - s.answered);
    out.sendToKit.push(at - s.sent);
  }
  out.seconds = (last - started) / 1000;
  return out;
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const p = (values: number[], q: number) => percentile([...values].sort((a, b) => a - b), q);
const range = (values: number[], digits: number) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

async function cleanRedis(url: string, prefix: string): Promise<void> {
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

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Forwarding benchmark: ${VISITORS} visitors at once × ${MESSAGES} messages each, ${ROUNDS} rounds; Kit stand-in, forwarder and each relay in their own process; loopback.`);
  console.log(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start.`);
  const kit = await startChild<KitReady>('./kit-process.ts');
  const forwarder = MODES.has('forwarder') ? await startChild<{ url: string }>('./forwarder-process.ts', { env: { FORWARD_TO: kit.ready.url } }) : undefined;
  const redisUrl = process.env.REDIS_URL;
  const redisPrefix = `bench:${randomUUID()}:`;
  const modes: (Mode & { client: HttpClient; cleanup?: () => Promise<void> })[] = [kitMode('direct to Kit stand-in', kit.ready.url, kit.ready)];
  if (forwarder) modes.push(kitMode('bare Node forwarder', forwarder.ready.url, kit.ready, forwarder));
  if (MODES.has('full')) modes.push(await relayMode('relay, SQLite synchronous=FULL', kit.ready, { RELAY_SQLITE_SYNC: 'full' }));
  if (MODES.has('normal')) modes.push(await relayMode('relay, SQLite synchronous=NORMAL', kit.ready, { RELAY_SQLITE_SYNC: 'normal' }));
  if (MODES.has('redis') && redisUrl) modes.push(await relayMode('relay, Redis store', kit.ready, { REDIS_URL: redisUrl, RELAY_REDIS_PREFIX: redisPrefix }));
  else if (MODES.has('redis')) console.log('Redis store: skipped (set REDIS_URL, e.g. redis://127.0.0.1:6379, to include it).');

  try {
    const results = new Map<string, Run[]>(modes.map((m) => [m.name, []]));
    for (const mode of modes) await run(mode, kit, 'warm', WARMUP_MESSAGES);
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts at a different mode, so no mode always runs first or last.
      const order = modes.map((_, i) => modes[(i + round) % modes.length]!);
      const line: string[] = [];
      for (const mode of order) {
        await run(mode, kit, 'warm', WARMUP_MESSAGES);
        const r = await run(mode, kit, `r${round}`, MESSAGES);
        results.get(mode.name)!.push(r);
        line.push(`${mode.name.replace(/^relay, /, '')} ${(r.messages / r.seconds).toFixed(0)}`);
      }
      console.log(`round ${round + 1}: ${line.join(' · ')} msg/s`);
    }

    const direct = results.get(modes[0]!.name)!;
    const rate = (r: Run) => r.messages / r.seconds;
    console.log('');
    console.log(`Throughput: messages at Kit per second (median of ${ROUNDS} rounds, range); ratio to direct within each round.`);
    console.log('Latency in ms over every message of every round: answer = 200 from Kit (direct, forwarder) or 202 from the relay.');
    console.log('CPU: time each process spent per message (median of rounds): the load generator, the Kit stand-in, and the forwarder or relay between them.');
    const head = ['mode', 'msg/s', 'range', 'ratio', 'ratio range', 'answer p50', 'p99', 'answer→Kit p50', 'p99', 'send→Kit p50', 'p99', 'CPU µs/msg: load', 'Kit', 'between'];
    const rows = modes.map((m) => {
      const runs = results.get(m.name)!;
      const ratios = runs.map((r, i) => rate(r) / rate(direct[i]!));
      const all = (k: 'answer' | 'answerToKit' | 'sendToKit') => runs.flatMap((r) => r[k]);
      const cpu = (k: 'load' | 'kit' | 'server') => median(runs.map((r) => r.cpu[k])).toFixed(0);
      const viaKit = !m.relay;
      return [
        m.name, median(runs.map(rate)).toFixed(0), range(runs.map(rate), 0), median(ratios).toFixed(2), range(ratios, 2),
        p(all('answer'), 50).toFixed(2), p(all('answer'), 99).toFixed(2),
        viaKit ? '—' : p(all('answerToKit'), 50).toFixed(2), viaKit ? '—' : p(all('answerToKit'), 99).toFixed(2),
        p(all('sendToKit'), 50).toFixed(2), p(all('sendToKit'), 99).toFixed(2),
        cpu('load'), cpu('kit'), m.server ? cpu('server') : '—',
      ];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(fmt(head));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) console.log(fmt(r));
    const repeats = modes.map((m) => results.get(m.name)!.reduce((n, r) => n + r.kitRepeats, 0));
    console.log(`Messages Kit received more than once: ${Math.max(...repeats)}. Load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end.`);

    if (flags.profile) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      for (const mode of modes.filter((m) => m.relay)) {
        const path = join(PROFILE_DIR, `${mode.name.replace(/\W+/g, '-').replace(/^-|-$/g, '')}.cpuprofile`);
        await run(mode, kit, 'warm', WARMUP_MESSAGES);
        await mode.relay!.ask({ type: 'profile-start' }, 'profiling');
        const r = await run(mode, kit, 'profile', MESSAGES);
        await mode.relay!.ask({ type: 'profile-stop', path }, 'profiled');
        console.log('');
        console.log(`Profile of ${mode.name} (${rate(r).toFixed(0)} msg/s while profiled), ${path}:`);
        console.log(summarizeProfile(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile));
      }
    }
  } finally {
    for (const m of modes) {
      m.client.close();
      await m.cleanup?.();
    }
    await forwarder?.stop();
    await kit.stop();
    if (redisUrl && MODES.has('redis')) await cleanRedis(redisUrl, redisPrefix);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
