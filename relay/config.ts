// The only reader of the environment. Parses and validates it once into a frozen, typed
// Config; problems name the variables at fault, never their values.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './errors';
import { HOURS_SYNTAX, isTimeZone, parseHolidays, parseHours, type Schedule } from './hours/schedule';

/** Express `trust proxy`: off, how many proxies stand in front, or which addresses are proxies. */
export type TrustProxy = false | number | readonly string[];

/** Where uploads live: the relay's own disk, or an S3-compatible bucket every relay shares. */
export type FilesConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      /** An S3-compatible endpoint (MinIO, Cloudflare R2, …); AWS S3 when unset. */
      endpoint: string | undefined;
      region: string;
      /** Both or neither; without them the AWS SDK's own credential chain applies (an instance role). */
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      forcePathStyle: boolean;
    };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface KitConfig {
  account: string;
  apiToken: string;
  channelUuid: string;
  callbackSalt: string;
  /** Base of the custom channel API, without a trailing slash. */
  apiUrl: string;
  /** The `token` part of the callback signature MD5(salt:token:event_id); docs/kit-api.md §4.2. */
  signatureToken: string;
  /** Per-call timeout for every Kit request. */
  timeoutMs: number;
}

export interface Config {
  kit: KitConfig;
  /** True when KIT_* credentials came from the environment (not defaults for the simulator). */
  kitConfigured: boolean;
  publicUrl: string;
  allowedOrigins: string[];
  port: number;
  host: string;
  /** Key for visitor tokens (HMAC-SHA256). */
  secret: string;
  dataDir: string;
  /** Where uploads live (RELAY_FILES). */
  files: FilesConfig;
  /** SQLite commit durability: `full` survives a power cut, `normal` a killed process. */
  sqliteSync: 'full' | 'normal';
  redisUrl: string | undefined;
  /** Namespace of every Redis key, so several deployments can share one Redis. */
  redisPrefix: string;
  /** Express `trust proxy`: false, a hop count, or the proxies' addresses/subnets; never `true`. */
  trustProxy: TrustProxy;
  /** Bearer token /metrics asks for (RELAY_METRICS_TOKEN); unset: only clients on this machine. */
  metricsToken: string | undefined;
  /** `host` or `host:port` the relay may fetch operator media from although they are internal addresses. */
  mediaAllowedHosts: string[];
  /** Absolute lifetime of each visitor token; resuming a session hands out a fresh one. */
  tokenMaxAgeMs: number;
  /** Signed identity: the key of userHash, and whether every session must carry one. */
  identity: { secret: string | undefined; required: boolean };
  /** A visitor idle this long is erased, and uploads this old are deleted; 0 keeps everything. */
  retentionMs: number;
  logLevel: LogLevel;
  limits: {
    textMaxChars: number;
    bodyMaxBytes: number;
    uploadMaxBytes: number;
    uploadTypes: string[];
    /** Requests a visitor may make per minute on /v1 (sessions excluded). */
    visitorPerMinute: number;
    /** Requests one IP address may make per minute on /v1. */
    ipPerMinute: number;
    /** New visitors one address may start per minute. */
    sessionsPerMinute: number;
    /** Resumes (POST /v1/sessions with a token) one visitor may make per minute. */
    resumesPerMinute: number;
    /** Refused Kit callbacks one address may send per minute before all of its callbacks get 429. */
    callbackRefusedPerMinute: number;
    /** Open event streams per visitor. */
    streamsPerVisitor: number;
    /** Open event streams per address (IPv6: per /64). */
    streamsPerIp: number;
    /** Open event streams in this process. */
    streamsMax: number;
    /** An event stream is ended after about this long, so the client reconnects (and re-authenticates). */
    streamMaxAgeMs: number;
    /** Bytes of uploads the relay keeps for one visitor. */
    uploadQuotaBytes: number;
    /** Uploads never attached to a message are deleted after this long. */
    uploadUnattachedMs: number;
    /** Uploads are refused while the local file store has less free space than this (not checked on S3). */
    minFreeDiskBytes: number;
  };
  outbox: {
    /** After this long without success an outbox entry is marked failed. */
    deadlineMs: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    /** How long a claim on an outbox entry lasts before another worker may take it. */
    leaseMs: number;
    concurrency: number;
  };
  sse: { heartbeatMs: number };
  callbackDedupeTtlMs: number;
  /** Business hours (RELAY_HOURS, RELAY_TIMEZONE, RELAY_HOLIDAYS); undefined: always online. */
  hours: Schedule | undefined;
}

