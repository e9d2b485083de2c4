// `npx tsx bench/callback-flood.ts`: how much a flood of hostile Kit callbacks slows everyone
// else. One relay process; FLOODERS clients keep posting a 1 MB body of nested brackets to
// /kit/callback (unsigned, then under a made-up 32-hex signature) while a probe measures
// GET /healthz. Prints the probe's p50/p99 for each phase and what the flooders got back.
// `--no-limit` lifts the per-address limit on refused callbacks, to see the other defences alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './stats';

const FLOODERS = 4;
const PHASE_MS = 5000;
const NESTED = `${'['.repeat(524_000)}${']'.repeat(524_000)}`;

function startRelay(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./relay-process.ts', import.meta.url));
  const env = {
    PATH: process.env.PATH ?? '', KIT_ACCOUNT: 'bench', KIT_API_TOKEN: 'bench-token', KIT_CHANNEL_UUID: 'bench-channel', KIT_CALLBACK_SALT: 'bench-salt',
    KIT_API_URL: 'http://127.0.0.1:9', RELAY_HOST: '127.0.0.1', RELAY_PORT: '0', RELAY_DATA_DIR: dataDir,
    RELAY_SECRET: 'bench-relay-secret-0123456789-abcdefghij', LOG_LEVEL: 'silent',
    ...(process.argv.includes('--no-limit') ? { RELAY_RATE_CALLBACK_REFUSED_PER_MIN: '1000000' } : {}),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`relay process exited with ${code}`)));
    child.on('message', (msg: { type: string; url?: string }) => msg.type === 'ready' && resolve({ child, url: msg.url! }));
  });
}

/** One POST of the nested body; resolves with the status (0 when the relay cut the connection). */
function post(url: string, authorization: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${url}/kit/callback`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) } });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(NESTED);
  });
}

async function phase(url: string, name: string, authorization: string | undefined | null) {
  let running = true;
  const statuses = new Map<number, number>();
  const flooders = authorization === null ? [] : Array.from({ length: FLOODERS }, async () => {
    while (running) {
      const status = await post(url, authorization);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  });
  const latencies: number[] = [];
  const end = performance.now() + PHASE_MS;
  while (performance.now() < end) {
    const t = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  running = false;
  await Promise.all(flooders);
  latencies.sort((a, b) => a - b);
  const answers = [...statuses].map(([s, n]) => `${s}×${n}`).join(' ') || '-';
  console.log(`${name.padEnd(34)} ${percentile(latencies, 50).toFixed(1).padStart(8)} ${percentile(latencies, 99).toFixed(1).padStart(8)}   ${answers}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'relay-flood-'));
const relay = await startRelay(dataDir);
try {
  console.log(`Callback flood: ${FLOODERS} clients posting ${NESTED.length} bytes of nested brackets, ${PHASE_MS / 1000} s per phase.`);
  console.log(`${'phase'.padEnd(34)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}   flooders' answers`);
  await phase(relay.url, 'idle', null);
  await phase(relay.url, 'flood, no Authorization', undefined);
  await phase(relay.url, 'flood, made-up 32-hex signature', '0123456789abcdef0123456789abcdef');
} finally {
  relay.child.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
