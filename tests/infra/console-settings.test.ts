import { App } from 'aws-cdk-lib';
import { emailDomain, settingsFromContext } from '../../infra/lib/settings';

const settingsFor = (context: Record<string, unknown>) => settingsFromContext(new App({ context }).node);

describe('console settings (CDK context)', () => {
  it('defaults the mail sender and console URL per stage', () => {
    expect(settingsFor({ stage: 'prod' })).toMatchObject({
      emailFrom: 'no-reply@prod.gateway.example.com',
      consoleUrl: 'https://console.prod.gateway.example.com/console/',
    });
  });

  it('takes a verified sender and the public console URL from context', () => {
    const s = settingsFor({
      emailFrom: 'security@acme-pay.com',
      consoleUrl: 'https://pay.acme.com/console/',
    });
    expect(s).toMatchObject({
      emailFrom: 'security@acme-pay.com',
      consoleUrl: 'https://pay.acme.com/console/',
    });
    expect(emailDomain(s.emailFrom)).toBe('acme-pay.com');
  });

  it.each([
    [{ emailFrom: 'Acme <security@acme-pay.com>' }, /emailFrom/],
    [{ emailFrom: 'not-an-address' }, /emailFrom/],
    [{ consoleUrl: 'http://pay.acme.com/console/' }, /consoleUrl/],
    [{ consoleUrl: 'https://pay.acme.com/' }, /consoleUrl/],
  ])('rejects %j', (context, message) => {
    expect(() => settingsFor(context)).toThrow(message);
  });
});