const DEFAULT_UPLOAD_TYPES = [
  'image/png', 'image/jpeg', 'image/gif', 'image/webp',
  'application/pdf',
  'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'text/plain', 'text/csv',
  'audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/mp4',
  'video/mp4', 'video/webm', 'video/quicktime',
];

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const KIT_REGIONS = ['eu', 'us', 'br', 'kz', 'ru', 'ru2'];
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const KIT_REQUIRED = ['KIT_ACCOUNT', 'KIT_API_TOKEN', 'KIT_CHANNEL_UUID', 'KIT_CALLBACK_SALT'] as const;

export type Env = Record<string, string | undefined>;

export interface LoadOptions {
  /** Refuse to start without KIT_* credentials (production). False lets the demo fill them in. */
  requireKit?: boolean;
  /**
   * Without RELAY_SECRET, generate one and keep it in the data dir (default). False leaves the
   * secret empty and the disk alone, for `kit-chat doctor`, which must change nothing.
   */
  generateSecret?: boolean;
  /** Values used for the KIT_* variables when they are absent (the demo's simulator). */
  kitDefaults?: Partial<Record<(typeof KIT_REQUIRED)[number] | 'KIT_API_URL', string>>;
}

/** Reads a `.env` file (by default the working directory's) into `env`; variables already set win. */
export function loadDotEnv(path = '.env', env: Env = process.env): void {
  if (!existsSync(path)) return;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) env[name] ??= value;
}

