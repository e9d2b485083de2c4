// Host pages a test writes itself (RTL, other embed options), served over real HTTP from their
// own origin, which the e2e relay allows. Pages fulfilled by request interception would count
// as public-network documents and be barred from the loopback relay by Chromium.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestPages {
  url: string;
  /** Serves `html` at `path`; `%RELAY_URL%` in it becomes the relay's URL. Returns the page URL. */
  add(path: string, html: string): string;
  close(): Promise<void>;
}

export async function startTestPages(relayUrl: () => string): Promise<TestPages> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? '/', 'http://pages').pathname);
    if (html === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html.replaceAll('%RELAY_URL%', relayUrl()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    add(path, html) {
      pages.set(path, html);
      return `${url}${path}`;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
