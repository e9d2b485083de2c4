// Which addresses belong to this machine or to a private network: loopback for the metrics
// endpoint's default access, and every range a server-side fetch must never reach unasked
// (loopback, private, link-local, carrier-grade NAT, multicast, unspecified, reserved).
import { BlockList, isIP } from 'node:net';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", and 0.0.0.0 itself reaches the local host
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, where cloud metadata services answer
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const) internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 prefixes: whatever IPv4 address is inside, it is reached through a gateway
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some)
  ['ff00::', 8], // multicast
] as const) internal.addSubnet(net, bits, 'ipv6');

/** The eight 16-bit groups of a valid IPv6 address (a trailing dotted quad is two groups). */
export function ipv6Groups(ip: string): number[] {
  let text = ip;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${ip.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => parseInt(g, 16) || 0);
}

/**
 * The IPv4 address an IPv6 address stands for: IPv4-mapped (::ffff:a.b.c.d, also written
 * ::ffff:7f00:1) and the old IPv4-compatible form (::a.b.c.d), which some stacks still route.
 */
export function embeddedIPv4(ip: string): string | undefined {
  if (isIP(ip) !== 6) return undefined;
  const g = ipv6Groups(ip);
  if (g.slice(0, 5).some((x) => x !== 0) || (g[5] !== 0xffff && g[5] !== 0)) return undefined;
  if (g[5] === 0 && g[6] === 0) return undefined; // :: and ::1 are IPv6's own
  return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
}

function classify(ip: string): { address: string; type: 'ipv4' | 'ipv6' } | undefined {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return undefined;
  if (family === 4) return { address: bare, type: 'ipv4' };
  const v4 = embeddedIPv4(bare);
  return v4 ? { address: v4, type: 'ipv4' } : { address: bare, type: 'ipv6' };
}

/** True for 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6. */
export function isLoopbackAddress(ip: string | undefined): boolean {
  const c = ip ? classify(ip) : undefined;
  return c !== undefined && loopback.check(c.address, c.type);
}

/**
 * True for every address that is not plainly on the public internet; also for text that is
 * not an IP address at all, so a caller can never mistake garbage for a public address.
 */
export function isInternalAddress(ip: string): boolean {
  const c = classify(ip);
  if (!c) return true;
  if (c.type === 'ipv4') return internal.check(c.address, 'ipv4');
  if (internal.check(c.address, 'ipv6')) return true;
  // 6to4 (2002::/16) carries an IPv4 address in its next 32 bits.
  const g = ipv6Groups(c.address);
  if (g[0] === 0x2002) return internal.check(`${g[1]! >> 8}.${g[1]! & 255}.${g[2]! >> 8}.${g[2]! & 255}`, 'ipv4');
  return false;
}
