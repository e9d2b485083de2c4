// The relay's configuration: read once, validated, frozen; problems name variables, never values.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, loadDemoOptions } from '../../relay/config';
import { ConfigError } from '../../relay/errors';
import { openSchema } from '../../relay/store/sqlite-schema';
import { ROOT } from '../../scripts/import-graph';
import { TEST_SECRETS, testEnv } from '../helpers/test-config';

const dir = mkdtempSync(join(tmpdir(), 'relay-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problem(env: Record<string, string | undefined>, options = {}): ConfigError {
  try {
    loadConfig(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('relay configuration', () => {
  it('refuses a production start without Kit credentials, naming each missing variable', () => {
    const error = problem({ RELAY_DATA_DIR: dir, KIT_ACCOUNT: 'acme' }, { requireKit: true });
    expect(error.variables).toEqual(['KIT_API_TOKEN', 'KIT_CHANNEL_UUID', 'KIT_CALLBACK_SALT']);
    expect(error.message).toMatch(/KIT_API_TOKEN is required/);
  });

  it('refuses the placeholders of a copied .env.example, naming each variable and no value', () => {
    const example = parseEnv(readFileSync(join(ROOT, '.env.example'), 'utf8'));
    const error = problem({ ...example, RELAY_DATA_DIR: dir }, { requireKit: true });
    expect(error.variables.sort()).toEqual(['KIT_ACCOUNT', 'KIT_API_TOKEN', 'KIT_CALLBACK_SALT', 'KIT_CHANNEL_UUID', 'RELAY_ALLOWED_ORIGINS']);
    expect(error.message).toContain('KIT_API_TOKEN is still a placeholder');
    for (const value of Object.values(example)) if (value && value.length > 4) expect(error.message).not.toContain(value);
    // Without requireKit too: the demo must not take them for real credentials either.
    expect(problem({ ...example, RELAY_DATA_DIR: dir }).variables).toContain('KIT_API_TOKEN');
  });

  it('recognises placeholders of other shapes, and leaves real-looking values alone', () => {
    const error = problem(testEnv({ KIT_API_TOKEN: '<your token>', KIT_SIGNATURE_TOKEN: 'changeme', RELAY_PUBLIC_URL: 'https://chat.example.com' }));
    expect(error.variables.sort()).toEqual(['KIT_API_TOKEN', 'KIT_SIGNATURE_TOKEN', 'RELAY_PUBLIC_URL']);
    expect(() => loadConfig(testEnv({ KIT_ACCOUNT: 'your-shop-name-ltd'.replace('your-', 'our-'), RELAY_ALLOWED_ORIGINS: 'https://shop.example,https://example.co.uk' }))).not.toThrow();
  });

  it('names a bad variable without repeating its value', () => {
    const error = problem(testEnv({ RELAY_PORT: 'port-secret-99', REDIS_URL: 'http://user:pw-secret@host', RELAY_SECRET: 'short-secret' }));
    expect(error.variables.sort()).toEqual(['REDIS_URL', 'RELAY_PORT', 'RELAY_SECRET']);
    expect(error.message).not.toMatch(/secret-99|pw-secret|short-secret/);
  });

  it('reads RELAY_METRICS_TOKEN, refusing a short one without repeating it', () => {
    expect(loadConfig(testEnv()).metricsToken).toBeUndefined();
    expect(loadConfig(testEnv({ RELAY_METRICS_TOKEN: 'a4f09c1e7b2d6e3f' })).metricsToken).toBe('a4f09c1e7b2d6e3f');
    const error = problem(testEnv({ RELAY_METRICS_TOKEN: 'tiny-metrics' }));
    expect(error.variables).toEqual(['RELAY_METRICS_TOKEN']);
    expect(error.message).not.toContain('tiny-metrics');
  });

  it('builds the Kit host from the region, and lets KIT_API_URL win', () => {
    const env = testEnv({ KIT_API_URL: undefined });
    expect(loadConfig({ ...env, KIT_REGION: 'us' }).kit.apiUrl).toBe('https://kit-im-us.voximplant.com');
    expect(loadConfig({ ...env, KIT_REGION: 'US', KIT_API_URL: 'https://kit-im-kz.voximplant.com/' }).kit.apiUrl).toBe('https://kit-im-kz.voximplant.com');
    expect(problem({ ...env, KIT_REGION: 'mars' }).variables).toEqual(['KIT_REGION']);
  });

  it('signs callbacks with the API token unless KIT_SIGNATURE_TOKEN says otherwise', () => {
    expect(loadConfig(testEnv()).kit.signatureToken).toBe(testEnv().KIT_API_TOKEN);
    expect(loadConfig(testEnv({ KIT_SIGNATURE_TOKEN: 'other-token' })).kit.signatureToken).toBe('other-token');
  });

  it('fills Kit values from the demo defaults only when none are set', () => {
    const defaults = { KIT_ACCOUNT: 'demo', KIT_API_TOKEN: 't', KIT_CHANNEL_UUID: 'c', KIT_CALLBACK_SALT: 's', KIT_API_URL: 'http://127.0.0.1:8788' };
    const demo = loadConfig({ RELAY_DATA_DIR: dir }, { kitDefaults: defaults });
    expect(demo.kitConfigured).toBe(false);
    expect(demo.kit).toMatchObject({ account: 'demo', apiUrl: 'http://127.0.0.1:8788' });
    const real = loadConfig(testEnv(), { kitDefaults: defaults });
    expect(real.kitConfigured).toBe(true);
    expect(real.kit.account).toBe('acme');
  });

  it('refuses several relays (REDIS_URL) without RELAY_SECRET, since each would sign tokens the others refuse', () => {
    const error = problem(testEnv({ REDIS_URL: 'redis://127.0.0.1:6379', RELAY_SECRET: undefined }));
    expect(error.variables).toEqual(['RELAY_SECRET']);
    expect(error.message).toMatch(/RELAY_SECRET is required with REDIS_URL/);
    expect(loadConfig(testEnv({ REDIS_URL: 'redis://127.0.0.1:6379' })).secret).toBe(testEnv().RELAY_SECRET);
  });

  it('keeps files in the data dir by default, and reads the S3 settings with RELAY_FILES=s3', () => {
    const env = testEnv();
    expect(loadConfig(env).files).toEqual({ kind: 'local', dir: join(env.RELAY_DATA_DIR!, 'files') });
    const s3 = loadConfig({
      ...env,
      RELAY_FILES: 'S3',
      RELAY_S3_BUCKET: 'chat-uploads',
      RELAY_S3_ENDPOINT: 'https://minio.internal:9000/',
      RELAY_S3_REGION: 'auto',
      RELAY_S3_ACCESS_KEY_ID: 'key-id-7',
      RELAY_S3_SECRET_ACCESS_KEY: 'key-secret-7',
      RELAY_S3_FORCE_PATH_STYLE: 'true',
    });
    expect(s3.files).toEqual({
      kind: 's3', bucket: 'chat-uploads', endpoint: 'https://minio.internal:9000', region: 'auto',
      credentials: { accessKeyId: 'key-id-7', secretAccessKey: 'key-secret-7' }, forcePathStyle: true,
    });
    // AWS itself, with the SDK's own credentials (an instance role): only the bucket is needed.
    expect(loadConfig({ ...env, RELAY_FILES: 's3', RELAY_S3_BUCKET: 'chat-uploads' }).files).toEqual({
      kind: 's3', bucket: 'chat-uploads', endpoint: undefined, region: 'us-east-1', credentials: undefined, forcePathStyle: false,
    });
  });

  it('names each S3 setting at fault without its value', () => {
    const error = problem(testEnv({
      RELAY_FILES: 's3',
      RELAY_S3_ENDPOINT: 'ftp://s3-secret-host',
      RELAY_S3_REGION: 'Region With Spaces',
      RELAY_S3_SECRET_ACCESS_KEY: 'lonely-secret-value',
      RELAY_S3_FORCE_PATH_STYLE: 'yes',
    }));
    expect(error.variables.sort()).toEqual(['RELAY_S3_ACCESS_KEY_ID', 'RELAY_S3_BUCKET', 'RELAY_S3_ENDPOINT', 'RELAY_S3_FORCE_PATH_STYLE', 'RELAY_S3_REGION']);
    expect(error.message).not.toMatch(/s3-secret-host|lonely-secret-value/);
    expect(problem(testEnv({ RELAY_FILES: 'nfs' })).variables).toEqual(['RELAY_FILES']);
  });

  it('generates a relay secret once and keeps it in the data dir across starts', () => {
    const dataDir = join(dir, 'secret');
    const first = loadConfig({ RELAY_DATA_DIR: dataDir }).secret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ RELAY_DATA_DIR: dataDir }).secret).toBe(first);
    expect(readFileSync(join(dataDir, 'relay-secret'), 'utf8').trim()).toBe(first);
  });

  it('is frozen, so nothing can change it after start', () => {
    const config = loadConfig(testEnv());
    expect(Object.isFrozen(config) && Object.isFrozen(config.kit) && Object.isFrozen(config.limits)).toBe(true);
  });

  it('parses trust proxy, allowed origins and the demo ports', () => {
    expect(loadConfig(testEnv({ RELAY_TRUST_PROXY: '2' })).trustProxy).toBe(2);
    expect(loadConfig(testEnv()).trustProxy).toBe(false);
    expect(loadConfig(testEnv({ RELAY_TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8,loopback' })).trustProxy)
      .toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
    expect(loadConfig(testEnv({ RELAY_ALLOWED_ORIGINS: ' https://a.example/ ,https://b.example' })).allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(problem(testEnv({ RELAY_ALLOWED_ORIGINS: 'javascript:alert(1)' })).variables).toEqual(['RELAY_ALLOWED_ORIGINS']);
    expect(loadDemoOptions({ DEMO_SITE_PORT: '4000' })).toMatchObject({ sitePort: 4000, simulatorPort: 8788 });
  });

  it('refuses RELAY_TRUST_PROXY=true, which lets any client choose its address, and says what to set instead', () => {
    for (const value of ['true', 'TRUE']) {
      const error = problem(testEnv({ RELAY_TRUST_PROXY: value }));
      expect(error.variables).toEqual(['RELAY_TRUST_PROXY']);
      expect(error.message).toMatch(/RELAY_TRUST_PROXY must not be true.*number of proxies.*\(for example 1\).*addresses/);
    }
    for (const value of ['yes', '10.0.0.0/33', '10.0.0.1/8/1', 'proxy.example', '-1', '1.5']) {
      expect([value, problem(testEnv({ RELAY_TRUST_PROXY: value })).variables]).toEqual([value, ['RELAY_TRUST_PROXY']]);
    }
  });

  it('reads the abuse limits with their defaults, and refuses a de-duplication window shorter than Kit may retry', () => {
    const { limits, tokenMaxAgeMs, callbackDedupeTtlMs } = loadConfig(testEnv());
    expect(limits).toMatchObject({
      uploadQuotaBytes: 100 * 1024 * 1024,
      uploadUnattachedMs: 24 * 3600_000,
      minFreeDiskBytes: 1024 * 1024 * 1024,
      streamsPerIp: 200,
      streamsMax: 10_000,
      streamMaxAgeMs: 30 * 60_000,
      sessionsPerMinute: 30,
      resumesPerMinute: 60,
      callbackRefusedPerMinute: 60,
    });
    expect(tokenMaxAgeMs).toBe(30 * 24 * 3600_000);
    expect(callbackDedupeTtlMs).toBe(7 * 24 * 3600_000);
    const custom = loadConfig(testEnv({ RELAY_UPLOAD_UNATTACHED_HOURS: '0.5', RELAY_TOKEN_MAX_AGE_DAYS: '1.5', RELAY_MIN_FREE_DISK_MB: '0' }));
    expect([custom.limits.uploadUnattachedMs, custom.tokenMaxAgeMs, custom.limits.minFreeDiskBytes]).toEqual([30 * 60_000, 36 * 3600_000, 0]);
    expect(problem(testEnv({ RELAY_CALLBACK_DEDUPE_TTL_MS: '60000', RELAY_UPLOAD_UNATTACHED_HOURS: '1e3', RELAY_TOKEN_MAX_AGE_DAYS: '-1' })).variables.sort())
      .toEqual(['RELAY_CALLBACK_DEDUPE_TTL_MS', 'RELAY_TOKEN_MAX_AGE_DAYS', 'RELAY_UPLOAD_UNATTACHED_HOURS']);
  });

  it('reads signed identity and retention, refusing a short or reused identity secret and a required identity without one', () => {
    const defaults = loadConfig(testEnv());
    expect(defaults.identity).toEqual({ secret: undefined, required: false });
    expect(defaults.retentionMs).toBe(90 * 86_400_000);
    const secret = 'identity-secret-0123456789-abcdefghij';
    const set = loadConfig(testEnv({ RELAY_IDENTITY_SECRET: secret, RELAY_IDENTITY_REQUIRED: 'true', RELAY_RETENTION_DAYS: '0.5' }));
    expect(set.identity).toEqual({ secret, required: true });
    expect(set.retentionMs).toBe(43_200_000);
    expect(loadConfig(testEnv({ RELAY_RETENTION_DAYS: '0' })).retentionMs).toBe(0);
    const refused = problem(testEnv({ RELAY_IDENTITY_SECRET: 'short', RELAY_RETENTION_DAYS: '-3' }));
    expect(refused.variables.sort()).toEqual(['RELAY_IDENTITY_SECRET', 'RELAY_RETENTION_DAYS']);
    expect(refused.message).not.toContain('short');
    expect(problem(testEnv({ RELAY_IDENTITY_SECRET: TEST_SECRETS.RELAY_SECRET })).variables).toEqual(['RELAY_IDENTITY_SECRET']);
    expect(problem(testEnv({ RELAY_IDENTITY_REQUIRED: 'true' })).variables).toEqual(['RELAY_IDENTITY_REQUIRED']);
    expect(problem(testEnv({ RELAY_IDENTITY_SECRET: secret, RELAY_IDENTITY_REQUIRED: 'yes' })).variables).toEqual(['RELAY_IDENTITY_REQUIRED']);
  });

  it('opens SQLite with the commit durability RELAY_SQLITE_SYNC asks for', () => {
    expect(problem(testEnv({ RELAY_SQLITE_SYNC: 'sometimes' })).variables).toEqual(['RELAY_SQLITE_SYNC']);
    expect(loadConfig(testEnv()).sqliteSync).toBe('full');
    expect(loadConfig(testEnv({ RELAY_SQLITE_SYNC: 'NORMAL' })).sqliteSync).toBe('normal');
    for (const [sync, level] of [['full', 2], ['normal', 1]] as const) {
      const db = new Database(join(dir, `sync-${sync}.db`));
      openSchema(db, sync);
      expect(db.pragma('synchronous', { simple: true })).toBe(level);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    }
  });
});
