import { describe, expect, it } from 'vitest';
import { addressKey } from '../../../relay/http/client-address';

describe('the address key of per-address limits', () => {
  it('keeps an IPv4 address as it is, also when it arrives IPv4-mapped', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every IPv6 address of one /64 as one, however it is written', () => {
    const key = '2001:db8:0:6::/64';
    for (const address of ['2001:db8:0:6::1', '2001:0db8:0000:0006:0000:0000:0000:0001', '2001:db8::6:1:2:3:4', '2001:db8:0:6:a:b:c:d', '2001:db8:0:6::1.2.3.4', 'fe80::1%eth0'.replace('fe80::1', '2001:db8:0:6::1')]) {
      expect([address, addressKey(address)]).toEqual([address, key]);
    }
    expect(addressKey('2001:db8:0:7::1')).toBe('2001:db8:0:7::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('never fails on a missing or odd address', () => {
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('not-an-address')).toBe('not-an-address');
  });
});