export function loadConfig(env: Env = process.env, options: LoadOptions = {}): Readonly<Config> {
  const problems: { variable: string; problem: string }[] = [];
  const str = (name: string) => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push({ variable: name, problem: `must be a whole number from ${min} to ${max}` });
      return fallback;
    }
    return n;
  };
  const decimal = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || n < min || n > max) {
      problems.push({ variable: name, problem: `must be a number from ${min} to ${max}` });
      return fallback;
    }
    return n;
  };

  const kitConfigured = KIT_REQUIRED.every((name) => str(name) !== undefined);
  const missing = KIT_REQUIRED.filter((name) => str(name) === undefined);
  if (options.requireKit && missing.length > 0) {
    for (const variable of missing) problems.push({ variable, problem: 'is required' });
  }
  // A copied .env.example must not run against real Kit (or anything else) with its stand-ins.
  for (const variable of [...KIT_REQUIRED, 'KIT_SIGNATURE_TOKEN']) {
    if (isPlaceholder(str(variable))) problems.push({ variable, problem: PLACEHOLDER_PROBLEM });
  }
  for (const variable of ['RELAY_PUBLIC_URL', 'RELAY_ALLOWED_ORIGINS']) {
    if (str(variable)?.split(',').some((url) => isExampleDomain(url.trim()))) problems.push({ variable, problem: PLACEHOLDER_PROBLEM });
  }
  const kitValue = (name: (typeof KIT_REQUIRED)[number]) =>
    (kitConfigured ? str(name) : options.kitDefaults?.[name]) ?? '';

  let apiUrl = str('KIT_API_URL') ?? (kitConfigured ? undefined : options.kitDefaults?.KIT_API_URL);
  const region = (str('KIT_REGION') ?? 'eu').toLowerCase();
  if (!KIT_REGIONS.includes(region)) problems.push({ variable: 'KIT_REGION', problem: `must be one of ${KIT_REGIONS.join(', ')}` });
  apiUrl ??= `https://kit-im-${region}.voximplant.com`;
  if (!isHttpUrl(apiUrl)) problems.push({ variable: 'KIT_API_URL', problem: 'must be an http(s) URL' });

  const port = int('RELAY_PORT', 8787, 0, 65535);
  const host = str('RELAY_HOST') ?? '127.0.0.1';
  const publicUrl = (str('RELAY_PUBLIC_URL') ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/+$/, '');
  if (!isHttpUrl(publicUrl)) problems.push({ variable: 'RELAY_PUBLIC_URL', problem: 'must be an http(s) URL' });

  const allowedOrigins = (str('RELAY_ALLOWED_ORIGINS') ?? '')
    .split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const origin of allowedOrigins) {
    if (origin !== '*' && !isHttpUrl(origin)) {
      problems.push({ variable: 'RELAY_ALLOWED_ORIGINS', problem: 'must list http(s) origins separated by commas' });
      break;
    }
  }

  const logLevel = (str('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push({ variable: 'LOG_LEVEL', problem: `must be one of ${LOG_LEVELS.join(', ')}` });

  const redisUrl = str('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) problems.push({ variable: 'REDIS_URL', problem: 'must be a redis:// or rediss:// URL' });

  const sqliteSync = (str('RELAY_SQLITE_SYNC') ?? 'full').toLowerCase();
  if (sqliteSync !== 'full' && sqliteSync !== 'normal') problems.push({ variable: 'RELAY_SQLITE_SYNC', problem: 'must be full or normal' });
  const redisPrefix = str('RELAY_REDIS_PREFIX') ?? 'relay:';
  if (!/^[\w:.-]{1,64}$/.test(redisPrefix)) problems.push({ variable: 'RELAY_REDIS_PREFIX', problem: 'must be 1-64 letters, digits, or : . _ -' });
  const trustProxy = parseTrustProxy(str('RELAY_TRUST_PROXY'), (problem) => problems.push({ variable: 'RELAY_TRUST_PROXY', problem }));

  const metricsToken = str('RELAY_METRICS_TOKEN');
  if (metricsToken !== undefined && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    problems.push({ variable: 'RELAY_METRICS_TOKEN', problem: 'must be at least 16 characters without spaces (for example: openssl rand -hex 24)' });
  }
  if (isPlaceholder(metricsToken)) problems.push({ variable: 'RELAY_METRICS_TOKEN', problem: PLACEHOLDER_PROBLEM });

  const mediaAllowedHosts = (str('RELAY_MEDIA_ALLOWED_HOSTS') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (!mediaAllowedHosts.every((h) => /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(h))) {
    problems.push({ variable: 'RELAY_MEDIA_ALLOWED_HOSTS', problem: 'must list host or host:port entries separated by commas (no scheme, no path)' });
  }

  const dataDir = resolve(str('RELAY_DATA_DIR') ?? 'data');
  const secretRaw = str('RELAY_SECRET');
  if (secretRaw !== undefined && secretRaw.length < 32) problems.push({ variable: 'RELAY_SECRET', problem: 'must be at least 32 characters' });
  // Several relays must sign and check visitor tokens with one key; one generated into each
  // relay's data dir would make every relay refuse the others' visitors (401).
  if (secretRaw === undefined && redisUrl !== undefined) {
    problems.push({ variable: 'RELAY_SECRET', problem: 'is required with REDIS_URL: every relay must verify the visitor tokens the others issue, so give them all the same secret (at least 32 characters)' });
  }
  const identitySecret = str('RELAY_IDENTITY_SECRET');
  if (identitySecret !== undefined && identitySecret.length < 32) problems.push({ variable: 'RELAY_IDENTITY_SECRET', problem: 'must be at least 32 characters' });
  if (identitySecret !== undefined && identitySecret === secretRaw) {
    problems.push({ variable: 'RELAY_IDENTITY_SECRET', problem: 'must differ from RELAY_SECRET: your site\'s backend holds it too' });
  }
  const identityRequired = (str('RELAY_IDENTITY_REQUIRED') ?? 'false').toLowerCase();
  if (identityRequired !== 'true' && identityRequired !== 'false') problems.push({ variable: 'RELAY_IDENTITY_REQUIRED', problem: 'must be true or false' });
  if (identityRequired === 'true' && identitySecret === undefined) {
    problems.push({ variable: 'RELAY_IDENTITY_REQUIRED', problem: 'needs RELAY_IDENTITY_SECRET: no session could be verified without it' });
  }
  const files = parseFiles(str, dataDir, (variable, problem) => problems.push({ variable, problem }));

  const hours = parseSchedule(str, (variable, problem) => problems.push({ variable, problem }));

  const uploadTypes = str('RELAY_UPLOAD_TYPES')?.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean) ?? DEFAULT_UPLOAD_TYPES;

  const config: Config = {
    kit: {
      account: kitValue('KIT_ACCOUNT'),
      apiToken: kitValue('KIT_API_TOKEN'),
      channelUuid: kitValue('KIT_CHANNEL_UUID'),
      callbackSalt: kitValue('KIT_CALLBACK_SALT'),
      apiUrl: apiUrl.replace(/\/+$/, ''),
      signatureToken: str('KIT_SIGNATURE_TOKEN') ?? kitValue('KIT_API_TOKEN'),
      timeoutMs: int('KIT_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    kitConfigured,
    publicUrl,
    allowedOrigins,
    port,
    host,
    secret: '',
    dataDir,
    files,
    sqliteSync: sqliteSync === 'normal' ? 'normal' : 'full',
    redisUrl,
    redisPrefix,
    trustProxy,
    metricsToken,
    mediaAllowedHosts,
    tokenMaxAgeMs: decimal('RELAY_TOKEN_MAX_AGE_DAYS', 30, 0.01, 3650) * DAY_MS,
    identity: { secret: identitySecret, required: identityRequired === 'true' },
    retentionMs: Math.round(decimal('RELAY_RETENTION_DAYS', 90, 0, 36_500) * DAY_MS),
    logLevel,
    limits: {
      textMaxChars: int('RELAY_TEXT_MAX_CHARS', 4000, 1, 100_000),
      bodyMaxBytes: int('RELAY_BODY_MAX_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
      uploadMaxBytes: int('RELAY_UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      uploadTypes,
      visitorPerMinute: int('RELAY_RATE_VISITOR_PER_MIN', 120, 1, 1_000_000),
      ipPerMinute: int('RELAY_RATE_IP_PER_MIN', 600, 1, 1_000_000),
      sessionsPerMinute: int('RELAY_RATE_SESSIONS_PER_MIN', 30, 1, 1_000_000),
      resumesPerMinute: int('RELAY_RATE_RESUMES_PER_MIN', 60, 1, 1_000_000),
      callbackRefusedPerMinute: int('RELAY_RATE_CALLBACK_REFUSED_PER_MIN', 60, 1, 1_000_000),
      streamsPerVisitor: int('RELAY_STREAMS_PER_VISITOR', 8, 1, 1000),
      streamsPerIp: int('RELAY_STREAMS_PER_IP', 200, 1, 1_000_000),
      streamsMax: int('RELAY_STREAMS_MAX', 10_000, 1, 1_000_000),
      streamMaxAgeMs: int('RELAY_STREAM_MAX_AGE_MS', 30 * 60 * 1000, 1000, DAY_MS),
      uploadQuotaBytes: int('RELAY_UPLOAD_QUOTA_BYTES', 100 * 1024 * 1024, 1024, Number.MAX_SAFE_INTEGER),
      uploadUnattachedMs: decimal('RELAY_UPLOAD_UNATTACHED_HOURS', 24, 0.01, 24 * 365) * HOUR_MS,
      minFreeDiskBytes: int('RELAY_MIN_FREE_DISK_MB', 1024, 0, 1_000_000_000) * 1024 * 1024,
    },
    outbox: {
      deadlineMs: int('RELAY_OUTBOX_DEADLINE_MS', 24 * 60 * 60 * 1000, 1000, 30 * 24 * 60 * 60 * 1000),
      backoffBaseMs: int('RELAY_OUTBOX_BACKOFF_BASE_MS', 500, 1, 60_000),
      backoffMaxMs: int('RELAY_OUTBOX_BACKOFF_MAX_MS', 60_000, 10, 3_600_000),
      leaseMs: int('RELAY_OUTBOX_LEASE_MS', 120_000, 100, 3_600_000),
      concurrency: int('RELAY_OUTBOX_CONCURRENCY', 32, 1, 256),
    },
    sse: { heartbeatMs: int('RELAY_HEARTBEAT_MS', 20_000, 100, 25_000) },
    // Kit documents no retry policy for custom-channel callbacks (its account-level webhooks
    // retry 3 times, 5 minutes apart), so ids are kept far longer than any retry: 7 days, and
    // never less than an hour (docs/kit-api.md §6).
    callbackDedupeTtlMs: int('RELAY_CALLBACK_DEDUPE_TTL_MS', 7 * DAY_MS, HOUR_MS, 365 * DAY_MS),
    hours,
  };

  if (problems.length > 0) throw new ConfigError(problems);
  config.secret = secretRaw ?? (options.generateSecret === false ? '' : loadOrCreateSecret(dataDir));
  return deepFreeze(config);
}

/** Business hours from RELAY_HOURS, RELAY_TIMEZONE and RELAY_HOLIDAYS; each problem names its variable. */
function parseSchedule(str: (name: string) => string | undefined, problem: (variable: string, text: string) => void): Schedule | undefined {
  const timeZone = str('RELAY_TIMEZONE') ?? 'UTC';
  if (!isTimeZone(timeZone)) problem('RELAY_TIMEZONE', 'must be an IANA time zone name, for example Europe/Berlin');
  const read = <T>(variable: string, parse: (raw: string) => T, what: string): T | undefined => {
    const raw = str(variable);
    if (raw === undefined) return undefined;
    try {
      return parse(raw);
    } catch (error) {
      problem(variable, `must be ${what}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const ranges = read('RELAY_HOURS', parseHours, HOURS_SYNTAX);
  const holidays = read('RELAY_HOLIDAYS', parseHolidays, 'dates like 2026-12-31,2027-01-01');
  if (holidays && str('RELAY_HOURS') === undefined) problem('RELAY_HOLIDAYS', 'needs RELAY_HOURS: without hours the team counts as always online');
  return ranges ? { timeZone, ranges, holidays: holidays ?? [] } : undefined;
}

/** A generated secret kept in the data dir, so visitor tokens survive restarts. */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'relay-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

function parseFiles(str: (name: string) => string | undefined, dataDir: string, problem: (variable: string, text: string) => void): FilesConfig {
  const kind = (str('RELAY_FILES') ?? 'local').toLowerCase();
  if (kind === 'local') return { kind: 'local', dir: join(dataDir, 'files') };
  if (kind !== 's3') {
    problem('RELAY_FILES', 'must be local or s3');
    return { kind: 'local', dir: join(dataDir, 'files') };
  }
  const bucket = str('RELAY_S3_BUCKET') ?? '';
  // S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens (R2 and MinIO agree).
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) problem('RELAY_S3_BUCKET', 'is required with RELAY_FILES=s3: a bucket name of 3-63 lower-case letters, digits, dots or hyphens');
  const endpoint = str('RELAY_S3_ENDPOINT')?.replace(/\/+$/, '');
  if (endpoint !== undefined && !isHttpUrl(endpoint)) problem('RELAY_S3_ENDPOINT', 'must be an http(s) URL');
  const region = str('RELAY_S3_REGION') ?? 'us-east-1';
  if (!/^[a-z0-9-]{1,32}$/.test(region)) problem('RELAY_S3_REGION', 'must be a region name such as eu-central-1 (auto for Cloudflare R2)');
  const accessKeyId = str('RELAY_S3_ACCESS_KEY_ID');
  const secretAccessKey = str('RELAY_S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    problem(accessKeyId === undefined ? 'RELAY_S3_ACCESS_KEY_ID' : 'RELAY_S3_SECRET_ACCESS_KEY', 'must be set together with the other S3 key variable');
  }
  const pathStyle = (str('RELAY_S3_FORCE_PATH_STYLE') ?? 'false').toLowerCase();
  if (pathStyle !== 'true' && pathStyle !== 'false') problem('RELAY_S3_FORCE_PATH_STYLE', 'must be true or false');
  return {
    kind: 's3',
    bucket,
    endpoint,
    region,
    credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: pathStyle === 'true',
  };
}

const TRUST_PROXY_FIX = 'set the number of proxies in front of the relay (for example 1) or their addresses (for example 127.0.0.1,10.0.0.0/8)';
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `true` would make Express believe the left-most X-Forwarded-For, which any client writes
 * itself, so every per-address limit could be dodged: only a hop count or addresses pass.
 */
function parseTrustProxy(raw: string | undefined, problem: (text: string) => void): TrustProxy {
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw.toLowerCase() === 'true') {
    problem(`must not be true, which lets any client choose its address: ${TRUST_PROXY_FIX}`);
    return false;
  }
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0 || !entries.every(isProxyAddress)) {
    problem(`must be a hop count or proxy addresses separated by commas: ${TRUST_PROXY_FIX}`);
    return false;
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  if (extra !== undefined || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128);
}

const PLACEHOLDER_PROBLEM = 'is still a placeholder (as in .env.example): set the real value';
/** Stand-ins such as .env.example's: `your-account`, `replace-with-…`, `<token>`, the nil UUID. */
const PLACEHOLDER = /^(?:your[-_].*|replace[-_]with.*|change[-_]?me|todo|x{3,}|<[^>]*>|\$\{[^}]*\}|0{8}-0{4}-0{4}-0{4}-0{12})$/i;

export function isPlaceholder(value: string | undefined): boolean {
  return value !== undefined && PLACEHOLDER.test(value);
}

/** URLs on the domains reserved for examples (RFC 2606), which no real site or relay has. */
function isExampleDomain(value: string): boolean {
  try {
    return /(^|\.)example\.(com|net|org)$/i.test(new URL(value).hostname);
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export interface DemoOptions {
  host: string;
  sitePort: number;
  simulatorPort: number;
}

/** Settings of the one-command demo (`npm start`); the relay itself reads loadConfig. */
export function loadDemoOptions(env: Env = process.env): DemoOptions {
  const port = (name: string, fallback: number) => {
    const n = Number(env[name] ?? fallback);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError([{ variable: name, problem: 'must be a port number' }]);
    return n;
  };
  return {
    host: env.DEMO_HOST?.trim() || '127.0.0.1',
    sitePort: port('DEMO_SITE_PORT', 3000),
    simulatorPort: port('DEMO_SIMULATOR_PORT', 8788),
  };
}
