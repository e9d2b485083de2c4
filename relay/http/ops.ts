// Operator endpoints: liveness, readiness (store reachable, Kit logged in, what Kit's callbacks
// did) and Prometheus metrics. None of them says anything secret; the metrics, which tell
// message volumes and error rates, answer only a bearer token or this machine (metrics-access.ts).
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { KitConfig } from '../config';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Store } from '../store/types';
import type { CallbackStatsView } from '../webhook/callback-stats';
import { metricsAccess } from './metrics-access';

export interface KitStatus {
  loggedIn: boolean;
  lastError?: string;
  lastLoginAt?: number;
}

export interface OpsDeps {
  store: Pick<Store, 'ping' | 'outboxDepth'>;
  kitStatus: () => KitStatus;
  metrics: Metrics;
  log: Logger;
  /** Which Kit channel this relay serves, as relayFingerprint() gives it. */
  fingerprint?: string;
  callbacks?: () => CallbackStatsView;
  /** RELAY_METRICS_TOKEN: /metrics asks for it; without one, /metrics answers loopback clients only. */
  metricsToken?: string | undefined;
}

/**
 * A short hash of the account and channel a relay serves, on /readyz: `kit-chat doctor`
 * compares it with its own configuration's to tell that RELAY_PUBLIC_URL reaches this relay.
 */
export function relayFingerprint(kit: Pick<KitConfig, 'account' | 'channelUuid'>): string {
  return createHash('sha256').update(`kit-chat\n${kit.account}\n${kit.channelUuid}`).digest('hex').slice(0, 16);
}

/** Only a stable error code is safe to show; anything else might be a message with details. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export function opsRouter({ store, kitStatus, metrics, log, fingerprint, callbacks, metricsToken }: OpsDeps): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    let storeState: 'ok' | 'error' = 'ok';
    try {
      await store.ping();
    } catch (err) {
      storeState = 'error';
      log.warn({ err }, 'readiness: store unreachable');
    }
    const kit = kitStatus();
    const kitState = kit.loggedIn ? 'ok' : kit.lastError && ERROR_CODE.test(kit.lastError) ? kit.lastError : 'not_logged_in';
    res.status(storeState === 'ok' && kitState === 'ok' ? 200 : 503).json({
      store: storeState,
      kit: kitState,
      ...(fingerprint ? { relay: fingerprint } : {}),
      ...(callbacks ? { callbacks: callbacks() } : {}),
    });
  });

  router.get('/metrics', metricsAccess(metricsToken), async (_req, res) => {
    try {
      metrics.outboxDepth.set(await store.outboxDepth());
    } catch (err) {
      log.warn({ err }, 'metrics: outbox depth unavailable');
    }
    res.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render());
  });

  return router;
}
