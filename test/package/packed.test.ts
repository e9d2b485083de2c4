// The package as its users get it: `npm pack`, then one `npm install` of the tarball into an
// empty project with production dependencies only (no tsx, no vite), and there: the `kit-chat`
// command runs the relay against the simulator from the same package; a site's Express app
// mounts the relay under /support and a visitor's message, upload and reply make the round trip
// (also in Chromium, through loadKitChat); and TypeScript with nodenext resolution accepts the
// declarations. Slow (the install compiles better-sqlite3), so it is its own run: npm run test:package.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ROOT } from '../../scripts/import-graph';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { composer, log, openWidget } from '../helpers/e2e-widget';
import { readUntil, startVisitor } from '../integration/visitor';
import { PNG } from '../relay/uploads/fixtures';

const FIXTURES = join(ROOT, 'test/package/consumer');
/** What the consumer project installs besides the tarball: its own server and type tooling. */
const CONSUMER_DEPS = ['express@^5.3.0', 'typescript@5.9', '@types/node@^20.19.0', '@types/express@^5.0.6'];
const SIM = { account: 'demo-shop', apiToken: 'api-token-of-the-cli-run', channelUuid: '3f6b2c1e-8a4d-4f7e-9b21-5c0d7e9a1b42', salt: 'salt-of-the-cli-run' };

let work: string;
let project: string;
const children = new Set<ChildProcess>();

/**
 * The environment without npm's own variables and without the product's settings (CI exports
 * REDIS_URL for the other suites), so nested commands see only the temp project and its .env.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|RELAY_|KIT_)/i.test(key) && key !== 'REDIS_URL' && key !== 'LOG_LEVEL') env[key] = value;
  }
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, timeout = 600_000): string {
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

interface Started {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first output line `match` accepts. */
  line<T>(match: (line: string) => T | undefined, timeoutMs?: number): Promise<T>;
  /** SIGTERM to the command's process group; resolves once all of it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a long-running command in the project, in its own process group, and keeps everything
 * it prints. `stop()` signals the whole group, as a service manager does: npx does not pass
 * SIGTERM on to the command it runs.
 */
