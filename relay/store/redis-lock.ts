// The cluster-wide Kit auth lock: SET NX PX with a random token, renewed while held and
// released by compare-and-delete, so only one relay logs in to Kit at a time. Local
// callers queue on an in-process mutex first and never poll Redis against each other.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createMutex } from './mutex';

/** Longer than a Kit login with its timeout (KIT_TIMEOUT_MS defaults to 10 s). */
export const KIT_LOCK_LEASE_MS = 30_000;
const RETRY_MIN_MS = 25;
const RETRY_JITTER_MS = 50;
const MAX_WAIT_MS = KIT_LOCK_LEASE_MS * 2;

export interface LockScripts {
  unlock(token: string): Promise<unknown>;
  renew(token: string, leaseMs: number): Promise<unknown>;
}

export function createKitLock(redis: Redis, key: string, scripts: LockScripts) {
  const local = createMutex();
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function acquire(token: string): Promise<void> {
    const started = Date.now();
    while ((await redis.set(key, token, 'PX', KIT_LOCK_LEASE_MS, 'NX')) !== 'OK') {
      // A holder that died keeps the lock at most one lease, so waiting two is an outage.
      if (Date.now() - started > MAX_WAIT_MS) throw new Error('Timed out waiting for the Kit auth lock.');
      await sleep(RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS);
    }
  }

  return function withKitLock<T>(fn: () => Promise<T>): Promise<T> {
    return local.run(async () => {
      const token = randomUUID();
      await acquire(token);
      // Renew well before the lease ends, in case fn outlasts one lease.
      const renewal = setInterval(() => void scripts.renew(token, KIT_LOCK_LEASE_MS).catch(() => undefined), KIT_LOCK_LEASE_MS / 3);
      try {
        return await fn();
      } finally {
        clearInterval(renewal);
        await scripts.unlock(token).catch(() => undefined);
      }
    });
  };
}
