// A relay without a server of its own: the store, the Kit client, the outbox worker and the
// HTTP app wired together and started. `createRelay` hands out its request handler at once,
// to mount in any Express app (`app.use('/support', relay.handler)`); `openRelay` is the same
// for callers that want the parts (startRelay, tests).
import type { ServerResponse } from 'node:http';
import { widgetBuilt } from './assets';
import { createApp, type RelayApp } from './app';
import { createCluster, type Cluster } from './cluster/index';
import type { Config, TrustProxy } from './config';
import { createKitClient, type KitClient } from './kit/client';
import { createLogger, type Logger } from './log';
import { createMetrics, type Metrics } from './metrics';
import { buildKitEvent } from './outbox/kit-event';
import { createOutboxWorker, type OutboxWorker } from './outbox/worker';
import { createStore } from './store/index';
import type { Store } from './store/types';
import type { Relay, RelayHandler } from './public-types';
import type { ErrorBody } from '../protocol/relay-api';

/** Keeps the JWT fresh while idle, so /readyz stays true and the first message never waits. */
export const KIT_KEEPALIVE_MS = 60_000;

export interface RelayOptions {
  log?: Logger;
  /** Where the built widget lives; defaults to this package's dist/widget. */
  widgetDir?: string;
  /** Express `trust proxy`, for a relay behind a reverse proxy; defaults to RELAY_TRUST_PROXY. */
  trustProxy?: TrustProxy;
}

export interface OpenRelay {
  app: RelayApp;
  store: Store;
  kit: KitClient;
  worker: OutboxWorker;
  metrics: Metrics;
  log: Logger;
  /** Ends event streams, lets in-flight Kit sends finish, closes the store. */
  close(): Promise<void>;
}

/** Opens the store, logs in to Kit in the background and starts the outbox worker. */
export async function openRelay(config: Readonly<Config>, options: RelayOptions = {}): Promise<OpenRelay> {
  const log = options.log ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const store = await createStore(config, log);
  let cluster: Cluster;
  try {
    cluster = await createCluster(config, log);
  } catch (err) {
    await store.close();
    throw err;
  }
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
  const app = createApp(config, {
    store,
    log,
    metrics,
    kitStatus: () => kit.status(),
    outbox: worker,
    buildKitEvent,
    cluster,
    ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  if (!widgetBuilt(options.widgetDir)) log.warn('the widget bundle is missing: /widget.js answers 404 until `npm run build` has run');

  app.relay.start();
  worker.start();
  const login = () =>
    kit.ensureLoggedIn().catch((err: unknown) => log.warn({ code: (err as { code?: string }).code }, 'kit login failed; retrying in the background'));
  void login();
  const keepalive = setInterval(login, KIT_KEEPALIVE_MS);
  keepalive.unref();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(keepalive);
      app.relay.stop();
      await worker.stop();
      app.relay.close();
      kit.close();
      await cluster.close();
      await store.close();
    })());
  return { app, store, kit, worker, metrics, log, close };
}

/**
 * The relay as middleware. The handler is usable at once: requests that arrive while the store
 * opens wait for it. `config.publicUrl` must include the path it is mounted under.
 */
export function createRelay(config: Readonly<Config>, options: RelayOptions = {}): Relay {
  const log = options.log ?? createLogger(config.logLevel);
  let opened: OpenRelay | undefined;
  const opening = openRelay(config, { ...options, log }).then((relay) => {
    opened = relay;
    return relay;
  });
  const ready = opening.then(() => undefined);
  ready.catch((err: unknown) => log.error({ code: (err as { code?: string }).code }, 'the relay could not open its store'));

  const unavailable = (res: ServerResponse) => {
    const body: ErrorBody = { error: { code: 'UNAVAILABLE', message: 'The relay is not available.' } };
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' }).end(JSON.stringify(body));
  };
  // An Express app is itself a handler of this shape; its types only spell out the Express one.
  const appOf = (relay: OpenRelay) => relay.app as unknown as RelayHandler;
  const handler: RelayHandler = (req, res, next) => {
    if (opened) return appOf(opened)(req, res, next);
    opening.then((relay) => appOf(relay)(req, res, next), () => unavailable(res));
  };

  return {
    handler,
    ready,
    async close() {
      const relay = await opening.catch(() => undefined);
      await relay?.close();
    },
  };
}
