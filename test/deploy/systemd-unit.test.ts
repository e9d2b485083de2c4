// deploy/kit-chat.service: systemd accepts it as written (systemd-analyze verify, on a copy whose
// install paths point into a temp dir, with every warning counted as a failure), its settings
// make a valid relay configuration, and it runs the package's own command with room to stop.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../relay/config';
import { SHUTDOWN_GRACE_MS } from '../../relay/main';
import { TEST_SECRETS } from '../helpers/test-config';

const UNIT = readFileSync(fileURLToPath(new URL('../../deploy/kit-chat.service', import.meta.url)), 'utf8');
const PACKAGE = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { bin: Record<string, string> };
const setting = (name: string) => [...UNIT.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((m) => m[1]!);
const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
if (!hasAnalyze) console.warn('Skipping systemd-analyze verify of deploy/kit-chat.service: systemd-analyze is not installed (apt-get install systemd).');
const dir = mkdtempSync(join(tmpdir(), 'unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the systemd unit', () => {
  it.skipIf(!hasAnalyze)('passes systemd-analyze verify without a warning', () => {
    // The install paths, made real in a temp dir; nothing else changes.
    const install = join(dir, 'opt', 'kit-chat');
    mkdirSync(join(install, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(install, 'node_modules', '.bin', 'kit-chat'), '#!/bin/sh\n');
    chmodSync(join(install, 'node_modules', '.bin', 'kit-chat'), 0o755);
    writeFileSync(join(dir, 'relay.env'), 'KIT_ACCOUNT=acme\n');
    const copy = UNIT.replaceAll('/opt/kit-chat', install).replace('/etc/kit-chat/relay.env', join(dir, 'relay.env'));
    expect(copy).not.toBe(UNIT);
    writeFileSync(join(dir, 'kit-chat.service'), copy);
    const verify = spawnSync('systemd-analyze', ['verify', join(dir, 'kit-chat.service')], { encoding: 'utf8' });
    expect({ status: verify.status, output: `${verify.stdout}${verify.stderr}`.trim() }).toEqual({ status: 0, output: '' });
  });

  it('sets what with an env file of Kit and cluster settings makes a valid relay configuration behind one proxy', () => {
    const env: Record<string, string> = {};
    for (const line of setting('Environment')) {
      const [name, ...value] = line.split('=');
      env[name!] = value.join('=');
    }
    const config = loadConfig({
      ...env,
      RELAY_DATA_DIR: join(dir, 'data'), // /var/lib/kit-chat on a real host
      KIT_ACCOUNT: 'acme', KIT_API_TOKEN: TEST_SECRETS.KIT_API_TOKEN, KIT_CHANNEL_UUID: '11111111-2222-3333-4444-555555555555',
      KIT_CALLBACK_SALT: TEST_SECRETS.KIT_CALLBACK_SALT, RELAY_SECRET: TEST_SECRETS.RELAY_SECRET, REDIS_URL: 'redis://10.0.0.5:6379',
      RELAY_FILES: 's3', RELAY_S3_BUCKET: 'chat-uploads', RELAY_PUBLIC_URL: 'https://chat.shop.test', RELAY_ALLOWED_ORIGINS: 'https://shop.test',
    }, { requireKit: true });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 8787, trustProxy: 1 });
    expect(setting('EnvironmentFile')).toEqual(['/etc/kit-chat/relay.env']);
    expect(setting('ReadWritePaths')).toEqual([env.RELAY_DATA_DIR]);
  });

  it('starts the package\'s kit-chat relay command and gives it longer to stop than the relay takes', () => {
    const [exec] = setting('ExecStart');
    expect(exec).toMatch(/\/node_modules\/\.bin\/kit-chat relay$/);
    expect(Object.keys(PACKAGE.bin)).toContain('kit-chat');
    expect(setting('KillSignal')).toEqual(['SIGTERM']);
    expect(Number(setting('TimeoutStopSec')[0]) * 1000).toBeGreaterThan(SHUTDOWN_GRACE_MS);
    expect(setting('Restart')).toEqual(['on-failure']);
  });
});
