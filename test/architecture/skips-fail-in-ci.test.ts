// Under CI=true a skipped test fails the run, naming it; on a developer's machine it stays a skip.
// Runs vitest itself on a fixture whose tests skip, with the suite's reporter.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = 'test/fixtures/skipping/vitest.config.ts';

function runFixture(env: Record<string, string | undefined>, args: string[] = []) {
  const { CI: _ci, ...rest } = process.env;
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', CONFIG, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...rest, ...env, NO_COLOR: '1' }, timeout: 60_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('skipped tests under CI', () => {
  it('fail the run under CI=true and are each named', () => {
    const { status, output } = runFixture({ CI: 'true' });
    expect(status).toBe(1);
    expect(output).toContain('CI=true and 2 test(s) skipped');
    expect(output).toContain('skipping.fixture.ts: needs a tool this machine lacks');
    expect(output).toContain('skipping.fixture.ts: a group that needs Redis (REDIS_URL not set) > talks to Redis');
  });

  it('stay skips without CI', () => {
    const { status, output } = runFixture({});
    expect(status).toBe(0);
    expect(output).not.toContain('test(s) skipped');
  });

  it('stay skips when a name pattern chose the tests to run', () => {
    expect(runFixture({ CI: 'true' }, ['-t', 'runs']).status).toBe(0);
  });
});
