// `kit-chat relay` as its own process (cli/bin.ts under tsx), with nothing but the environment
// given: a bad configuration exits 1 at once, naming each variable at fault and no value.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/import-graph';

const cwd = mkdtempSync(join(tmpdir(), 'relay-process-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function relay(env: Record<string, string>) {
  // tsx by its resolved URL: the process runs in an empty directory (no .env) that cannot resolve it.
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'cli/bin.ts'), 'relay'], {
    cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env }, encoding: 'utf8', timeout: 30_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const KIT = { KIT_ACCOUNT: 'acme', KIT_API_TOKEN: 'kit-token-5f1e9a7c3b2d', KIT_CHANNEL_UUID: '3f6b2c1e-8a4d-4f7e-9b21-5c0d7e9a1b42', KIT_CALLBACK_SALT: 'salt-9d8c7b6a' };

/** Starting node with tsx takes seconds on a loaded machine. */
const PROCESS_TIMEOUT_MS = 60_000;

describe('the relay process with a bad configuration', { timeout: PROCESS_TIMEOUT_MS }, () => {
  it('exits 1 naming every missing Kit variable', () => {
    const r = relay({});
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('Invalid configuration: KIT_ACCOUNT is required; KIT_API_TOKEN is required; KIT_CHANNEL_UUID is required; KIT_CALLBACK_SALT is required');
    expect(r.stdout).toBe('');
  });

  it('exits 1 naming each variable out of bounds, and never repeating a value', () => {
    const r = relay({ ...KIT, RELAY_PORT: '70000', RELAY_OUTBOX_CONCURRENCY: '0', REDIS_URL: 'http://user:hunter2@cache:6379' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('RELAY_PORT must be a whole number from 0 to 65535');
    expect(r.stderr).toContain('RELAY_OUTBOX_CONCURRENCY must be a whole number from 1 to 256');
    expect(r.stderr).toContain('REDIS_URL must be a redis:// or rediss:// URL');
    for (const value of ['70000', 'hunter2', KIT.KIT_API_TOKEN, KIT.KIT_CALLBACK_SALT]) expect(r.stderr).not.toContain(value);
  });
});
