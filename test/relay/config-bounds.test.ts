// Every numeric configuration variable at and past its bounds: the bounds are accepted, one
// past either side and non-integers are refused with the variable named (and never the value),
// and README and .env.example both document the variable.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../relay/config';
import { ConfigError } from '../../relay/errors';
import { ROOT } from '../../scripts/import-graph';
import { testEnv } from '../helpers/test-config';

const DAY_MS = 24 * 3600_000;
/** [variable, smallest, largest] as the README promises them. */
const BOUNDS: [string, number, number][] = [
  ['RELAY_PORT', 0, 65_535],
  ['KIT_TIMEOUT_MS', 100, 120_000],
  ['RELAY_TEXT_MAX_CHARS', 1, 100_000],
  ['RELAY_BODY_MAX_BYTES', 1024, 10 * 1024 * 1024],
  ['RELAY_UPLOAD_MAX_BYTES', 1024, 1024 * 1024 * 1024],
  ['RELAY_RATE_VISITOR_PER_MIN', 1, 1_000_000],
  ['RELAY_RATE_IP_PER_MIN', 1, 1_000_000],
  ['RELAY_RATE_SESSIONS_PER_MIN', 1, 1_000_000],
  ['RELAY_RATE_RESUMES_PER_MIN', 1, 1_000_000],
  ['RELAY_RATE_CALLBACK_REFUSED_PER_MIN', 1, 1_000_000],
  ['RELAY_STREAMS_PER_VISITOR', 1, 1000],
  ['RELAY_STREAMS_PER_IP', 1, 1_000_000],
  ['RELAY_STREAMS_MAX', 1, 1_000_000],
  ['RELAY_STREAM_MAX_AGE_MS', 1000, DAY_MS],
  ['RELAY_UPLOAD_QUOTA_BYTES', 1024, Number.MAX_SAFE_INTEGER],
  ['RELAY_MIN_FREE_DISK_MB', 0, 1_000_000_000],
  ['RELAY_OUTBOX_DEADLINE_MS', 1000, 30 * DAY_MS],
  ['RELAY_OUTBOX_BACKOFF_BASE_MS', 1, 60_000],
  ['RELAY_OUTBOX_BACKOFF_MAX_MS', 10, 3_600_000],
  ['RELAY_OUTBOX_LEASE_MS', 100, 3_600_000],
  ['RELAY_OUTBOX_CONCURRENCY', 1, 256],
  ['RELAY_HEARTBEAT_MS', 100, 25_000],
  ['RELAY_CALLBACK_DEDUPE_TTL_MS', 3600_000, 365 * DAY_MS],
];

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ENV_EXAMPLE = readFileSync(join(ROOT, '.env.example'), 'utf8');
const DATA_DIR = mkdtempSync(join(tmpdir(), 'config-bounds-'));
afterAll(() => rmSync(DATA_DIR, { recursive: true, force: true }));

function problemWith(name: string, value: string): string | undefined {
  try {
    loadConfig(testEnv({ RELAY_DATA_DIR: DATA_DIR, [name]: value }));
    return undefined;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}

describe.each(BOUNDS)('%s', (name, min, max) => {
  it(`accepts ${min} and ${max}`, () => {
    expect(problemWith(name, String(min))).toBeUndefined();
    expect(problemWith(name, String(max))).toBeUndefined();
  });

  it.each([String(min - 1), String(max + 1), `${min}.5`, 'ten', '1e3x'])('refuses %s, naming the variable and its bounds but not the value', (value) => {
    const message = problemWith(name, value);
    expect(message).toContain(`${name} must be a whole number from ${min} to ${max}`);
    expect(message).not.toContain(`=${value}`);
  });

  it('is documented in README and .env.example', () => {
    expect(README).toContain(name);
    expect(ENV_EXAMPLE).toContain(name);
  });
});
