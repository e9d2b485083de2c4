// Starts the relay: store, Kit client, outbox worker and the HTTP app on config.host:port,
// with graceful shutdown. `startRelay` lets the demo and integration tests run it in-process;
// run directly (`npm run relay`), it reads .env and the environment and handles signals.
import { realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createApp, type RelayApp } from './app';
import { loadConfig, loadDotEnv, type Config, type TrustProxy } from './config';
import { ConfigError } from './errors';
import { createKitClient, type KitClient } from './kit/client';
import { createLogger, type Logger } from './log';
import { createMetrics, type Metrics } from './metrics';
import { buildKitEvent } from './outbox/kit-event';
import { createOutboxWorker, type OutboxWorker } from './outbox/worker';
import { createStore } from './store/index';
import type { Store } from './store/types';

/** Keeps the JWT fresh while idle, so /readyz stays true and the first message never waits. */
export const KIT_KEEPALIVE_MS = 60_000;
/** How long in-flight requests get to finish on shutdown before connections are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;

export interface StartOptions {
  log?: Logger;
  widgetDir?: string;
  /** Express `trust proxy`, for a relay behind a reverse proxy. */
  trustProxy?: TrustProxy;
}

export interface RunningRelay {
  url: string;
  app: RelayApp;
  store: Store;
  kit: KitClient;
  worker: OutboxWorker;
  metrics: Metrics;
  log: Logger;
  /** Stops accepting, ends event streams, lets in-flight Kit sends finish, closes the store. */
  close(): Promise<void>;
}

export async function startRelay(config: Readonly<Config>, options: StartOptions = {}): Promise<RunningRelay> {
  const log = options.log ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const store = await createStore(config, log);
  const kit = createKitClient({
    kit: config.kit,
    log,
    tokens: store,
    onCall: (op, seconds, ok, code) => {
      metrics.kitLatency.observe(seconds, { op, outcome: ok ? 'ok' : 'error' });
      if (!ok) metrics.kitErrors.inc({ op, code: code ?? 'UNKNOWN' });
    },
  });
  const worker = createOutboxWorker({ store, kit, log, config: config.outbox, metrics });

  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await store.close();
    kit.close();
    throw err;
  }
  const url = listenUrl(config.host, (server.address() as AddressInfo).port);
  // On an ephemeral port (RELAY_PORT=0) the default public URL cannot name the real port;
  // file URLs for Kit and the relay's own origin must, so take the one actually bound.
  const effective = new URL(config.publicUrl).port === '0' ? Object.freeze({ ...config, publicUrl: url }) : config;

  const app = createApp(effective, {
    store,
    log,
    metrics,
    kitStatus: () => kit.status(),
    outbox: worker,
    buildKitEvent,
    ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
    trustProxy: options.trustProxy ?? config.trustProxy,
  });
  server.on('request', app);

  app.relay.start();
  worker.start();
  const login = () =>
    kit.ensureLoggedIn().catch((err: unknown) => log.warn({ code: (err as { code?: string }).code }, 'kit login failed; retrying in the background'));
  void login();
  const keepalive = setInterval(login, KIT_KEEPALIVE_MS);
  keepalive.unref();
  log.info({ url, kit: config.kit.apiUrl, store: config.redisUrl ? 'redis' : 'sqlite' }, 'relay listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(keepalive);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      app.relay.stop(); // ends event streams, which would otherwise hold the server open
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      grace.unref();
      await closed;
      clearTimeout(grace);
      await worker.stop();
      kit.close();
      await store.close();
      log.info('relay stopped');
    })());

  return { url, app, store, kit, worker, metrics, log, close };
}

function listenUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

async function main(): Promise<void> {
  loadDotEnv();
  let config: Readonly<Config>;
  try {
    config = loadConfig(process.env, { requireKit: true });
  } catch (err) {
    // ConfigError names the variables at fault, never their values.
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const relay = await startRelay(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second signal: stop at once
    stopping = true;
    relay.log.info({ signal }, 'relay shutting down');
    relay.close().then(
      () => process.exit(0),
      (err: unknown) => {
        relay.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((err: unknown) => {
    console.error((err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `The relay port is taken: ${(err as Error).message}` : err);
    process.exit(1);
  });
}
