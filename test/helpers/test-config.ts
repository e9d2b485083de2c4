// A relay Config for tests: built through loadConfig like production, with Kit values,
// a fixed secret, small heartbeats and a temporary data dir. Never reads process.env.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config, type Env } from '../../relay/config';

export const TEST_ORIGIN = 'https://shop.example';
export const TEST_SECRETS = {
  RELAY_SECRET: 'test-relay-secret-0123456789-abcdefghij',
  KIT_API_TOKEN: 'kit-api-token-5f1e9a7c3b2d',
  KIT_CALLBACK_SALT: 'kit-salt-8c4b2e6f1a9d',
} as const;

export function testEnv(overrides: Env = {}): Env {
  return {
    KIT_ACCOUNT: 'acme',
    KIT_API_TOKEN: TEST_SECRETS.KIT_API_TOKEN,
    KIT_CHANNEL_UUID: '11111111-2222-3333-4444-555555555555',
    KIT_CALLBACK_SALT: TEST_SECRETS.KIT_CALLBACK_SALT,
    KIT_API_URL: 'http://127.0.0.1:9',
    RELAY_SECRET: TEST_SECRETS.RELAY_SECRET,
    RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'relay-test-')),
    RELAY_PUBLIC_URL: 'http://relay.test',
    RELAY_ALLOWED_ORIGINS: TEST_ORIGIN,
    RELAY_HEARTBEAT_MS: '100',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

export function testConfig(overrides: Env = {}): Readonly<Config> {
  return loadConfig(testEnv(overrides));
}
