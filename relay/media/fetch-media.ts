// Fetches a file an operator's message points at, for the relay to keep a copy: http(s) only,
// bounded in time and size, and never to this machine or a private network (loopback, private,
// link-local, …: relay/net/ip-ranges.ts) unless the host is in RELAY_MEDIA_ALLOWED_HOSTS. Every
// address a name resolves to is checked, the connection goes to the address that was checked
// (no second lookup to rebind), and each redirect is checked the same way.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isInternalAddress } from '../net/ip-ranges';

export const MEDIA_MAX_REDIRECTS = 3;

export type MediaFetchCode = 'BAD_URL' | 'BLOCKED_ADDRESS' | 'TOO_MANY_REDIRECTS' | 'HTTP_STATUS' | 'TOO_LARGE' | 'NETWORK';

export class MediaFetchError extends Error {
  constructor(readonly code: MediaFetchCode) {
    super(code);
    this.name = 'MediaFetchError';
  }
}

/** Resolves a host name to every address it has (dns.lookup's shape, replaceable in tests). */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

export interface FetchMediaOptions {
  /** `host` or `host:port` entries that may be internal addresses (RELAY_MEDIA_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  signal: AbortSignal;
  maxBytes: number;
  resolve?: ResolveAll;
}

const systemResolve: ResolveAll = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** The response (status 200) to a GET of `url`, its body not read yet; the caller reads or destroys it. */
export async function fetchMedia(url: string, options: FetchMediaOptions): Promise<IncomingMessage> {
  let target = parse(url);
  for (let hop = 0; ; hop++) {
    const res = await get(target, options);
    const location = res.headers.location;
    if (res.statusCode !== undefined && res.statusCode >= 300 && res.statusCode < 400 && location) {
      res.destroy();
      if (hop >= MEDIA_MAX_REDIRECTS) throw new MediaFetchError('TOO_MANY_REDIRECTS');
      target = parse(location, target);
      continue;
    }
    if (res.statusCode !== 200) {
      res.destroy();
      throw new MediaFetchError('HTTP_STATUS');
    }
    const length = Number(res.headers['content-length']);
    if (Number.isFinite(length) && length > options.maxBytes) {
      res.destroy();
      throw new MediaFetchError('TOO_LARGE');
    }
    return res;
  }
}

function parse(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new MediaFetchError('BAD_URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) throw new MediaFetchError('BAD_URL');
  return url;
}

/** Whether `url`'s host (with its port, explicit or the scheme's) is listed as allowed. */
export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.some((entry) => entry === host || entry === `${host}:${port}`);
}

/** The addresses to connect to for `url`, each checked; throws BLOCKED_ADDRESS for any internal one. */
export async function checkedAddresses(url: URL, allowedHosts: readonly string[], resolve: ResolveAll = systemResolve): Promise<LookupAddress[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new MediaFetchError('NETWORK');
    }
  }
  if (addresses.length === 0) throw new MediaFetchError('NETWORK');
  // Every address, not the first: a name may resolve to a public and a private one.
  if (!isAllowedHost(url, allowedHosts) && addresses.some((a) => isInternalAddress(a.address))) throw new MediaFetchError('BLOCKED_ADDRESS');
  return addresses;
}

async function get(url: URL, options: FetchMediaOptions): Promise<IncomingMessage> {
  const addresses = await checkedAddresses(url, options.allowedHosts, options.resolve);
  // The socket connects to the addresses checked above, never to a fresh lookup's answer.
  const lookup: LookupFunction = (_host, opts, callback) => {
    const cb = callback as (err: Error | null, address: string | LookupAddress[], family?: number) => void;
    if ((opts as { all?: boolean }).all) cb(null, addresses);
    else cb(null, addresses[0]!.address, addresses[0]!.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, { method: 'GET', lookup, signal: options.signal, headers: { accept: 'image/*, */*;q=0.8', 'user-agent': 'kit-chat-relay' } }, resolve);
    req.on('error', (err) => reject(err instanceof MediaFetchError ? err : new MediaFetchError('NETWORK')));
    req.end();
  });
}
