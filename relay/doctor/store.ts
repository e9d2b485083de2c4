// Doctor's store checks: the SQLite folder is writable (or can be made), or Redis answers, takes
// a write under the relay's prefix, and keeps its data on disk; and several relays (Redis) with
// uploads on each relay's own disk (not RELAY_FILES=s3) is a failure. Redis is named by host and
// port, never its URL.
import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { access, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from '../config';
import { fail, networkReason, ok, printableUrl, warn, type CheckResult } from './types';

export async function checkStore(config: Readonly<Config>, timeoutMs: number): Promise<CheckResult[]> {
  return config.redisUrl ? checkRedis(config.redisUrl, config.redisPrefix, timeoutMs) : [await checkDataDir(config.dataDir)];
}

async function checkDataDir(dir: string): Promise<CheckResult> {
  const fix = 'make RELAY_DATA_DIR writable by the user the relay runs as, or point it at a folder that is';
  if (!existsSync(dir)) {
    let parent = dirname(dir);
    while (!existsSync(parent) && parent !== dirname(parent)) parent = dirname(parent);
    try {
      await access(parent, constants.W_OK);
      return ok('store', `SQLite: ${dir} does not exist yet; the relay will create it (${parent} is writable)`);
    } catch {
      return fail('store', `SQLite: ${dir} does not exist and ${parent} is not writable`, fix, ['RELAY_DATA_DIR']);
    }
  }
  const probe = join(dir, `.kit-chat-doctor-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(probe, '');
    await rm(probe, { force: true });
    return ok('store', `SQLite: ${dir} is writable`);
  } catch (err) {
    return fail('store', `SQLite: ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`, fix, ['RELAY_DATA_DIR']);
  }
}

async function checkRedis(url: string, prefix: string, timeoutMs: number): Promise<CheckResult[]> {
  const where = redisAddress(url);
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let connectionError: unknown;
  redis.on('error', (err: unknown) => void (connectionError = err)); // reported below, by code only
  try {
    await redis.connect();
    const key = `${prefix}doctor:${randomBytes(6).toString('hex')}`;
    await redis.set(key, '1', 'PX', 10_000);
    const read = await redis.get(key);
    await redis.del(key);
    if (read !== '1') return [fail('store', `Redis at ${where} did not keep a value it was given`, 'check REDIS_URL points at a Redis server, not a proxy that drops writes', ['REDIS_URL'])];
  } catch (err) {
    redis.disconnect();
    // ioredis rejects with "connection closed"; the cause is in the error event before it.
    return [fail('store', `Redis at ${where} does not answer: ${networkReason(connectionError ?? err, timeoutMs)}`, 'start Redis or set REDIS_URL to a reachable one', ['REDIS_URL'])];
  }
  try {
    return [ok('store', `Redis at ${where} answers and takes writes under the prefix ${prefix}`), await persistence(redis, where)];
  } finally {
    redis.disconnect();
  }
}

/** Whether Redis writes its data to disk (AOF or RDB snapshots); without either a restart empties it. */
async function persistence(redis: Redis, where: string): Promise<CheckResult> {
  let aof: string | undefined;
  let save: string | undefined;
  try {
    aof = ((await redis.config('GET', 'appendonly')) as string[])[1];
    save = ((await redis.config('GET', 'save')) as string[])[1];
  } catch {
    // CONFIG is often disabled on managed Redis: INFO tells about AOF at least.
    const info = await redis.info('persistence').catch(() => '');
    if (/^aof_enabled:1/m.test(info)) aof = 'yes';
  }
  if (aof === 'yes') return ok('store-persistence', `Redis at ${where} writes every change to disk (appendonly)`);
  if (save !== undefined && save.trim() !== '') return ok('store-persistence', `Redis at ${where} saves snapshots to disk (save ${save}); appendonly would lose less on a crash`);
  const fix = 'turn on appendonly in Redis (appendonly yes, appendfsync always; everysec may lose the last second), so a Redis restart does not lose accepted messages';
  if (save === undefined) return warn('store-persistence', `Redis at ${where} does not say whether it keeps data on disk (CONFIG is not allowed)`, fix);
  return warn('store-persistence', `Redis at ${where} keeps nothing on disk (no appendonly, no snapshots)`, fix);
}

/** Several relays (Redis) need a file store they share: uploads on one relay's disk are missing on the others. */
export function checkFiles(config: Readonly<Config>): CheckResult {
  const { files } = config;
  if (files.kind === 's3') return ok('files', `uploads are kept in the S3 bucket ${files.bucket}${files.endpoint ? ` at ${printableUrl(files.endpoint)}` : ''}, which every relay reads`);
  if (!config.redisUrl) return ok('files', `uploads are kept in ${files.dir}`);
  return fail(
    'files',
    `REDIS_URL makes this one of several relays, but uploads are kept on each relay's own disk (${files.dir}): a file sent to one relay is missing on the others`,
    'set RELAY_FILES=s3 with RELAY_S3_BUCKET (and RELAY_S3_ENDPOINT, RELAY_S3_REGION and the key variables as needed) so every relay serves every file, or run a single relay without REDIS_URL',
    ['RELAY_FILES', 'REDIS_URL'],
  );
}

/** host:port of a Redis URL: never its user name or password. */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return '(REDIS_URL)';
  }
}
