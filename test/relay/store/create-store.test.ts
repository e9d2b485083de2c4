// createStore follows the configuration: SQLite in the data dir by default, Redis when
// REDIS_URL is set.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../../relay/config';
import { createLogger } from '../../../relay/log';
import { createStore } from '../../../relay/store';

const dir = mkdtempSync(join(tmpdir(), 'relay-create-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = createLogger('silent');
const SECRET = 'x'.repeat(32);

it('keeps state in relay.db inside the data dir when no Redis is configured', async () => {
  const dataDir = join(dir, 'nested', 'data');
  const store = await createStore(loadConfig({ RELAY_DATA_DIR: dataDir, RELAY_SECRET: SECRET }), log);
  await store.append('visitor-1', { type: 'conversation', state: 'closed' });
  await store.close();
  expect(existsSync(join(dataDir, 'relay.db'))).toBe(true);
});

it.skipIf(!process.env.REDIS_URL)('uses Redis when REDIS_URL is set, and leaves the data dir alone (needs REDIS_URL)', async () => {
  const dataDir = join(dir, 'unused');
  const store = await createStore(loadConfig({ RELAY_DATA_DIR: dataDir, RELAY_SECRET: SECRET, REDIS_URL: process.env.REDIS_URL }), log);
  await expect(store.ping()).resolves.toBeUndefined();
  await store.close();
  expect(existsSync(join(dataDir, 'relay.db'))).toBe(false);
});

it('refuses to start when Redis cannot be reached', async () => {
  const config = loadConfig({ RELAY_DATA_DIR: join(dir, 'down'), RELAY_SECRET: SECRET, REDIS_URL: 'redis://127.0.0.1:1' });
  await expect(createStore(config, log)).rejects.toThrow();
});
