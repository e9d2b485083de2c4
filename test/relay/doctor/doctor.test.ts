// kit-chat doctor against the Kit simulator and a running relay: a correct configuration passes,
// and each misconfiguration gets its own line naming the variable to change, with no secret in
// the text or the JSON.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main';
import type { Env } from '../../../relay/config';
import { formatReport, runDoctor, type DoctorReport } from '../../../relay/doctor/index';
import { listen, type Listening } from '../../helpers/http';
import { STACK_KIT, startRelayStack, type RelayStack } from '../../helpers/relay-stack';
import { TEST_SECRETS, testEnv } from '../../helpers/test-config';

let stack: RelayStack | undefined;
const servers: Listening[] = [];
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  for (const s of servers.splice(0)) await s.close();
});

/** A relay and the simulator, and the environment that describes them (as the relay's own .env would). */
async function running(env: Env = {}, simulator = {}) {
  stack = await startRelayStack({ env, simulator });
  const doctorEnv = testEnv({
    KIT_ACCOUNT: STACK_KIT.account,
    KIT_CHANNEL_UUID: STACK_KIT.channelUuid,
    KIT_API_URL: stack.sim.url,
    RELAY_DATA_DIR: stack.dataDir,
    RELAY_PUBLIC_URL: stack.relay.url,
    ...env,
  });
  return { stack, env: doctorEnv };
}

