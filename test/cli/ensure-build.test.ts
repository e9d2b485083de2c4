// scripts/ensure-build.mjs, which `npm run relay` runs first: on a fresh clone it builds, with
// the build tools missing it says what to run, and an up-to-date build starts at once.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/import-graph';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A checkout in miniature: package.json whose build writes the stamp, one source file. */
function checkout(options: { tools: boolean }): string {
  dir = mkdtempSync(join(tmpdir(), 'ensure-build-'));
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(ROOT, 'scripts/ensure-build.mjs'), join(dir, 'scripts/ensure-build.mjs'));
  const build = "node -e \"require('fs').mkdirSync('dist',{recursive:true});require('fs').writeFileSync('dist/.build-stamp','x')\"";
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'checkout', private: true, scripts: { build } }));
  mkdirSync(join(dir, 'relay'));
  writeFileSync(join(dir, 'relay/main.ts'), 'export {};\n');
  if (options.tools) for (const tool of ['vite', 'tsx']) mkdirSync(join(dir, 'node_modules', tool), { recursive: true });
  return dir;
}

const run = (cwd: string) => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const result = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd, env, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

describe('ensure-build before npm run relay', () => {
  it('builds a fresh clone first', () => {
    const cwd = checkout({ tools: true });
    const first = run(cwd);
    expect(first.output).toContain('Building first (dist/ has not been built)');
    expect(first.status).toBe(0);
    expect(run(cwd)).toEqual({ status: 0, output: '' }); // built now: nothing to do
  });

  it('rebuilds when a source is newer than the build', () => {
    const cwd = checkout({ tools: true });
    run(cwd);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(cwd, 'relay/main.ts'), later, later);
    const again = run(cwd);
    expect(again.output).toContain('the sources changed since the last build');
    expect(again.status).toBe(0);
  });

  it('refuses with the command to run when there is no build and no build tools', () => {
    const result = run(checkout({ tools: false }));
    expect(result.status).toBe(1);
    expect(result.output).toContain('Run: npm ci && npm run build');
  });
});
