// `kit-chat relay` as its own process (cli/bin.ts under tsx), with nothing but the environment
// given: a bad configuration exits 1 at once, naming each variable at fault and no value; a
// running relay stops on SIGTERM with status 0 once in-flight requests are answered, and a
// second signal while it drains stops it at once.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/import-graph';
import { startKitStandIn, type KitStandIn } from '../helpers/kit-stand-in';

const cwd = mkdtempSync(join(tmpdir(), 'relay-process-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

// tsx by its resolved URL: the process runs in an empty directory (no .env) that cannot resolve it.
const ARGS = ['--import', import.meta.resolve('tsx'), join(ROOT, 'cli/bin.ts'), 'relay'];
const baseEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH ?? '', HOME: cwd, ...env });

function relay(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ARGS, { cwd, env: baseEnv(env), encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const KIT = { KIT_ACCOUNT: 'acme', KIT_API_TOKEN: 'kit-token-5f1e9a7c3b2d', KIT_CHANNEL_UUID: '3f6b2c1e-8a4d-4f7e-9b21-5c0d7e9a1b42', KIT_CALLBACK_SALT: 'salt-9d8c7b6a' };

/** Starting node with tsx takes seconds on a loaded machine. */
const PROCESS_TIMEOUT_MS = 60_000;

describe('the relay process with a bad configuration', { timeout: PROCESS_TIMEOUT_MS }, () => {
  it('exits 1 naming every missing Kit variable', () => {
    const r = relay({});
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('Invalid configuration: KIT_ACCOUNT is required; KIT_API_TOKEN is required; KIT_CHANNEL_UUID is required; KIT_CALLBACK_SALT is required');
    expect(r.stdout).toBe('');
  });

  it('exits 1 naming each variable out of bounds, and never repeating a value', () => {
    const r = relay({ ...KIT, RELAY_PORT: '70000', RELAY_OUTBOX_CONCURRENCY: '0', REDIS_URL: 'http://user:hunter2@cache:6379' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('RELAY_PORT must be a whole number from 0 to 65535');
    expect(r.stderr).toContain('RELAY_OUTBOX_CONCURRENCY must be a whole number from 1 to 256');
    expect(r.stderr).toContain('REDIS_URL must be a redis:// or rediss:// URL');
    for (const value of ['70000', 'hunter2', KIT.KIT_API_TOKEN, KIT.KIT_CALLBACK_SALT]) expect(r.stderr).not.toContain(value);
  });
});

interface RunningProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the first log record whose msg is `msg`, read from stdout (pino's JSON lines). */
  logged(msg: string): Promise<Record<string, unknown>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('the relay process stopping', { timeout: PROCESS_TIMEOUT_MS }, () => {
  let kit: KitStandIn;
  const children: ChildProcess[] = [];
  const sockets: Socket[] = [];
  beforeAll(async () => {
    kit = await startKitStandIn({ account: KIT.KIT_ACCOUNT, apiToken: KIT.KIT_API_TOKEN, channelUuid: KIT.KIT_CHANNEL_UUID });
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.destroy());
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  afterAll(() => kit?.close());

  /** Starts `kit-chat relay` on an ephemeral port with SQLite in a temp dir; resolves once /readyz says ready. */
  async function startProcess(): Promise<RunningProcess> {
    const dataDir = mkdtempSync(join(cwd, 'data-'));
    const child = spawn(process.execPath, ARGS, {
      cwd,
      env: baseEnv({ ...KIT, KIT_API_URL: kit.url, RELAY_HOST: '127.0.0.1', RELAY_PORT: '0', RELAY_DATA_DIR: dataDir, LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const records: Record<string, unknown>[] = [];
    const waiting: { msg: string; resolve: (r: Record<string, unknown>) => void }[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      records.push(record);
      for (const w of waiting.filter((w) => w.msg === record.msg)) w.resolve(record);
    });
    const logged = (msg: string) =>
      Promise.race([
        new Promise<Record<string, unknown>>((resolve) => {
          const seen = records.find((r) => r.msg === msg);
          if (seen) resolve(seen);
          else waiting.push({ msg, resolve });
        }),
        exit.then(({ code, signal }) => Promise.reject(new Error(`the relay exited (${code ?? signal}) before logging "${msg}": ${stderr}`))),
      ]);
    const { url } = (await logged('relay listening')) as { url: string };
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 20_000, interval: 100 }).toBe(200);
    return { child, url, logged, exit };
  }

  /** A request the relay has begun to read: its headers and half its body, the rest held back. */
  async function requestInFlight(url: string) {
    const body = JSON.stringify({ profile: {} });
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += String(chunk)));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    const half = body.length >> 1;
    socket.write(`POST /v1/sessions HTTP/1.1\r\nHost: ${url.slice(7)}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, half)}`);
    return {
      finish: () => socket.write(body.slice(half)),
      /** The status line the relay answered with once the connection closed ('' for none). */
      answered: () => closed.then(() => answer.split('\r\n')[0] ?? ''),
      /** The status line and headers of the answer, once they have arrived. */
      head: () => new Promise<string>((resolve) => {
        const check = () => (answer.includes('\r\n\r\n') ? resolve(answer.slice(0, answer.indexOf('\r\n\r\n') + 2)) : socket.once('data', check));
        check();
      }),
    };
  }

  it('answers the request in flight after SIGTERM, then exits 0', async () => {
    const relay = await startProcess();
    const pending = await requestInFlight(relay.url);
    relay.child.kill('SIGTERM');
    await relay.logged('relay shutting down');
    pending.finish();
    const head = await pending.head();
    expect(head).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
    // Its keep-alive connection is not left to hold the stopping relay open.
    expect(head).toMatch(/\r\nConnection: close\r\n/i);
    await relay.logged('relay stopped');
    expect(await relay.exit).toEqual({ code: 0, signal: null });
  });

  it('exits 0 on SIGTERM when idle', async () => {
    const relay = await startProcess();
    relay.child.kill('SIGTERM');
    expect(await relay.exit).toEqual({ code: 0, signal: null });
  });

  it('stops at once on a second signal while it waits for a request in flight', async () => {
    const relay = await startProcess();
    const pending = await requestInFlight(relay.url);
    relay.child.kill('SIGTERM');
    await relay.logged('relay shutting down');
    relay.child.kill('SIGINT');
    // Killed by the signal: not the 0 of a finished drain, and the held request never got an answer.
    expect(await relay.exit).toEqual({ code: null, signal: 'SIGINT' });
    expect(await pending.answered()).toBe('');
  });
});