const SECRETS = [TEST_SECRETS.KIT_API_TOKEN, TEST_SECRETS.KIT_CALLBACK_SALT, TEST_SECRETS.RELAY_SECRET];
const line = (report: DoctorReport, check: string) => report.checks.filter((c) => c.check === check);
/** Runs doctor and checks what every run must hold: the text and the JSON hold no secret. */
async function doctor(env: Env): Promise<DoctorReport> {
  const report = await runDoctor(env, { timeoutMs: 2_000 });
  const printed = `${formatReport(report)}${JSON.stringify(report)}`;
  for (const secret of [...SECRETS, env.KIT_API_TOKEN, env.KIT_SIGNATURE_TOKEN]) if (secret) expect(printed).not.toContain(secret);
  return report;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('kit-chat doctor', () => {
  it('passes a correct configuration, one line per check, and exits 0', async () => {
    const { env } = await running();
    const report = await doctor(env);
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['config', 'ok'],
      ['kit-host', 'ok'],
      ['kit-login', 'ok'],
      ['kit-refresh', 'ok'],
      ['store', 'ok'],
      ['files', 'ok'],
      ['public-url', 'warn'], // http on this machine
      ['relay', 'ok'],
      ['origins', 'ok'],
      ['metrics', 'ok'], // loopback only, on this machine
      ['callbacks', 'warn'], // none yet
    ]);
    expect(report.ok).toBe(true);
    const text = formatReport(report);
    expect(text.trim().split('\n')).toHaveLength(report.checks.length + 2);
    expect(text).toMatch(/^ok {4}kit-login {9}login with KIT_ACCOUNT, KIT_API_TOKEN and KIT_CHANNEL_UUID works$/m);
    expect(text).toContain('No check failed (2 warnings).');
  });

  it('sees callbacks the running relay accepted', async () => {
    const { stack, env } = await running();
    const session = await (await fetch(`${stack.relay.url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
    await fetch(`${stack.relay.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` }, body: JSON.stringify({ id: 'm-1', text: 'hi' }) });
    await expect.poll(() => stack.sim.conversation(session.visitorId)?.messages.length).toBe(1);
    expect((await stack.sim.reply(session.visitorId, { text: 'Hello' })).delivered).toBe(true);
    const [callbacks] = line(await doctor(env), 'callbacks');
    expect(callbacks).toMatchObject({ status: 'ok', message: expect.stringContaining('the last callback from Kit was accepted at') });
  });

  it.each([
    ['a wrong API token', { KIT_API_TOKEN: 'kit-api-token-revoked-last-week' }, 'KIT_API_TOKEN', 'Kit refused the API token'],
    ['a wrong account', { KIT_ACCOUNT: 'acme-old-name' }, 'KIT_ACCOUNT', 'Kit does not know the account'],
    ['a wrong channel UUID', { KIT_CHANNEL_UUID: '7c2e4b1a-0000-4e6a-8b5c-1f0a2d3e4c5b' }, 'KIT_CHANNEL_UUID', 'Kit does not know the channel'],
  ])('fails the login on %s, naming %s', async (_what, wrong, variable, message) => {
    const { env } = await running();
    const report = await doctor({ ...env, ...wrong });
    const [login] = line(report, 'kit-login');
    expect(login).toMatchObject({ status: 'fail', variables: [variable], message: expect.stringContaining(message) });
    expect(login!.fix).toContain(variable);
    expect(report.ok).toBe(false);
  });

  it('fails an unreachable Kit host, naming KIT_API_URL, and tries no login', async () => {
    const { env } = await running();
    const report = await doctor({ ...env, KIT_API_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(line(report, 'kit-host')[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('connection refused'), variables: ['KIT_API_URL', 'KIT_REGION'] });
    expect(line(report, 'kit-login')).toEqual([]);
    expect(report.ok).toBe(false);
  });

  it('fails an http public URL that is not this machine, naming RELAY_PUBLIC_URL', async () => {
    const { env } = await running();
    const report = await doctor({ ...env, RELAY_PUBLIC_URL: 'http://chat.shop.invalid' });
    expect(line(report, 'public-url')[0]).toMatchObject({ status: 'fail', variables: ['RELAY_PUBLIC_URL'], message: expect.stringContaining('is http') });
    expect(report.ok).toBe(false);
  });

  it('warns when /metrics has no RELAY_METRICS_TOKEN on a public relay, and never prints the token', async () => {
    const { env } = await running();
    const open = await doctor({ ...env, RELAY_PUBLIC_URL: 'https://chat.shop.invalid' });
    expect(line(open, 'metrics')[0]).toMatchObject({ status: 'warn', variables: ['RELAY_METRICS_TOKEN'], message: expect.stringContaining('public relay') });
    const token = 'metrics-token-5d1c9a7e2b4f';
    const closed = await doctor({ ...env, RELAY_PUBLIC_URL: 'https://chat.shop.invalid', RELAY_METRICS_TOKEN: token });
    expect(line(closed, 'metrics')[0]).toMatchObject({ status: 'ok' });
    expect(`${formatReport(closed)}${JSON.stringify(closed)}`).not.toContain(token);
  });

  it('fails a public URL that reaches nothing, something else, or another relay', async () => {
    const { env } = await running();
    const nothing = await doctor({ ...env, RELAY_PUBLIC_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(line(nothing, 'relay')[0]).toMatchObject({ status: 'fail', variables: ['RELAY_PUBLIC_URL'], message: expect.stringContaining('connection refused') });

    const site = await listen((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Shop</h1>'));
    servers.push(site);
    const other = await doctor({ ...env, RELAY_PUBLIC_URL: `${site.url}/support` });
    expect(line(other, 'relay')[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('answered HTTP 404, but not as a kit-chat relay') });

    const another = await doctor({ ...env, KIT_CHANNEL_UUID: '0d8a4f2e-5b6c-4d7e-8f9a-0b1c2d3e4f5a', KIT_API_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(line(another, 'relay')[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('another Kit account or channel') });
  });

  it('fails an unreachable Redis, naming REDIS_URL and never its password', async () => {
    const { env } = await running();
    const report = await doctor({ ...env, REDIS_URL: `redis://:redis-pass-83f1@127.0.0.1:${await closedPort()}` });
    expect(line(report, 'store')[0]).toMatchObject({ status: 'fail', variables: ['REDIS_URL'], message: expect.stringContaining('does not answer: connection refused') });
    expect(JSON.stringify(report)).not.toContain('redis-pass-83f1');
  });

  it('fails Redis (several relays) with uploads on each relay\'s own disk, and passes them with S3', async () => {
    const { env } = await running();
    const report = await doctor({ ...env, REDIS_URL: process.env.REDIS_URL ?? `redis://127.0.0.1:${await closedPort()}`, RELAY_REDIS_PREFIX: 'doctor-test:' });
    expect(line(report, 'files')[0]).toMatchObject({ status: 'fail', variables: ['RELAY_FILES', 'REDIS_URL'], message: expect.stringContaining("uploads are kept on each relay's own disk") });
    expect(line(report, 'files')[0]!.fix).toContain('RELAY_FILES=s3');
    if (process.env.REDIS_URL) expect(line(report, 'store')[0]!.status).toBe('ok');
    const shared = await doctor({ ...env, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:1', RELAY_FILES: 's3', RELAY_S3_BUCKET: 'shop-chat-uploads', RELAY_S3_ENDPOINT: 'https://minio.shop.test' });
    expect(line(shared, 'files')[0]).toMatchObject({ status: 'ok', message: expect.stringContaining('S3 bucket shop-chat-uploads') });
  });

  const redisServer = spawnSync('redis-server', ['--version']).status === 0;
  it.skipIf(!redisServer)('warns when Redis keeps nothing on disk, and not once it writes an append-only file (needs redis-server)', async () => {
    const { env } = await running();
    const port = await closedPort();
    const dir = mkdtempSync(join(tmpdir(), 'doctor-redis-'));
    // Our own Redis, so its persistence can be changed (the shared one is never touched).
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const client = () => {
      const redis = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      redis.on('error', () => undefined);
      return redis;
    };
    const ping = async () => {
      const probe = client();
      try {
        await probe.connect();
        return await probe.ping();
      } catch {
        return 'down';
      } finally {
        probe.disconnect();
      }
    };
    const admin = client();
    try {
      await expect.poll(ping, { timeout: 5_000 }).toBe('PONG');
      await admin.connect();
      const redisEnv = { ...env, REDIS_URL: `redis://127.0.0.1:${port}` };
      const volatile = await doctor(redisEnv);
      expect(line(volatile, 'store')[0]!.status).toBe('ok');
      expect(line(volatile, 'store-persistence')[0]).toMatchObject({ status: 'warn', message: expect.stringContaining('keeps nothing on disk'), fix: expect.stringContaining('appendonly') });
      await admin.config('SET', 'appendonly', 'yes');
      const durable = await doctor(redisEnv);
      expect(line(durable, 'store-persistence')[0]).toMatchObject({ status: 'ok', message: expect.stringContaining('appendonly') });
    } finally {
      admin.disconnect();
      // SIGKILL: a Redis still writing its first append-only file refuses SIGTERM. It is a throwaway.
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses the placeholders of .env.example, one line per variable', async () => {
    const report = await doctor(testEnv({ KIT_API_TOKEN: 'replace-with-your-kit-api-token', KIT_CHANNEL_UUID: '00000000-0000-0000-0000-000000000000' }));
    expect(report.checks.map((c) => [c.check, c.status, c.variables])).toEqual([
      ['config', 'fail', ['KIT_API_TOKEN']],
      ['config', 'fail', ['KIT_CHANNEL_UUID']],
    ]);
    expect(formatReport(report)).not.toContain('replace-with');
  });

  it('prints the same report as JSON with --json, and exits 1 when a check failed', async () => {
    const { env } = await running();
    let out = '';
    const ctx = { env: { ...env, KIT_API_TOKEN: 'kit-api-token-revoked-last-week' }, cwd: process.cwd(), stdout: (t: string) => void (out += t), stderr: () => undefined };
    expect(await runCli(['doctor', '--json'], ctx)).toBe(1);
    const json = JSON.parse(out) as DoctorReport;
    expect(json.ok).toBe(false);
    expect(json.checks.find((c) => c.check === 'kit-login')).toMatchObject({ status: 'fail', variables: ['KIT_API_TOKEN'] });
    out = '';
    expect(await runCli(['doctor'], { ...ctx, env })).toBe(0);
    expect(out).toMatch(/^ok {4}config /m);
  });
});
