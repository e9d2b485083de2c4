// The key per-address limits count under. An IPv4 address is itself; an IPv6 address counts
// by its /64, because one subscriber usually holds a whole /64 and could otherwise take a
// fresh address (and a fresh limit) for every request. IPv4-mapped IPv6 counts as IPv4.
import { isIPv4, isIPv6 } from 'node:net';
import type { Request } from 'express';
import { ipv6Groups } from '../net/ip-ranges';

export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const ip = address.replace(/%.*$/, ''); // an IPv6 zone (fe80::1%eth0)
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip.slice(0, 64);
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  return `${ipv6Groups(ip).slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The client's address as Express sees it (after `trust proxy`), keyed for limits. */
export function clientKey(req: Request): string {
  return addressKey(req.ip ?? req.socket.remoteAddress);
}
