// createApp(config, deps): the relay's whole HTTP surface as an Express app that never
// listens. Routes: visitor API (/v1, with business hours), Kit callbacks, ops endpoints and the
// widget bundle.
// Background work (rate-limit sweeps, the upload staging sweep) starts only when the owner
// calls app.relay.start().
import { join } from 'node:path';
import express, { type Express } from 'express';
import { DEFAULT_WIDGET_DIR } from './assets';
import type { Config, TrustProxy } from './config';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { Store } from './store/types';
import { requireVisitor } from './http/auth';
import { cors } from './http/cors';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { eventsRouter } from './http/events';
import { filesRouter } from './http/files';
import { messagesRouter, type BuildKitEvent } from './http/messages';
import { opsRouter, relayFingerprint, type KitStatus } from './http/ops';
import { clientKey } from './http/client-address';
import { rateLimit } from './http/rate-limit';
import { createLocalCluster, type Cluster } from './cluster/cluster';
import { requestLog } from './http/request-log';
import { availabilityRouter } from './http/availability';
import { sessionLimits, sessionsRouter } from './http/sessions';
import { visitorRouter } from './http/visitor';
import { createErasure } from './visitors/erasure';
import { uploadsRouter } from './http/uploads';
import { createVisitorAuth, createVisitorTokens } from './http/visitor-token';
import { widgetRouter } from './http/widget';
import { createSseHub } from './realtime/sse-hub';
import { createFileStore, type FileStore } from './uploads/index';
import { createUploads } from './uploads/service';
import { sweepStaging } from './uploads/intake';
import { callbackRouter } from './webhook/callback';
import { createCallbackStats } from './webhook/callback-stats';
import { createAvailability } from './hours/schedule';
import { createMediaCopier } from './media/copy-media';

export interface AppDeps {
  store: Store;
  log: Logger;
  metrics: Metrics;
  kitStatus: () => KitStatus;
  outbox: { kick(): void };
  buildKitEvent: BuildKitEvent;
  /** What the relays share (limits, stream counts, revocations); this process alone by default. */
  cluster?: Cluster;
  /** Where uploads live; by default what RELAY_FILES says (RELAY_DATA_DIR/files, or S3). */
  files?: FileStore;
  /** Where the built widget lives; defaults to dist/widget in the repository. */
  widgetDir?: string;
  now?: () => number;
  /** Express's `trust proxy` setting, for a relay behind a reverse proxy; config.trustProxy by default. */
  trustProxy?: TrustProxy;
}

export interface RelayAppControl {
  /** Starts background housekeeping (rate-limit sweeps, deleting unattached uploads; unref'd timers). */
  start(): void;
  /** Deletes uploads no message attached within RELAY_UPLOAD_UNATTACHED_HOURS; resolves with how many. */
  sweepUploads(): Promise<number>;
  /** Erases visitors idle for RELAY_RETENTION_DAYS and deletes uploads that old; resolves with how many of each. */
  sweepRetention(): Promise<{ visitors: number; uploads: number }>;
  /** Ends every event stream and stops housekeeping (graceful shutdown). */
  stop(): void;
  /** Lets go of the file store's connections (S3); once no request is in flight any more. */
  close(): void;
  readonly openStreams: number;
}

export type RelayApp = Express & { relay: RelayAppControl };

const MINUTE_MS = 60_000;
/** Staging files this old belong to no upload in progress (uploads are bounded in size). */
const STAGING_MAX_AGE_MS = 60 * MINUTE_MS;
/** How often unattached uploads are looked for; they are deleted at most this late. */
const UPLOAD_SWEEP_INTERVAL_MS = 10 * MINUTE_MS;
/** The retention sweep runs every tenth of the retention period, within these bounds. */
const RETENTION_SWEEP_MIN_MS = 1000;
const RETENTION_SWEEP_MAX_MS = 10 * MINUTE_MS;

