import { App } from 'aws-cdk-lib';
import { settingsFromContext } from '../../infra/lib/settings';
import { gateway, synthGateway } from './support/gateway-app';
import { resourcesOf } from './support/template-helpers';

const settingsFor = (context: Record<string, unknown>) => settingsFromContext(new App({ context }).node);

describe('deployment settings (CDK context)', () => {
  it('defaults to stage dev on testnet', () => {
    expect(settingsFor({})).toMatchObject({ stage: 'dev', appEnv: 'testnet', logLevel: 'INFO' });
  });

  it.each([
    [{ stage: 'Prod' }, /stage/],
    [{ stage: 'a-very-long-stage-name' }, /stage/],
    [{ appEnv: 'local' }, /not deployable/],
    [{ logLevel: 'TRACE' }, /logLevel/],
  ])('rejects %j', (context, message) => {
    expect(() => settingsFor(context)).toThrow(message);
  });

  it('names every stack, function and table after the stage; mainnet retains logs and protects stacks', () => {
    const g = synthGateway({ stage: 'prod', appEnv: 'mainnet' });
    expect(g.all.map((s) => s.stackName)).toEqual([
      'gateway-prod-data',
      'gateway-prod-api',
      'gateway-prod-workflows',
      'gateway-prod-schedules',
      'gateway-prod-webhooks',
      'gateway-prod-console',
      'gateway-prod-observability',
    ]);
    for (const stack of g.all) expect(stack.terminationProtection).toBe(true);
    const api = g.template(g.api);
    const fn = Object.values(resourcesOf(api, 'AWS::Lambda::Function'))[0]!.Properties!;
    expect(fn.FunctionName).toMatch(/^gateway-prod-/);
    expect((fn.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      APP_ENV: 'mainnet',
      TABLE_NAME: 'gateway-prod',
    });
    for (const logGroup of Object.values(resourcesOf(api, 'AWS::Logs::LogGroup'))) {
      expect(logGroup.DeletionPolicy).toBe('Retain');
      expect(logGroup.Properties?.RetentionInDays).toBe(365);
    }
  });

  it('passes webhookLegacyHeadersUntil to every function as WEBHOOK_LEGACY_HEADERS_UNTIL (unset: the config default)', () => {
    expect(settingsFor({}).webhookLegacyHeadersUntil).toBeUndefined();
    expect(settingsFor({ webhookLegacyHeadersUntil: '2027-01-31' }).webhookLegacyHeadersUntil).toBe(
      '2027-01-31',
    );
    expect(() => settingsFor({ webhookLegacyHeadersUntil: 'next summer' })).toThrow(
      /webhookLegacyHeadersUntil/,
    );
    const g = synthGateway({ webhookLegacyHeadersUntil: 'off' });
    const functions = Object.values(resourcesOf(g.template(g.webhooks), 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        WEBHOOK_LEGACY_HEADERS_UNTIL: 'off',
      });
    }
  });

  it('protects the data stack from deletion on every stage', () => {
    const g = gateway();
    expect(g.data.terminationProtection).toBe(true);
    expect(g.api.terminationProtection).toBe(false);
  });
});
