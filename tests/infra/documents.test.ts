import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { FunctionSpec } from '../../functions/catalog';
import { gatewayFunction } from '../../infra/constructs/gateway-function';
import { settingsFromContext } from '../../infra/lib/settings';
import { DataStack } from '../../infra/stacks/data-stack';
import { parseConfig } from '../../shared/config/config';
import { gateway, cdkJsonContext } from './support/gateway-app';
import {
  actionsOf,
  functionsByName,
  logicalId,
  refId,
  resourcesOf,
  statementsOfRole,
} from './support/template-helpers';

const ACCOUNT = '111122223333';

/** A CloudFormation value with the pseudo parameters CloudFormation would put in (Ref, Fn::Join). */
function resolve(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (v['Ref'] === 'AWS::AccountId') return ACCOUNT;
  if (v['Ref'] === 'AWS::Partition') return 'aws';
  if (v['Ref'] === 'AWS::Region') return 'us-east-1';
  if (Array.isArray(v['Fn::Join'])) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(resolve).join(sep);
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
}

const resolvable = (value: unknown): boolean => {
  try {
    resolve(value);
    return true;
  } catch {
    return false;
  }
};

const spec = (name: string, grants: FunctionSpec['grants']): FunctionSpec => ({
  name,
  entry: 'functions/partner-api/gas-records-api.ts',
  description: `test function with ${grants.join(', ')}`,
  kind: 'api',
  routes: [],
  timeoutSeconds: 10,
  memoryMb: 512,
  grants,
});

describe('the documents bucket', () => {
  const g = gateway();
  const template = g.template(g.data);

  it('is versioned, S3-encrypted, private, TLS-only, logged, retained, with a lifecycle for old versions and uploads', () => {
    const bucket = resourcesOf(template, 'AWS::S3::Bucket')[logicalId(g.data.documentsBucket)]!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    const p = bucket.Properties!;
    expect(resolve(p['BucketName'])).toBe(`gateway-dev-documents-${ACCOUNT}`);
    expect(p['VersioningConfiguration']).toEqual({ Status: 'Enabled' });
    expect(p['BucketEncryption']).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(p['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(p['LifecycleConfiguration']).toEqual({
      Rules: [
        {
          Id: 'noncurrent-versions-and-uploads',
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: 400 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    });
    const logging = p['LoggingConfiguration'] as Record<string, unknown>;
    expect(refId(logging['DestinationBucketName'])).toBe(logicalId(g.data.documentsAccessLogs));

    const policies = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).filter(
      (bp) => refId(bp.Properties?.['Bucket']) === logicalId(g.data.documentsBucket),
    );
    expect(policies).toHaveLength(1);
    const statements = (
      policies[0]!.Properties!['PolicyDocument'] as { Statement: Record<string, unknown>[] }
    ).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  describe('grants', () => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const settings = settingsFromContext(app.node);
    const data = new DataStack(app, 'data', { settings });
    const stack = new Stack(app, 'functions');
    stack.addStackDependency(data);
    gatewayFunction(stack, spec('renderDocs', ['table:read', 'documents:write']), settings, data);
    gatewayFunction(stack, spec('readDocs', ['table:read', 'documents:read']), settings, data);
    gatewayFunction(stack, spec('noDocs', ['table:read']), settings, data);
    const fns = Template.fromStack(stack);
    const byName = functionsByName(fns);
    const fn = (name: string) => byName.get(`gateway-dev-${name}`)!;
    const env = (name: string): Record<string, string> =>
      Object.fromEntries(
        Object.entries(
          (fn(name).props['Environment'] as { Variables: Record<string, unknown> }).Variables,
        ).map(([k, v]) => [
          k,
          // Cross-stack key ARNs (Fn::GetStackOutput) stand in as an ARN: only the bucket is under test.
          resolvable(v) ? resolve(v) : `arn:aws:kms:us-east-1:${ACCOUNT}:key/${k}`,
        ]),
      );
    const s3Statements = (name: string) =>
      statementsOfRole(fns, refId(fn(name).props['Role'] as Record<string, unknown>) ?? '').filter((s) =>
        actionsOf(s).some((a) => a.startsWith('s3:')),
      );
    const bucketName = resolve(
      resourcesOf(Template.fromStack(data), 'AWS::S3::Bucket')[logicalId(data.documentsBucket)]!.Properties![
        'BucketName'
      ],
    );

    it('gives a function with a documents grant the bucket in its configuration (through the real config parser)', () => {
      for (const name of ['renderDocs', 'readDocs']) {
        const config = parseConfig({ ...env(name), AWS_REGION: 'us-east-1' });
        expect(config.documents.bucket).toBe(bucketName);
        expect(config.documents.s3Endpoint).toBeUndefined();
        expect(config.documents.forcePathStyle).toBe(false);
      }
      expect(env('renderDocs')['DOCUMENT_FONT_DIR']).toBe('/var/task/fonts');
      expect(env('readDocs')['DOCUMENT_FONT_DIR']).toBeUndefined();
      expect(env('noDocs')['DOCUMENTS_BUCKET']).toBeUndefined();
    });

    it('lets it read (and with documents:write put) objects under exports/ only, and never delete', () => {
      const objects = `arn:aws:s3:::${bucketName}/exports/*`;
      const write = s3Statements('renderDocs');
      expect(write.map((s) => [actionsOf(s).sort(), resolve(s['Resource'])])).toEqual([
        [['s3:GetObject', 's3:PutObject'], objects],
        [['s3:ListBucket'], `arn:aws:s3:::${bucketName}`],
      ]);
      // No s3:prefix condition: with one, S3 answers a HEAD of a missing key 403, not 404.
      expect(write[1]!['Condition']).toBeUndefined();
      const read = s3Statements('readDocs');
      expect(read.map((s) => [actionsOf(s).sort(), resolve(s['Resource'])])).toEqual([
        [['s3:GetObject'], objects],
        [['s3:ListBucket'], `arn:aws:s3:::${bucketName}`],
      ]);
      expect(s3Statements('noDocs')).toEqual([]);
    });

    it('leaves no unacknowledged cdk-nag finding on the bucket, its log bucket or the functions', () => {
      const open = (
        new AwsSolutionsChecks().validateScope(app).violations as unknown as {
          ruleName: string;
          violatingResources: { constructPath?: string }[];
        }[]
      ).map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
      expect(open).toEqual([]);
    });
  });
});
