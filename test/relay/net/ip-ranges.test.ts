// Address classes: loopback for /metrics, and the ranges a server-side fetch of operator media
// must refuse, in every spelling an attacker might pick.
import { describe, expect, it } from 'vitest';
import { embeddedIPv4, isInternalAddress, isLoopbackAddress } from '../../../relay/net/ip-ranges';

describe('address ranges', () => {
  it.each([
    ['loopback', '127.0.0.1'], ['loopback, anywhere in 127/8', '127.255.3.9'],
    ['10/8', '10.0.0.1'], ['10/8, last', '10.255.255.254'],
    ['172.16/12, first', '172.16.0.1'], ['172.16/12, last', '172.31.255.255'],
    ['192.168/16', '192.168.1.20'], ['link-local (cloud metadata)', '169.254.169.254'],
    ['carrier-grade NAT', '100.64.0.1'], ['unspecified', '0.0.0.0'], ['multicast', '224.0.0.251'], ['broadcast', '255.255.255.255'],
    ['IPv6 loopback', '::1'], ['IPv6 unspecified', '::'], ['unique local fc00::/7', 'fc00::1'], ['unique local fd', 'fd12:3456::9'],
    ['IPv6 link-local fe80::/10', 'fe80::1'], ['link-local with a zone', 'fe80::1%eth0'], ['link-local, febf', 'febf::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'], ['IPv4-mapped, hex spelling', '::ffff:7f00:1'], ['IPv4-mapped 10/8', '::ffff:10.1.2.3'],
    ['IPv4-mapped link-local', '::ffff:a9fe:a9fe'], ['IPv4-compatible loopback', '::127.0.0.1'], ['6to4 of loopback', '2002:7f00:1::1'],
    ['IPv6 multicast', 'ff02::1'], ['bracketed', '[::1]'], ['not an address', 'localhost'],
  ])('calls %s (%s) internal', (_what, ip) => {
    expect(isInternalAddress(ip)).toBe(true);
  });

  it.each([['8.8.8.8'], ['172.32.0.1'], ['172.15.255.255'], ['192.169.0.1'], ['169.253.1.1'], ['2606:4700:4700::1111'], ['::ffff:8.8.8.8'], ['fbff::1'], ['fec0::1'.replace('fec0', '2001:db9')]])(
    'calls %s public',
    (ip) => {
      expect(isInternalAddress(ip)).toBe(false);
    },
  );

  it('knows loopback in each spelling, and nothing else as loopback', () => {
    for (const ip of ['127.0.0.1', '127.8.8.8', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '[::1]']) expect(isLoopbackAddress(ip)).toBe(true);
    for (const ip of ['10.0.0.1', '::', '0.0.0.0', 'fe80::1', '203.0.113.9', 'localhost', undefined]) expect(isLoopbackAddress(ip)).toBe(false);
  });

  it('reads the IPv4 address inside a mapped IPv6 one', () => {
    expect(embeddedIPv4('::ffff:192.168.0.1')).toBe('192.168.0.1');
    expect(embeddedIPv4('0:0:0:0:0:ffff:c0a8:1')).toBe('192.168.0.1');
    expect(embeddedIPv4('::1')).toBeUndefined();
    expect(embeddedIPv4('2001:db8::1')).toBeUndefined();
  });
});
