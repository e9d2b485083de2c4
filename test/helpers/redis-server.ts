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

/**
 * A loopback port nothing listens on right now. Only for programs that cannot listen on port 0
 * and report the port they got (redis-server, nginx); their helpers check that what answers is
 * their own process and start again on another port if the port was taken meanwhile.
 */
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
  let port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const own: OwnRedis = {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
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
        const probe = new Redis(own.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          // The server answering must be this child, not another process that took the port.
          const info = await probe.info('server');
          if (new RegExp(`^process_id:${proc.pid}\\r?$`, 'm').test(info)) return;
          throw new Error('another server answers on the port');
        } catch {
          if (Date.now() > deadline || proc.exitCode !== null) {
            proc.kill('SIGKILL');
            throw new Error(`redis-server did not start on port ${port}`);
          }
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
  // The first start may find its port taken since it was picked: then try another.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await own.start();
      return own;
    } catch (err) {
      await own.kill();
      if (attempt === 3) throw err;
      port = await freePort();
    }
  }
}
