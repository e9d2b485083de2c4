// The key per-address limits count under. An IPv4 address is itself; an IPv6 address counts
// by its /64, because one subscriber usually holds a whole /64 and could otherwise take a
// fresh address (and a fresh limit) for every request. IPv4-mapped IPv6 counts as IPv4.
import { isIPv4, isIPv6 } from 'node:net';
import type { Request } from 'express';

export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const ip = address.replace(/%.*$/, ''); // an IPv6 zone (fe80::1%eth0)
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip.slice(0, 64);
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The client's address as Express sees it (after `trust proxy`), keyed for limits. */
export function clientKey(req: Request): string {
  return addressKey(req.ip ?? req.socket.remoteAddress);
}

/** The eight 16-bit groups of a valid IPv6 address, lower-case and without leading zeros. */
function expandIPv6(ip: string): string[] {
  // A trailing dotted quad stands for the last two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  let text = ip;
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${ip.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => (parseInt(g, 16) || 0).toString(16));
}