export function createApp(config: Readonly<Config>, deps: AppDeps): RelayApp {
  const { store, log, metrics } = deps;
  const now = deps.now ?? Date.now;
  const tokens = createVisitorTokens(config.secret, now, config.tokenMaxAgeMs);
  const auth = createVisitorAuth(tokens, store);
  const hub = createSseHub({
    heartbeatMs: config.sse.heartbeatMs,
    streamsPerVisitor: config.limits.streamsPerVisitor,
    streamsPerAddress: config.limits.streamsPerIp,
    streamsMax: config.limits.streamsMax,
    maxAgeMs: config.limits.streamMaxAgeMs,
    metrics,
    now,
  });
  // Entries the fan-out missed would never reach the open streams: end them, so every client
  // resumes from the store after its Last-Event-ID.
  store.onFanoutInterrupted?.(() => {
    if (hub.size > 0) log.warn({ streams: hub.size }, 'store fan-out interrupted: ending event streams so clients resume');
    hub.closeAll();
  });
  const cluster = deps.cluster ?? createLocalCluster(now);
  // Visitors whose tokens any relay revoked lose their event streams here too.
  cluster.onRevoked((visitorId) => hub.closeVisitor(visitorId));
  const perMinute = (name: string, limit: number) => cluster.limiter(name, limit, MINUTE_MS);
  const limiters = {
    ip: perMinute('ip', config.limits.ipPerMinute),
    newVisitors: perMinute('new', config.limits.sessionsPerMinute),
    resumes: perMinute('resume', config.limits.resumesPerMinute),
    visitor: perMinute('visitor', config.limits.visitorPerMinute),
    callbackRefusals: perMinute('callback-refused', config.limits.callbackRefusedPerMinute),
  };
  // Bodies are read and sniffed on local disk before they go to the file store, S3 included.
  const stagingDir = join(config.dataDir, 'files', '.staging');
  const files = deps.files ?? createFileStore(config, log);
  const uploads = createUploads({
    files,
    ledger: store,
    stagingDir,
    maxBytes: config.limits.uploadMaxBytes,
    quotaBytes: config.limits.uploadQuotaBytes,
    minFreeBytes: config.limits.minFreeDiskBytes,
    types: config.limits.uploadTypes,
    publicUrl: config.publicUrl,
    now,
  });
  const availability = createAvailability(config.hours);
  const visitorOf = (_req: express.Request, res: express.Response) => res.locals.visitorId as string | undefined;

  const app = express() as RelayApp;
  app.disable('x-powered-by');
  // No ETag on API answers: nothing revalidates them, and hashing every body is measurable at
  // one per message and per callback. Files sent with sendFile (the widget) keep their own.
  app.set('etag', () => undefined);
  app.set('trust proxy', deps.trustProxy ?? config.trustProxy);

  app.use(requestLog(log));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  // Kit first: it reads its own raw body, whatever Content-Type Kit sends.
  const callbackStats = createCallbackStats(now);
  const copyMedia = createMediaCopier({ uploads, allowedHosts: config.mediaAllowedHosts, maxBytes: config.limits.uploadMaxBytes, log, now });
  app.use(callbackRouter({ config, store, log, metrics, refusals: limiters.callbackRefusals, stats: callbackStats, copyMedia, now }));
  app.use(opsRouter({ store, kitStatus: deps.kitStatus, metrics, log, fingerprint: relayFingerprint(config.kit), callbacks: callbackStats.view, metricsToken: config.metricsToken }));
  app.use(widgetRouter(deps.widgetDir ?? DEFAULT_WIDGET_DIR));
  app.use(filesRouter({ files }));

  const visitorLimit = rateLimit(limiters.visitor, visitorOf);
  app.use('/v1', cors(config.allowedOrigins, config.publicUrl), rateLimit(limiters.ip, clientKey));
  // Uploads stream their own body, so they come before the JSON parser.
  app.use('/v1/uploads', requireVisitor(auth), visitorLimit);
  app.use(uploadsRouter({ uploads, maxBytes: config.limits.uploadMaxBytes }));
  app.use(availabilityRouter({ availability, now }));
  app.use('/v1', express.json({ limit: config.limits.bodyMaxBytes }));
  app.post('/v1/sessions', sessionLimits(tokens, limiters));
  app.delete('/v1/sessions', requireVisitor(auth), visitorLimit);
  const revoke = (visitorId: string) =>
    cluster.revoke(visitorId).catch((err: unknown) => log.warn({ err, visitorId }, 'could not tell the other relays of a revoked visitor'));
  app.use(sessionsRouter({ config, store, auth, onRevoked: (visitorId) => void revoke(visitorId), now, availability }));
  const erasure = createErasure({ store, files, revoke, retentionMs: config.retentionMs, now });
  app.use('/v1/visitor', requireVisitor(auth), visitorLimit);
  app.use(visitorRouter({ erasure }));

  app.use('/v1/messages', requireVisitor(auth), visitorLimit);
  app.use('/v1/events', requireVisitor(auth, { allowQuery: true }), visitorLimit);
  app.use(messagesRouter({ config, store, outbox: deps.outbox, buildKitEvent: deps.buildKitEvent, uploads, metrics, now }));
  app.use(eventsRouter({ store, hub, streams: cluster, log }));

  app.use(notFoundHandler);
  app.use(errorHandler(log));

  let uploadSweep: Promise<number> | undefined;
  let uploadTimer: NodeJS.Timeout | undefined;
  let retentionSweep: Promise<{ visitors: number; uploads: number }> | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  const sweepRetention = () => (retentionSweep ??= erasure.sweep().finally(() => (retentionSweep = undefined)));
  const sweepRetentionLogged = () =>
    sweepRetention().then(
      (swept) => (swept.visitors > 0 || swept.uploads > 0) && log.info(swept, 'erased idle visitors and uploads past retention'),
      (err: unknown) => log.warn({ err }, 'could not sweep data past retention'),
    );
  const sweepUploads = () =>
    (uploadSweep ??= uploads.sweepUnattached(config.limits.uploadUnattachedMs).finally(() => (uploadSweep = undefined)));
  const sweepUploadsLogged = () =>
    sweepUploads().then(
      (removed) => removed > 0 && log.info({ removed }, 'deleted uploads no message attached'),
      (err: unknown) => log.warn({ err }, 'could not delete unattached uploads'),
    );

  app.relay = {
    sweepUploads,
    sweepRetention,
    start() {
      cluster.start();
      void sweepUploadsLogged();
      uploadTimer ??= setInterval(sweepUploadsLogged, UPLOAD_SWEEP_INTERVAL_MS);
      uploadTimer.unref();
      if (config.retentionMs > 0 && !retentionTimer) {
        void sweepRetentionLogged();
        const every = Math.min(RETENTION_SWEEP_MAX_MS, Math.max(RETENTION_SWEEP_MIN_MS, config.retentionMs / 10));
        retentionTimer = setInterval(sweepRetentionLogged, every);
        retentionTimer.unref();
      }
      sweepStaging(stagingDir, STAGING_MAX_AGE_MS, now()).then(
        (removed) => removed > 0 && log.info({ removed }, 'removed upload staging files left by an earlier run'),
        (err: unknown) => log.warn({ err }, 'could not sweep upload staging files'),
      );
    },
    stop() {
      cluster.stop();
      clearInterval(uploadTimer);
      uploadTimer = undefined;
      clearInterval(retentionTimer);
      retentionTimer = undefined;
      hub.closeAll();
    },
    close() {
      if (!deps.files) files.close?.();
    },
    get openStreams() {
      return hub.size;
    },
  };
  return app;
}
