// nginx for tests: deploy/nginx.conf itself, with only what a test must change replaced (the
// relays' addresses, the listening ports, the certificate, the log path), each replacement
// checked so the test fails the day the committed file no longer has what it replaces. It runs
// as a foreground child with its own prefix, pid and logs in a temp dir.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const NGINX_CONF = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));

/** True when nginx and openssl are there; otherwise prints why the test will skip. */
export function nginxAvailable(): boolean {
  const missing = [existsSync(NGINX) ? undefined : `nginx (${NGINX})`, spawnSync('openssl', ['version']).status === 0 ? undefined : 'openssl'].filter(Boolean);
  if (missing.length === 0) return true;
  const message = `${missing.join(' and ')} not found: the nginx deployment test needs them (apt-get install nginx openssl).`;
  console.warn(`SKIPPING the nginx deployment test. ${message}`);
  return false;
}

export interface NginxSite {
  /** host:port of each relay, in place of the file's upstream servers. */
  relays: string[];
  httpPort: number;
  httpsPort: number;
  certFile: string;
  keyFile: string;
  logDir: string;
}

/** deploy/nginx.conf with the test's addresses; throws when a part it replaces is gone. */
export function deriveSiteConfig(site: NginxSite, source = readFileSync(NGINX_CONF, 'utf8')): string {
  let text = source;
  const replace = (what: string, pattern: RegExp, by: (match: string, ...groups: string[]) => string, count?: number) => {
    const found = text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))?.length ?? 0;
    if (found === 0 || (count !== undefined && found !== count)) throw new Error(`deploy/nginx.conf: expected ${count ?? 'some'} ${what}, found ${found}`);
    text = text.replace(pattern, by as (substring: string, ...args: unknown[]) => string);
  };
  let relay = 0;
  replace('upstream servers', /^(\s*)server [\d.]+:\d+( [^;]*)?;$/gm, (_m, indent, options) => `${indent}server ${site.relays[relay++]}${options ?? ''};`, site.relays.length);
  replace('IPv6 listens', /^\s*listen \[::\]:\d+[^;]*;\n/gm, () => '', 2);
  replace('an HTTP listen', /listen 80;/g, () => `listen 127.0.0.1:${site.httpPort};`, 1);
  replace('a TLS listen', /listen 443 ssl( http2)?;/g, (_m, h2) => `listen 127.0.0.1:${site.httpsPort} ssl${h2 ?? ''};`, 1);
  replace('a certificate', /ssl_certificate [^;]+;/g, () => `ssl_certificate ${site.certFile};`, 1);
  replace('a certificate key', /ssl_certificate_key [^;]+;/g, () => `ssl_certificate_key ${site.keyFile};`, 1);
  replace('an access log', /access_log \/var\/log\/nginx\/[^ ;]+/g, () => `access_log ${join(site.logDir, 'access.log')}`, 1);
  return text;
}

/** A throwaway certificate for 127.0.0.1 (browsers are told to accept it). */
export function selfSignedCertificate(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const made = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  return { certFile, keyFile };
}

export interface RunningNginx {
  dir: string;
  errorLog(): string;
  /** Replaces the site's configuration (SIGHUP): nginx keeps its ports; new workers take over soon after. */
  reload(siteConfig: string): void;
  stop(): Promise<void>;
}

/**
 * nginx on two loopback ports picked just before it binds them (nginx cannot listen on port 0
 * and tell which port it got): when another process took one meanwhile, nginx exits with
 * "Address already in use" and starts again on two other ports, three tries at most.
 */
export async function startNginxOnFreePorts(
  siteConfig: (ports: { httpPort: number; httpsPort: number }) => string,
): Promise<RunningNginx & { httpPort: number; httpsPort: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const ports = { httpPort: await freePort(), httpsPort: await freePort() };
    try {
      return { ...(await startNginx(siteConfig(ports))), ...ports };
    } catch (err) {
      if (!(err as { portTaken?: boolean }).portTaken || attempt === 3) throw err;
    }
  }
}

/** Runs nginx in the foreground with `siteConfig` inside its http block, until stop(). */
export async function startNginx(siteConfig: string, dir = mkdtempSync(join(tmpdir(), 'nginx-'))): Promise<RunningNginx> {
  // Worker processes of a root master switch user; let them read what the master wrote.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'site.conf'), siteConfig);
  writeFileSync(join(dir, 'nginx.conf'), [
    process.getuid?.() === 0 ? 'user root root;' : '',
    'daemon off;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, `${t}_temp`)};`),
    `  access_log ${join(dir, 'default-access.log')};`,
    `  include ${join(dir, 'site.conf')};`,
    '}',
  ].join('\n'));
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');

  const port = Number(/listen 127\.0\.0\.1:(\d+) ssl/.exec(siteConfig)?.[1]);
  const deadline = Date.now() + 10_000;
  // Ready once *this* nginx holds its ports: it writes its pid file only after binding them, so a
  // port some other process answers on is never taken for nginx.
  const ours = () => read('nginx.pid').trim() === String(child.pid);
  while (!(ours() && (await accepts(port)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const log = `${stderr}\n${read('error.log')}`;
      rmSync(dir, { recursive: true, force: true });
      throw Object.assign(new Error(`nginx did not start: ${log}`), { portTaken: /Address already in use/.test(log) });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    dir,
    errorLog: () => read('error.log'),
    reload(next) {
      writeFileSync(join(dir, 'site.conf'), next);
      child.kill('SIGHUP');
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT'); // graceful
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
