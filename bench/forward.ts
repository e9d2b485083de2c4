// `npm run bench`: what durable forwarding costs. The same load (VISITORS visitors at once, each
// sending MESSAGES messages one after another) goes straight to a Kit stand-in, through a bare
// Node forwarder, and through the relay (SQLite with synchronous FULL and NORMAL; Redis when
// REDIS_URL is set). Each server runs in its own process; this process only generates load.
// Rounds repeat every mode side by side, so the ratio to direct compares like with like.
// Flags: --rounds N (3), --messages N per visitor (40), --profile (one extra profiled relay run
// each), --modes direct,forwarder,full,normal,redis (all by default; direct always runs),
// --baseline DIR (also the relay of another checkout, SQLite FULL, whose bench/relay-process.ts
// speaks the same IPC: to compare two versions side by side in one run).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { clock, cpuMs, startChild, type Child } from './children';
import { cleanRedis, kitMode, relayMode, VISITORS, type KitReady, type Mode, type Sample } from './forward-modes';
import { runVisitors, withLimit } from './load';
import { summarizeProfile, type CpuProfile } from './profile-summary';
import { percentile, printTable } from './stats';

const WARMUP_MESSAGES = 4;
const PHASE_LIMIT_MS = 120_000;
const PROFILE_DIR = join(import.meta.dirname, 'profiles');

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    messages: { type: 'string', default: '40' },
    profile: { type: 'boolean', default: false },
    modes: { type: 'string', default: 'direct,forwarder,full,normal,redis' },
    baseline: { type: 'string' },
  },
});
const MODES = new Set(flags.modes.split(','));
const ROUNDS = Number(flags.rounds);
const MESSAGES = Number(flags.messages);

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

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Forwarding benchmark: ${VISITORS} visitors at once × ${MESSAGES} messages each, ${ROUNDS} rounds; Kit stand-in, forwarder and each relay in their own process; loopback.`);
  console.log(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start.`);
  const kit = await startChild<KitReady>('./kit-process.ts');
  const forwarder = MODES.has('forwarder') ? await startChild<{ url: string }>('./forwarder-process.ts', { env: { FORWARD_TO: kit.ready.url } }) : undefined;
  const redisUrl = process.env.REDIS_URL;
  const redisPrefix = `bench:${randomUUID()}:`;
  const modes: Mode[] = [kitMode('direct to Kit stand-in', kit.ready.url, kit.ready)];
  if (forwarder) modes.push(kitMode('bare Node forwarder', forwarder.ready.url, kit.ready, forwarder));
  if (MODES.has('full')) modes.push(await relayMode('relay, SQLite synchronous=FULL', kit.ready, { RELAY_SQLITE_SYNC: 'full' }));
  if (MODES.has('normal')) modes.push(await relayMode('relay, SQLite synchronous=NORMAL', kit.ready, { RELAY_SQLITE_SYNC: 'normal' }));
  if (flags.baseline) {
    const script = pathToFileURL(join(resolve(flags.baseline), 'bench', 'relay-process.ts')).href;
    modes.push(await relayMode(`baseline relay (${basename(resolve(flags.baseline))}), SQLite FULL`, kit.ready, { RELAY_SQLITE_SYNC: 'full' }, script));
  }
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
    printTable(head, rows);
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
