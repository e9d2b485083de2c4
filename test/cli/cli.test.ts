// The `kit-chat` command line, run in-process from its sources: usage, unknown commands, the
// relay refusing an incomplete configuration by variable name, and the simulator and the relay
// running until stopped.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import type { Env } from '../../relay/config';
import { ROOT } from '../../scripts/import-graph';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function io(env: Env = {}, cwd?: string) {
  let out = '';
  let err = '';
  const dir = cwd ?? mkdtempSync(join(tmpdir(), 'kit-chat-cli-'));
  if (!cwd) dirs.push(dir);
  return {
    ctx: { env, cwd: dir, stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) },
    out: () => out,
    err: () => err,
  };
}

describe('kit-chat', () => {
  it('lists its commands, one line each', async () => {
    const { ctx, out } = io();
    expect(await runCli(['--help'], ctx)).toBe(0);
    expect(out()).toMatch(/^ {2}relay +run the relay/m);
    expect(out()).toMatch(/^ {2}simulator +run the Kit simulator/m);
  });

  it('refuses an unknown command with status 2 and the usage', async () => {
    const { ctx, err } = io();
    expect(await runCli(['serve'], ctx)).toBe(2);
    expect(err()).toContain('Unknown command: serve');
    expect(err()).toContain('Usage: kit-chat <command>');
  });

  it('refuses an unknown option of a command with status 2 and that command\'s usage', async () => {
    const { ctx, err } = io();
    expect(await runCli(['relay', '--port', '80'], ctx)).toBe(2);
    expect(err()).toContain('Usage: kit-chat relay');
  });

  it('refuses to start the relay without Kit credentials, naming the variables and never a value', async () => {
    const { ctx, err } = io({ KIT_ACCOUNT: 'shop', KIT_API_TOKEN: 'tok-secret-4f1a' });
    expect(await runCli(['relay'], ctx)).toBe(1);
    expect(err()).toContain('KIT_CHANNEL_UUID is required');
    expect(err()).toContain('KIT_CALLBACK_SALT is required');
    expect(err()).not.toContain('tok-secret-4f1a');
  });

  it('refuses to start the relay on a .env copied from .env.example, naming the placeholders', async () => {
    const { ctx, err } = io();
    copyFileSync(join(ROOT, '.env.example'), join(ctx.cwd, '.env'));
    expect(await runCli(['relay'], ctx)).toBe(1);
    for (const name of ['KIT_ACCOUNT', 'KIT_API_TOKEN', 'KIT_CHANNEL_UUID', 'KIT_CALLBACK_SALT', 'RELAY_ALLOWED_ORIGINS']) {
      expect(err()).toContain(`${name} is still a placeholder`);
    }
    expect(err()).not.toContain('replace-with');
  });

  it('reads .env in the working directory, with the environment winning', async () => {
    const { ctx, err } = io({ KIT_ACCOUNT: 'from-env' });
    writeFileSync(join(ctx.cwd, '.env'), 'KIT_ACCOUNT=from-file\nKIT_API_TOKEN=tok\nKIT_CHANNEL_UUID=c\nRELAY_PORT=99999\n');
    expect(await runCli(['relay'], ctx)).toBe(1);
    expect(err()).toContain('KIT_CALLBACK_SALT is required');
    expect(err()).toContain('RELAY_PORT must be a whole number');
    expect(err()).not.toContain('KIT_API_TOKEN');
    expect(ctx.env.KIT_ACCOUNT).toBe('from-env');
  });

  it('runs the simulator until stopped', async () => {
    const { ctx, out } = io();
    const stop = new AbortController();
    const running = runCli(['simulator', '--port', '0', '--no-echo-bot'], { ...ctx, signal: stop.signal });
    await expect.poll(() => /Kit simulator: (\S+)/.exec(out())?.[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const url = /Kit simulator: (\S+)/.exec(out())![1]!;
    expect((await fetch(`${url}/admin/state`)).status).toBe(200);
    stop.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/admin/state`)).rejects.toThrow();
  });
});
