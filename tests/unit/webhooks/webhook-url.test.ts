import { checkWebhookUrl, isPublicAddress } from '../../../shared/domain/webhooks/webhook-url';

const aws = { local: false };
const local = { local: true };

describe('webhook URL rules', () => {
  describe('outside the local stack', () => {
    it.each([
      'https://partner.example.com/webhooks',
      'https://partner.example.com:8443/hooks?token=abc',
      'https://8.8.8.8/hook',
      'https://[2606:4700:4700::1111]/hook',
      'https://hooks.example.co.uk./x',
    ])('accepts %s', (url) => {
      expect(checkWebhookUrl(url, aws).ok).toBe(true);
    });

    it.each([
      ['http://partner.example.com/webhooks', 'https'],
      ['ftp://partner.example.com/', 'https'],
      ['https://user:pass@partner.example.com/', 'credentials'],
      ['not a url', 'absolute URL'],
      ['https://localhost/hook', 'public host'],
      ['https://api.localhost/hook', 'public host'],
      ['https://intranet/hook', 'public host'],
      ['https://db.internal/hook', 'public host'],
      ['https://printer.local/hook', 'public host'],
      ['https://127.0.0.1/hook', 'private'],
      ['https://127.1/hook', 'private'],
      ['https://2130706433/hook', 'private'],
      ['https://0x7f.0.0.1/hook', 'private'],
      ['https://10.1.2.3/hook', 'private'],
      ['https://172.16.0.1/hook', 'private'],
      ['https://192.168.1.1/hook', 'private'],
      ['https://169.254.169.254/latest/meta-data', 'private'],
      ['https://100.64.0.1/hook', 'private'],
      ['https://0.0.0.0/hook', 'private'],
      ['https://224.0.0.1/hook', 'private'],
      ['https://[::1]/hook', 'private'],
      ['https://[::ffff:127.0.0.1]/hook', 'private'],
      ['https://[::ffff:a9fe:a9fe]/hook', 'private'],
      ['https://[fd00:ec2::254]/hook', 'private'],
      ['https://[fe80::1]/hook', 'private'],
      ['https://[64:ff9b::a00:1]/hook', 'private'],
      ['https://[2002:a00:1::]/hook', 'private'],
      [`https://example.com/${'a'.repeat(2048)}`, '2048'],
    ])('refuses %s', (url, reason) => {
      const check = checkWebhookUrl(url, aws);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.reason).toContain(reason);
    });
  });

  describe('on the local stack', () => {
    it.each([
      'http://localhost:4000/hook',
      'http://127.0.0.1:4000/hook',
      'http://[::1]:4000/hook',
      'https://10.0.0.5/hook',
      'https://partner.example.com/',
    ])('accepts %s', (url) => {
      expect(checkWebhookUrl(url, local).ok).toBe(true);
    });

    it('still refuses plain http to anything but loopback', () => {
      const check = checkWebhookUrl('http://partner.example.com/hook', local);
      expect(check).toEqual({ ok: false, reason: 'must use https (http is allowed for localhost only)' });
      expect(checkWebhookUrl('http://10.0.0.5/hook', local).ok).toBe(false);
    });
  });

  describe('resolved addresses (checked again at delivery time)', () => {
    it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '[2a00:1450:4001:80b::200e]'])(
      '%s is public',
      (ip) => {
        expect(isPublicAddress(ip)).toBe(true);
      },
    );
    it.each([
      '127.0.0.1',
      '10.0.0.1',
      '169.254.169.254',
      '192.0.2.1',
      '198.18.0.1',
      '255.255.255.255',
      '::',
      '::1',
      'fc00::1',
      'ff02::1',
      'not-an-ip',
    ])('%s is not public', (ip) => {
      expect(isPublicAddress(ip)).toBe(false);
    });
  });
});
