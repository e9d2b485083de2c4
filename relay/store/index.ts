// Picks the relay's store from config: Redis when REDIS_URL is set (any number of
// relays), else the embedded SQLite file in the data dir (one relay).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../log';
import { createRedisStore } from './redis';
import { createSqliteStore } from './sqlite';
import type { Store } from './types';

export type { Store } from './types';

export async function createStore(
  config: Pick<Config, 'redisUrl' | 'dataDir'> & Partial<Pick<Config, 'redisPrefix' | 'sqliteSync' | 'retentionMs'>>,
  log: Logger,
): Promise<Store> {
  if (config.redisUrl) {
    const store = await createRedisStore({
      url: config.redisUrl,
      log,
      ...(config.redisPrefix ? { prefix: config.redisPrefix } : {}),
      ...(config.retentionMs ? { retentionMs: config.retentionMs } : {}),
    });
    log.info({ store: 'redis' }, 'store ready');
    return store;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const path = join(config.dataDir, 'relay.db');
  const store = createSqliteStore({ path, log, ...(config.sqliteSync ? { sync: config.sqliteSync } : {}) });
  log.info({ store: 'sqlite', path }, 'store ready');
  return store;
}
