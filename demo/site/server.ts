// Serves the sample site: static pages whose script tag points at the relay. strict.html is
// served with a strict Content-Security-Policy to show the widget works under one.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface DemoSiteOptions {
  /** Where pages load the widget from; may be set later, once the relay listens. */
  relayUrl?: string;
  host?: string;
  port?: number;
}

export interface DemoSite {
  url: string;
  setRelayUrl(url: string): void;
  close(): Promise<void>;
}

/** The policy strict.html is served with: nothing inline, nothing evaluated. */
export function strictCsp(relayUrl: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${relayUrl}`,
    "style-src 'self'",
    `connect-src 'self' ${relayUrl}`,
    `img-src 'self' data: ${relayUrl}`,
    `media-src 'self' ${relayUrl}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function startDemoSite(options: DemoSiteOptions): Promise<DemoSite> {
  let relayUrl = options.relayUrl ?? '';
  const server: Server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://site').pathname;
      const file = normalize(join(PUBLIC_DIR, path === '/' ? 'index.html' : path));
      if (!file.startsWith(PUBLIC_DIR) || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      let body: Buffer | string = await readFile(file);
      const ext = extname(file);
      const headers: Record<string, string> = { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
      if (ext === '.html') body = body.toString('utf8').replaceAll('%RELAY_URL%', relayUrl);
      if (path === '/strict.html') headers['content-security-policy'] = strictCsp(relayUrl);
      res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    setRelayUrl: (url) => { relayUrl = url; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
