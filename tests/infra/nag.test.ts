import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { cdkJsonContext, cfnValidationPlugin, synthGateway } from './support/gateway-app';

interface Violation {
  ruleName: string;
  severity: string;
  violatingResources: Array<{ constructPath?: string }>;
}

function findings(scope: IConstruct, ignoreAcknowledgements = false): Violation[] {
  const pack = new AwsSolutionsChecks();
  if (ignoreAcknowledgements) {
    // Test-only: see every raw finding, to prove each acknowledgement covers a real one.
    (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  }
  return pack.validateScope(scope).violations as unknown as Violation[];
}

function acknowledgements(scope: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  // The default app with CloudFormation's template validation too (the other files skip it: gateway-app.ts).
  const g = synthGateway({}, { validate: true });

  it('synthesizes all seven stacks with the nag and CloudFormation validation plugins registered (a finding would fail synth)', () => {
    expect(g.all.map((s) => s.stackName)).toEqual([
      'gateway-dev-data',
      'gateway-dev-api',
      'gateway-dev-workflows',
      'gateway-dev-schedules',
      'gateway-dev-webhooks',
      'gateway-dev-console',
      'gateway-dev-observability',
    ]);
    for (const stack of g.all) expect(g.template(stack)).toBeDefined();
  });

  it('reports no unacknowledged finding (errors or warnings) in any stack', () => {
    const open = findings(g.app).map(
      (v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(open).toEqual([]);
  });

  it('leaves no error annotations on any stack', () => {
    // The assembly synthesized above (Annotations.fromStack would synthesize the whole app again per stack).
    const assembly = g.app.synth();
    for (const stack of g.all) {
      const messages = assembly.getStackArtifact(stack.artifactId).messages;
      expect(messages.filter((m) => m.level === 'error')).toEqual([]);
    }
  });

  it('acknowledges only real findings, each on its own construct and with a specific reason', () => {
    const raw = findings(g.app, true);
    const acks = acknowledgements(g.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length).toBeGreaterThanOrEqual(40);
      const covered = raw.some(
        (v) =>
          v.ruleName === ack.id &&
          v.violatingResources.some(
            (r) => r.constructPath === ack.path || r.constructPath?.startsWith(`${ack.path}/`),
          ),
      );
      expect({ ack: `${ack.id} @ ${ack.path}`, covered }).toEqual({
        ack: `${ack.id} @ ${ack.path}`,
        covered: true,
      });
    }
  });

  it("would catch an invalid CloudFormation template (the validation is live with cdk.json's flags)", () => {
    const app = new App({ context: cdkJsonContext() });
    Validations.of(app).addPlugins(cfnValidationPlugin());
    const stack = new Stack(app, 'CfnCanary');
    new CfnResource(stack, 'Queue', {
      type: 'AWS::SQS::Queue',
      properties: { VisibilityTimeout: 'not a number', NoSuchProperty: true },
    });
    expect(() => app.synth()).toThrow(/VisibilityTimeout: 'not a number' is not of type 'integer'/);
  });

  it('would catch a non-compliant resource (the check is live)', () => {
    const app = new App();
    const stack = new Stack(app, 'Canary');
    new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const rules = findings(app).map((v) => v.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });
});
