// startRelay: the relay as a standalone server on config.host:port with graceful shutdown, as
// `kit-chat relay` runs it. The demo, the benchmarks and the integration tests run it in-process.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RelayApp } from './app';
import type { Config } from './config';
import type { KitClient } from './kit/client';
import { serverClasses } from './http/server-classes';
import { createLogger, type Logger } from './log';
import type { Metrics } from './metrics';
import type { OutboxWorker } from './outbox/worker';
import { openRelay, type RelayOptions } from './relay';
import type { Store } from './store/types';

export { KIT_KEEPALIVE_MS } from './relay';
/** How long in-flight requests get to finish on shutdown before connections are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;

export type StartOptions = RelayOptions;

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
  // Requests that arrive between listening and the app being ready wait for it.
  let app: RelayApp | undefined;
  let appReady!: (app: RelayApp | undefined) => void;
  const appPromise = new Promise<RelayApp | undefined>((resolve) => (appReady = resolve));
  // Responses still to be written when shutdown starts close their connection, so a keep-alive
  // client does not hold the server open for the whole grace period after its last answer.
  let stopping = false;
  const unanswered = new Set<ServerResponse>();
  const classes = serverClasses();
  const server = createServer({ IncomingMessage: classes.IncomingMessage, ServerResponse: classes.ServerResponse }, (req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
    if (app) return void app(req, res);
    void appPromise.then((ready) => (ready ? ready(req, res) : res.destroy()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = listenUrl(config.host, (server.address() as AddressInfo).port);
  // On an ephemeral port (RELAY_PORT=0) the default public URL cannot name the real port;
  // file URLs for Kit and the relay's own origin must, so take the one actually bound.
  const effective = new URL(config.publicUrl).port === '0' ? Object.freeze({ ...config, publicUrl: url }) : config;

  let relay;
  try {
    relay = await openRelay(effective, { ...options, log });
  } catch (err) {
    appReady(undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }
  classes.adopt(relay.app);
  app = relay.app;
  appReady(app);
  log.info({ url, kit: config.kit.apiUrl, store: config.redisUrl ? 'redis' : 'sqlite' }, 'relay listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopping = true;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      relay.app.relay.stop(); // ends event streams, which would otherwise hold the server open
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      grace.unref();
      await closed;
      clearTimeout(grace);
      await relay.close();
      log.info('relay stopped');
    })());

  const { store, kit, worker, metrics } = relay;
  return { url, app, store, kit, worker, metrics, log, close };
}

function listenUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}
