// A Redis server of the test's own (never the shared one): `redis-server` on a free loopback
// port with its data in a temp dir, which the test may stop (SIGKILL, like a crash) and start
// again on the same port and data. Persistence as production should run it: AOF with
// appendfsync always, so every write Redis acknowledged survives the kill.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, it } from 'vitest';

export const REDIS_SERVER = 'redis-server';

/** True when redis-server can run here; otherwise registers a skip that says so (a failure under CI=true). */
export function redisServerOrSkip(what: string): boolean {
  if (spawnSync(REDIS_SERVER, ['--version']).status === 0) return true;
  console.warn(`Skipping ${what}: ${REDIS_SERVER} is not installed (apt-get install redis-server).`);
  describe.skip(`${what} (redis-server missing)`, () => {
    it('needs redis-server', () => undefined);
  });
  return false;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface OwnRedis {
  url: string;
  port: number;
  /** Starts the server (again) on the same port and data dir; resolves once it answers PING. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown, as in a crash; resolves once the process is gone. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'own-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const own: OwnRedis = {
    url,
    port,
    async start() {
      child = spawn(REDIS_SERVER, [
        '--bind', '127.0.0.1', '--port', String(port), '--dir', dir,
        '--appendonly', 'yes', '--appendfsync', 'always', '--save', '',
        '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning',
      ], { stdio: 'ignore' });
      const proc = child;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      const deadline = Date.now() + 10_000;
      for (;;) {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`redis-server did not start on port ${port}`);
          await new Promise((r) => setTimeout(r, 50));
        } finally {
          probe.disconnect();
        }
      }
    },
    async kill() {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async close() {
      await own.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}
