import { ipAllowed, parseAllowlistEntry } from '../../../shared/domain/auth/ip-allowlist';

describe('IP allowlist', () => {
  it('allows any address when the list is empty', () => {
    expect(ipAllowed('198.51.100.7', [])).toBe(true);
  });

  it('matches single addresses and CIDR ranges, IPv4 and IPv6', () => {
    const list = ['203.0.113.7', '10.1.0.0/16', '2001:db8::/32'];
    expect(ipAllowed('203.0.113.7', list)).toBe(true);
    expect(ipAllowed('203.0.113.8', list)).toBe(false);
    expect(ipAllowed('10.1.255.1', list)).toBe(true);
    expect(ipAllowed('10.2.0.1', list)).toBe(false);
    expect(ipAllowed('2001:db8:1::1', list)).toBe(true);
    expect(ipAllowed('2001:db9::1', list)).toBe(false);
  });

  it('treats IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(ipAllowed('::ffff:203.0.113.7', ['203.0.113.7'])).toBe(true);
  });

  it('refuses unparseable caller addresses when a list is set', () => {
    expect(ipAllowed('not-an-ip', ['0.0.0.0/0'])).toBe(false);
  });

  it('validates entries', () => {
    expect(parseAllowlistEntry('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseAllowlistEntry('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0.0/-1',
      '10.0.0/8',
      'example.com',
      '1.2.3.4/8/8',
      '::1/129',
      '1.2.3.4/x',
    ]) {
      expect(parseAllowlistEntry(bad)).toBeUndefined();
    }
  });
});
