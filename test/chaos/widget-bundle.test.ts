// The built widget carries no server secret: no API token, callback salt or relay secret of
// the demo, the tests or the end-to-end stack, and no name of a secret setting.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { widgetBuildConfig } from '../../vite.config';
import { TEST_SECRETS } from '../helpers/test-config';
import { printFigures } from './figures';

const dir = mkdtempSync(join(tmpdir(), 'kitchat-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRETS = [
  'demo-api-token-not-a-secret', 'demo-salt-not-a-secret', // demo/main.ts defaults
  'e2e-api-token-3c9d1f7a', 'e2e-salt-6a2f9c1e', // test/helpers/e2e-stack.ts
  ...Object.values(TEST_SECRETS),
  'RELAY_SECRET', 'KIT_API_TOKEN', 'KIT_CALLBACK_SALT', 'KIT_SIGNATURE_TOKEN', 'relay-secret', 'access_token', 'refresh_token',
];

describe('widget bundle', () => {
  it('contains no secret and no name of a secret setting', async () => {
    await build({ ...widgetBuildConfig(dir), logLevel: 'silent' });
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|css|html|map)$/.test(f));
    const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    const found = SECRETS.filter((s) => text.includes(s));
    printFigures('widget bundle scanned for secrets', { files: files.length, bytes: text.length, 'secrets searched': SECRETS.length, found: found.length });
    expect(files.some((f) => f.endsWith('widget.js'))).toBe(true);
    expect(found).toEqual([]);
  });
});