function start(command: string, args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(command, args, { cwd: project, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += String(chunk);
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  // 'close' comes once every process holding the output pipes (npx's child too) has exited.
  const closed = new Promise<void>((resolve) => child.once('close', () => {
    children.delete(child);
    for (const wake of waiters) wake();
    resolve();
  }));
  return {
    child,
    output: () => out,
    line: (match, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no matching line within ${timeoutMs} ms:\n${out}`)), timeoutMs);
        const check = () => {
          for (const l of out.split('\n')) {
            const found = match(l);
            if (found !== undefined) return finish(undefined, found);
          }
          if (!children.has(child)) finish(new Error(`${command} ${args[0]} exited:\n${out}`));
        };
        function finish(err?: Error, value?: unknown) {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve(value as never);
        }
        waiters.add(check);
        check();
      }),
    async stop() {
      signalGroup(child, 'SIGTERM');
      await closed;
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is gone already
  }
}

const json = <T>(line: string): T | undefined => {
  try {
    return line.startsWith('{') ? (JSON.parse(line) as T) : undefined;
  } catch {
    return undefined;
  }
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kit-chat-package-'));
  project = join(work, 'site');
  run('npm', ['pack', '--pack-destination', work], ROOT); // prepack builds dist/ first
  const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
  cpSync(FIXTURES, project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'corner-shop', private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', tarball, ...CONSUMER_DEPS], project);
}, 900_000);

afterAll(async () => {
  for (const child of children) signalGroup(child, 'SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed kit-chat package in an empty project', () => {
  it('installs without the build tools: no tsx, vite or vitest, and the compiled entry points', () => {
    const modules = join(project, 'node_modules');
    for (const tool of ['tsx', 'vite', 'vitest', 'playwright-core']) expect(existsSync(join(modules, tool)), tool).toBe(false);
    const pkg = JSON.parse(readFileSync(join(modules, 'kit-chat/package.json'), 'utf8')) as { bin: Record<string, string>; exports: Record<string, unknown> };
    expect(pkg.bin).toEqual({ 'kit-chat': 'dist/cli/bin.js' });
    expect(Object.keys(pkg.exports).sort()).toEqual(['./package.json', './relay', './simulator', './widget', './widget.js']);
    expect(existsSync(join(modules, 'kit-chat/dist/widget/widget.js'))).toBe(true);
    expect(existsSync(join(modules, 'kit-chat/relay'))).toBe(false); // no sources shipped
  });

  it('runs `npx kit-chat relay` against `npx kit-chat simulator` until /readyz answers 200, passes `npx kit-chat doctor`, and stops on SIGTERM', async () => {
    const sim = start('npx', ['--no-install', 'kit-chat', 'simulator', '--port', '0', '--no-echo-bot', '--account', SIM.account,
      '--api-token', SIM.apiToken, '--channel-uuid', SIM.channelUuid, '--salt', SIM.salt, '--callback-url', 'http://127.0.0.1:1/kit/callback']);
    const simUrl = await sim.line((l) => /^Kit simulator: (\S+)/.exec(l)?.[1]);
    writeFileSync(join(project, '.env'), [
      `KIT_ACCOUNT=${SIM.account}`, `KIT_API_TOKEN=${SIM.apiToken}`, `KIT_CHANNEL_UUID=${SIM.channelUuid}`,
      `KIT_CALLBACK_SALT=${SIM.salt}`, `KIT_API_URL=${simUrl}`, 'RELAY_PORT=0', 'RELAY_DATA_DIR=./relay-data', '',
    ].join('\n'));
    const relay = start('npx', ['--no-install', 'kit-chat', 'relay']);
    const url = await relay.line((l) => json<{ msg?: string; url?: string }>(l)?.msg === 'relay listening' ? json<{ url: string }>(l)!.url : undefined);
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 10_000 }).toBe(200);
    expect((await fetch(`${url}/widget.js`)).status).toBe(200);

    // Kit's test request when the channel's Callback URL is saved, then doctor on the running relay.
    await fetch(`${simUrl}/admin/callback-url`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${url}/kit/callback` }) });
    await expect.poll(async () => (await (await fetch(`${url}/readyz`)).json()).callbacks.testRequestAt).not.toBeNull();
    const doctor = (env: Record<string, string>, ...args: string[]) =>
      spawnSync('npx', ['--no-install', 'kit-chat', 'doctor', ...args], { cwd: project, env: cleanEnv({ RELAY_PUBLIC_URL: url, ...env }), encoding: 'utf8' });
    const good = doctor({});
    console.log(`kit-chat doctor, a good setup (exit ${good.status}):\n${good.stdout}`);
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/^ok {4}kit-login /m);
    expect(good.stdout).toMatch(/^ok {4}relay +RELAY_PUBLIC_URL reaches this relay/m);
    const broken = doctor({ KIT_API_TOKEN: 'a-revoked-api-token', RELAY_ALLOWED_ORIGINS: '' });
    console.log(`kit-chat doctor, a wrong API token (exit ${broken.status}):\n${broken.stdout}`);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^fail  kit-login .*KIT_API_TOKEN/m);
    const report = doctor({}, '--json');
    expect(JSON.parse(report.stdout)).toMatchObject({ ok: true, checks: expect.arrayContaining([expect.objectContaining({ check: 'kit-login', status: 'ok' })]) });
    for (const output of [good.stdout, broken.stdout, report.stdout]) expect(output).not.toContain(SIM.apiToken);

    await relay.stop();
    expect(relay.output()).toContain('"msg":"relay shutting down"');
    expect(relay.output()).toContain('"msg":"relay stopped"');
    expect(relay.output()).not.toContain(SIM.apiToken);
    await sim.stop();
  });

  it('mounts createRelay under /support in a site\'s Express app: widget, event stream, upload and reply through the simulator', async () => {
    const app = start('node', ['app.mjs'], { RELAY_DATA_DIR: join(work, 'mounted-data') });
    const { site, sim } = await app.line((l) => json<{ site: string; sim: string }>(l));
    const base = `${site}/support`;
    expect(await (await fetch(`${site}/api/cart`)).json()).toEqual({ items: 2 });
    const widget = await fetch(`${base}/widget.js`);
    expect(widget.status).toBe(200);
    expect(await widget.text()).toContain('KitChat');

    const visitor = await startVisitor(base, { profile: { name: 'Olga' } });
    const stream = await visitor.stream();
    const upload = await fetch(`${base}/v1/uploads?name=receipt.png`, {
      method: 'POST', headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'image/png' }, body: PNG,
    });
    expect(upload.status).toBe(201);
    const file = (await upload.json()) as { fileId: string; url: string };
    expect(file.url.startsWith(`${base}/files/`)).toBe(true);
    expect((await fetch(file.url)).status).toBe(200);
    const sent = await fetch(`${base}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'm-1', text: 'Here is my receipt', attachments: [{ fileId: file.fileId }] }),
    });
    expect(sent.status).toBe(202);
    await readUntil(stream, (e) => e.type === 'status' && e.id === 'm-1' && e.status === 'delivered');
    const atKit = (await (await fetch(`${sim}/admin/clients/${visitor.visitorId}`)).json()) as { conversations: { messages: { text?: string; payload: { file_url?: string }[] }[] }[] };
    expect(atKit.conversations[0]!.messages[0]).toMatchObject({ text: 'Here is my receipt', payload: [{ file_url: file.url }] });

    const reply = await fetch(`${sim}/admin/clients/${visitor.visitorId}/reply`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Refund on its way' }),
    });
    expect(reply.status).toBe(202);
    const entries = await readUntil(stream, (e) => e.type === 'message' && e.message.from === 'agent');
    expect(entries.at(-1)).toMatchObject({ message: { text: 'Refund on its way' } });
    await stream.cancel();
    await app.stop();
  });

  it.skipIf(!browserAvailable())('loads the widget with loadKitChat in Chromium from the relay under /support and chats through it', async () => {
    const app = start('node', ['app.mjs'], { RELAY_DATA_DIR: join(work, 'browser-data') });
    const { site, sim } = await app.line((l) => json<{ site: string; sim: string }>(l));
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
      onTestFailed(() => console.log(`page problems:\n${problems.join('\n')}`));
      await page.goto(`${site}/`);
      expect(await page.evaluate(() => (window as unknown as { kitChatReady: Promise<string> }).kitChatReady)).toBe('ready');
      await openWidget(page);
      await composer(page).fill('Do you deliver on Sundays?');
      await composer(page).press('Enter');
      await log(page).getByText('Delivered').waitFor();
      const clients = (await (await fetch(`${sim}/admin/clients`)).json()) as { clients: { clientId: string }[] };
      expect(clients.clients).toHaveLength(1);
      await fetch(`${sim}/admin/clients/${clients.clients[0]!.clientId}/reply`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Yes, until noon.' }),
      });
      await log(page).getByText('Yes, until noon.', { exact: true }).waitFor();
    } finally {
      await browser.close();
      await app.stop();
    }
  });

  it('type-checks a TypeScript file using kit-chat/relay, kit-chat/widget and kit-chat/simulator with nodenext resolution', () => {
    const tsc = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  });
});
