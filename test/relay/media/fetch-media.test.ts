// Fetching operator media server-side: never into this machine or a private network, whatever
// the spelling, the DNS answer or the redirect, unless RELAY_MEDIA_ALLOWED_HOSTS lists the host.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkedAddresses, fetchMedia, MediaFetchError, type ResolveAll } from '../../../relay/media/fetch-media';
import { png } from '../../helpers/png';

const resolvesTo = (...addresses: string[]): ResolveAll => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MediaFetchError) return err.code;
    throw err;
  }
  return 'OK';
}

describe('checking where operator media may be fetched from', () => {
  it.each([
    ['loopback', '127.0.0.1'], ['10/8', '10.20.30.40'], ['172.16/12', '172.16.5.4'], ['172.16/12, its end', '172.31.255.254'],
    ['192.168/16', '192.168.0.10'], ['169.254/16 (cloud metadata)', '169.254.169.254'], ['::1', '::1'], ['fc00::/7', 'fd00::beef'],
    ['fe80::/10', 'fe80::1'], ['IPv4-mapped loopback', '::ffff:127.0.0.1'], ['IPv4-mapped 10/8', '::ffff:a00:1'],
  ])('refuses a name that resolves to %s (%s)', async (_what, address) => {
    expect(await codeOf(checkedAddresses(new URL('https://cdn.kit.test/a.png'), [], resolvesTo(address)))).toBe('BLOCKED_ADDRESS');
  });

  it.each([['http://127.0.0.1/a.png'], ['http://[::1]/a.png'], ['http://[::ffff:7f00:1]/a.png'], ['http://10.0.0.5:8080/a.png'], ['http://169.254.169.254/latest/meta-data'], ['http://[fe80::1]/x']])(
    'refuses an address written into the URL: %s',
    async (url) => {
      expect(await codeOf(checkedAddresses(new URL(url), [], resolvesTo('93.184.216.34')))).toBe('BLOCKED_ADDRESS');
    },
  );

  it('refuses a name when any one of its addresses is private, and passes public ones', async () => {
    const url = new URL('https://cdn.kit.test/a.png');
    expect(await codeOf(checkedAddresses(url, [], resolvesTo('93.184.216.34', '10.0.0.7')))).toBe('BLOCKED_ADDRESS');
    expect(await checkedAddresses(url, [], resolvesTo('93.184.216.34', '2606:4700::6810:85e5'))).toHaveLength(2);
  });

  it('lets RELAY_MEDIA_ALLOWED_HOSTS name a private host, by host or by host and port', async () => {
    const url = new URL('http://files.kit.internal:8080/a.png');
    const inside = resolvesTo('10.1.2.3');
    expect(await codeOf(checkedAddresses(url, ['files.kit.internal'], inside))).toBe('OK');
    expect(await codeOf(checkedAddresses(url, ['files.kit.internal:8080'], inside))).toBe('OK');
    expect(await codeOf(checkedAddresses(url, ['files.kit.internal:9090'], inside))).toBe('BLOCKED_ADDRESS');
    expect(await codeOf(checkedAddresses(url, ['other.kit.internal'], inside))).toBe('BLOCKED_ADDRESS');
    expect(await codeOf(checkedAddresses(new URL('https://files.kit.internal/a.png'), ['files.kit.internal:443'], inside))).toBe('OK');
  });

  it.each([['ftp://files.kit.test/a.png'], ['file:///etc/passwd'], ['javascript:alert(1)'], ['http://user:pw@cdn.kit.test/a.png'], ['not a url']])(
    'refuses %s before any request',
    async (url) => {
      expect(await codeOf(fetchMedia(url, { allowedHosts: [], signal: AbortSignal.timeout(1000), maxBytes: 1000, resolve: resolvesTo('93.184.216.34') }))).toBe('BAD_URL');
    },
  );
});

describe('fetching operator media', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));
  const picture = png(8, 8, [10, 20, 30]);

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const options = (allowedHosts: string[], maxBytes = 1_000_000) => ({ allowedHosts, signal: AbortSignal.timeout(5000), maxBytes });

  it('refuses a file host on this machine unless it is allowed, and then reads it', async () => {
    const host = await serve((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(picture));
    expect(await codeOf(fetchMedia(`http://${host}/a.png`, options([])))).toBe('BLOCKED_ADDRESS');
    const res = await fetchMedia(`http://${host}/a.png`, options([host]));
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(picture)).toBe(true);
  });

  it('checks every redirect: an allowed host cannot send the relay to one that is not', async () => {
    const inside = await serve((_req, res) => res.writeHead(200).end('secret'));
    const allowed = await serve((req, res) => res.writeHead(302, { location: req.url === '/hop' ? '/a.png' : `http://${inside}/` }).end());
    expect(await codeOf(fetchMedia(`http://${allowed}/a.png`, options([allowed])))).toBe('BLOCKED_ADDRESS');
  });

  it('follows a few redirects within allowed hosts, and no more', async () => {
    const host = await serve((req, res) => {
      const n = Number(req.url?.slice(1) || 0);
      if (n < 10) res.writeHead(301, { location: `/${n + 1}` }).end();
      else res.writeHead(200).end(picture);
    });
    expect(await codeOf(fetchMedia(`http://${host}/8`, options([host])))).toBe('OK');
    expect(await codeOf(fetchMedia(`http://${host}/0`, options([host])))).toBe('TOO_MANY_REDIRECTS');
  });

  it('refuses an error status and a declared size past the limit', async () => {
    const host = await serve((req, res) => (req.url === '/gone' ? res.writeHead(404).end() : res.writeHead(200, { 'content-length': '5000' }).end(Buffer.alloc(5000))));
    expect(await codeOf(fetchMedia(`http://${host}/gone`, options([host])))).toBe('HTTP_STATUS');
    expect(await codeOf(fetchMedia(`http://${host}/big`, options([host], 1000)))).toBe('TOO_LARGE');
  });
});
