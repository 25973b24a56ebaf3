import { describe, expect, it } from 'vitest';
import { clientAddressOf, limitKey } from './client-address';

describe('the client address a limit counts under', () => {
  it('is the socket peer unless a proxy is trusted, then the entry our proxy appended', () => {
    expect(clientAddressOf('192.0.2.1', '203.0.113.9', false)).toBe('192.0.2.1');
    expect(clientAddressOf('192.0.2.1', '1.1.1.1, 203.0.113.9', true)).toBe('203.0.113.9');
    expect(clientAddressOf('192.0.2.1', ['1.1.1.1', '203.0.113.9'], true)).toBe('203.0.113.9');
    expect(clientAddressOf('192.0.2.1', 'not-an-address', true)).toBe('192.0.2.1');
  });

  it('counts IPv6 by its /64 and IPv4-mapped addresses as IPv4', () => {
    expect(limitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(limitKey('::ffff:192.0.2.4')).toBe('192.0.2.4');
    expect(limitKey('::1')).toBe('0:0:0:0::/64');
    expect(limitKey('garbage')).toBe('unknown');
  });
});
