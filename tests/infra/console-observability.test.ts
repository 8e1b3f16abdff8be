import { Match } from 'aws-cdk-lib/assertions';
import { FUNCTIONS } from '../../functions/catalog';
import { API_PREFIX_FUNCTION, CONSOLE_ROUTING_FUNCTION } from '../../infra/stacks/console-stack';
import {
  DEPOSIT_NEEDS_REVIEW_METRIC,
  GAS_INVOICE_FAILED_METRIC,
  GAS_TANK_LOW_METRIC,
  LEDGER_DRIFT_METRIC,
  POLLER_LAG_METRIC,
  POLLER_UNHEALTHY_METRIC,
  pollerLagThreshold,
  WITHDRAWAL_BLOCKED_METRIC,
} from '../../infra/stacks/observability-stack';
import { GAS_TANK_LOW_METRIC as PUBLISHED_GAS_TANK_METRIC } from '../../shared/adapters/lambda/gas-tank-alerts';
import { GAS_INVOICE_FAILED_METRIC as PUBLISHED_GAS_INVOICE_FAILED_METRIC } from '../../shared/adapters/lambda/invoice-job-monitor';
import { LEDGER_DRIFT_METRIC as PUBLISHED_LEDGER_DRIFT_METRIC } from '../../shared/adapters/lambda/metric-alerts';
import {
  DEPOSIT_NEEDS_REVIEW_METRIC as PUBLISHED_DEPOSIT_NEEDS_REVIEW_METRIC,
  POLLER_UNHEALTHY_METRIC as PUBLISHED_POLLER_UNHEALTHY_METRIC,
} from '../../shared/adapters/lambda/metric-alerts';
import { WITHDRAWAL_BLOCKED_METRIC as PUBLISHED_WITHDRAWAL_BLOCKED_METRIC } from '../../shared/adapters/lambda/withdrawal-alerts';
import { NETWORK_CODES } from '../../shared/config/networks';
import { SCHEDULES } from '../../shared/schedules/schedule-table';
import { gateway } from './support/gateway-app';
import { logicalId, onlyResource, refId, referencedIds, resourcesOf } from './support/template-helpers';

/** Managed CloudFront policy ids (AWS-defined constants). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

interface Behavior {
  PathPattern?: string;
  AllowedMethods: string[];
  CachePolicyId: string;
  OriginRequestPolicyId?: string;
  TargetOriginId: string;
  ViewerProtocolPolicy: string;
  FunctionAssociations?: unknown[];
}
interface DistributionConfig {
  Origins: Array<{
    Id: string;
    DomainName: unknown;
    OriginAccessControlId?: unknown;
    CustomOriginConfig?: Record<string, unknown>;
  }>;
  DefaultCacheBehavior: Behavior;
  CacheBehaviors: Behavior[];
  DefaultRootObject: string;
  Logging?: { Bucket: unknown };
}

type ViewerRequest = { request: { uri: string } };
function cloudFrontFunction(code: string): (uri: string) => string {
  const handler = new Function(`${code}\nreturn handler;`)() as (e: ViewerRequest) => { uri: string };
  return (uri) => handler({ request: { uri } }).uri;
}

describe('console stack', () => {
  const g = gateway();
  const template = g.template(g.console);
  const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution');
  const config = distribution.Properties!.DistributionConfig as DistributionConfig;
  const origins = config.Origins;

  it('serves the private bucket through Origin Access Control, console/index.html at the root', () => {
    const [oacId, oac] = onlyResource(template, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties?.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
    });
    const s3Origin = origins.find((o) => o.OriginAccessControlId);
    expect(refId(s3Origin?.OriginAccessControlId)).toBe(oacId);
    expect(referencedIds(s3Origin?.DomainName)).toEqual(new Set([logicalId(g.console.bucket)]));
    expect(config.DefaultRootObject).toBe('console/index.html');
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3Origin?.Id);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Logging?.Bucket).toBeDefined();
    // Only CloudFront (this distribution) may read the bucket.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(g.console.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('routes /api/* to the REST API: all methods, no caching, all viewer headers but Host', () => {
    const behaviors = config.CacheBehaviors;
    const api = behaviors.find((b) => b.PathPattern === '/api/*');
    expect(api).toBeDefined();
    expect(api!.AllowedMethods).toEqual(
      expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
    );
    expect(api!.CachePolicyId).toBe(CACHING_DISABLED);
    expect(api!.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
    const origin = origins.find((o) => o.Id === api!.TargetOriginId);
    expect(origin?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(JSON.stringify(origin?.DomainName)).toContain('.execute-api.');
    expect(JSON.stringify(origin?.DomainName)).toContain('gateway-dev-api');
    expect(api!.FunctionAssociations).toHaveLength(1);
  });

  it('strips /api at the edge so /api/v1/... reaches the stage path /v1/...', () => {
    const strip = cloudFrontFunction(API_PREFIX_FUNCTION);
    expect(strip('/api/v1/partner')).toBe('/v1/partner');
    expect(strip('/api/v1/deposits/abc')).toBe('/v1/deposits/abc');
    expect(strip('/api')).toBe('/');
    expect(strip('/apiary/x')).toBe('/apiary/x');
  });

  it('forwards the viewer IP in x-viewer-ip at the edge, overwriting a client-sent value', () => {
    const handler = new Function(`${API_PREFIX_FUNCTION}\nreturn handler;`)() as (e: unknown) => {
      headers: Record<string, { value: string }>;
    };
    const forged = { 'x-viewer-ip': { value: '10.9.9.9' } };
    expect(
      handler({ request: { uri: '/api/console/me', headers: { ...forged } }, viewer: { ip: '203.0.113.5' } })
        .headers['x-viewer-ip'],
    ).toEqual({
      value: '203.0.113.5',
    });
    expect(
      handler({ request: { uri: '/api/console/me', headers: { ...forged } } }).headers['x-viewer-ip'],
    ).toBeUndefined();
  });

  it('serves console deep links from index.html and files as they are', () => {
    const route = cloudFrontFunction(CONSOLE_ROUTING_FUNCTION);
    expect(route('/')).toBe('/console/index.html');
    expect(route('/console')).toBe('/console/index.html');
    expect(route('/console/deposits/123')).toBe('/console/index.html');
    expect(route('/console/assets/app.3f2a.js')).toBe('/console/assets/app.3f2a.js');
    expect(route('/favicon.ico')).toBe('/favicon.ico');
  });

  it('keeps both buckets private, SSL-only and encrypted; the console bucket logs access', () => {
    for (const bucket of Object.values(resourcesOf(template, 'AWS::S3::Bucket'))) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties?.BucketEncryption).toBeDefined();
    }
    const consoleBucket = resourcesOf(template, 'AWS::S3::Bucket')[logicalId(g.console.bucket)]!;
    expect(
      refId(
        (consoleBucket.Properties?.LoggingConfiguration as Record<string, unknown>).DestinationBucketName,
      ),
    ).toBe(logicalId(g.console.logBucket));
    for (const bucket of [g.console.bucket, g.console.logBucket]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('deploys the console build (console/dist) to the console/ prefix and invalidates /console/*', () => {
    const [, deployment] = onlyResource(template, 'Custom::CDKBucketDeployment');
    expect(deployment.Properties).toMatchObject({
      DestinationBucketKeyPrefix: 'console/',
      DistributionPaths: ['/console/*'],
    });
    expect(refId(deployment.Properties?.DestinationBucketName)).toBe(logicalId(g.console.bucket));
  });
});

describe('observability stack', () => {
  const g = gateway();
  const template = g.template(g.observability);
  const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
  const [topicId, topic] = onlyResource(template, 'AWS::SNS::Topic');

  it('publishes to a KMS-encrypted, SSL-only topic that CloudWatch may use', () => {
    expect(refId(topic.Properties?.KmsMasterKeyId)).toBe(logicalId(g.observability.topicKey));
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    for (const alarm of alarms) {
      expect(referencedIds(alarm.AlarmActions)).toEqual(new Set([topicId]));
    }
  });

  it('alarms as soon as the webhook DLQ holds a message', () => {
    const dlq = alarms.find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(dlq).toMatchObject({
      Namespace: 'AWS/SQS',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    const dims = dlq!.Dimensions as Array<{ Name: string; Value: unknown }>;
    expect(dims[0]!.Name).toBe('QueueName');
    expect(JSON.stringify(dims[0]!.Value)).toContain(logicalId(g.data.webhookDlq));
  });

  it.each(FUNCTIONS.map((f) => [f.name]))('alarms on Errors of %s', (name) => {
    const alarm = alarms.find(
      (a) =>
        a.Namespace === 'AWS/Lambda' &&
        a.MetricName === 'Errors' &&
        (a.Dimensions as Array<{ Value: unknown }>)[0]?.Value === `gateway-dev-${name}`,
    );
    expect(alarm).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Statistic: 'Sum',
    });
  });

  it.each(NETWORK_CODES.map((n) => [n]))('alarms on %s poller lag, missing data not breaching', (network) => {
    const alarm = alarms.find(
      (a) =>
        a.Namespace === 'Gateway' &&
        a.MetricName === POLLER_LAG_METRIC &&
        JSON.stringify(a.Dimensions) ===
          JSON.stringify([
            { Name: 'Network', Value: network },
            // Powertools Metrics publishes a `service` dimension; without it the alarm would watch nothing.
            { Name: 'service', Value: 'stablecoin-gateway' },
          ]),
    );
    expect(POLLER_LAG_METRIC).toBe('PollerLagBlocks');
    expect(alarm).toMatchObject({
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Threshold: pollerLagThreshold(network, g.settings),
    });
    expect(alarm!.Threshold as number).toBeGreaterThan(0);
  });

  it.each(NETWORK_CODES.map((n) => [n]))(
    'alarms when the %s gas tank is low, on the metric the sweeper publishes',
    (network) => {
      expect(GAS_TANK_LOW_METRIC).toBe(PUBLISHED_GAS_TANK_METRIC);
      const alarm = alarms.find(
        (a) =>
          a.Namespace === 'Gateway' &&
          a.MetricName === GAS_TANK_LOW_METRIC &&
          JSON.stringify(a.Dimensions) ===
            JSON.stringify([
              { Name: 'Network', Value: network },
              { Name: 'service', Value: 'stablecoin-gateway' },
            ]),
      );
      expect(alarm).toMatchObject({
        Statistic: 'Maximum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        Period: 300,
      });
      expect(g.observability.gasTankLowAlarms.size).toBe(NETWORK_CODES.length);
    },
  );

  it('alarms when a withdrawal waits because its MASTER cannot pay, on the metric the withdrawal task publishes', () => {
    expect(WITHDRAWAL_BLOCKED_METRIC).toBe(PUBLISHED_WITHDRAWAL_BLOCKED_METRIC);
    const alarm = alarms.find((a) => a.Namespace === 'Gateway' && a.MetricName === WITHDRAWAL_BLOCKED_METRIC);
    expect(alarm).toMatchObject({
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  const networkAlarm = (metricName: string, network: string) =>
    alarms.find(
      (a) =>
        a.Namespace === 'Gateway' &&
        a.MetricName === metricName &&
        JSON.stringify(a.Dimensions) ===
          JSON.stringify([
            { Name: 'Network', Value: network },
            { Name: 'service', Value: 'stablecoin-gateway' },
          ]),
    );

  it.each(NETWORK_CODES.map((n) => [n]))(
    'alarms when the %s poller has failed N rounds in a row, on the metric the poller publishes',
    (network) => {
      expect(POLLER_UNHEALTHY_METRIC).toBe(PUBLISHED_POLLER_UNHEALTHY_METRIC);
      expect(networkAlarm(POLLER_UNHEALTHY_METRIC, network)).toMatchObject({
        Statistic: 'Maximum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        Period: 60,
        EvaluationPeriods: 1,
      });
      expect(g.observability.pollerUnhealthyAlarms.size).toBe(NETWORK_CODES.length);
    },
  );

  it.each(NETWORK_CODES.map((n) => [n]))(
    'alarms on the first %s transfer the intake flagged for review',
    (network) => {
      expect(DEPOSIT_NEEDS_REVIEW_METRIC).toBe(PUBLISHED_DEPOSIT_NEEDS_REVIEW_METRIC);
      expect(networkAlarm(DEPOSIT_NEEDS_REVIEW_METRIC, network)).toMatchObject({
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    },
  );

  it('alarms when the monthly gas invoice job could not invoice a partner, on the metric the job publishes', () => {
    expect(GAS_INVOICE_FAILED_METRIC).toBe(PUBLISHED_GAS_INVOICE_FAILED_METRIC);
    const alarm = alarms.find((a) => a.Namespace === 'Gateway' && a.MetricName === GAS_INVOICE_FAILED_METRIC);
    expect(alarm).toMatchObject({
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'service', Value: 'stablecoin-gateway' }],
    });
  });

  it('alarms on ledger drift reported by reconciliation', () => {
    const alarm = alarms.find((a) => a.Namespace === 'Gateway' && a.MetricName === LEDGER_DRIFT_METRIC);
    expect(alarm).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'service', Value: 'stablecoin-gateway' }],
    });
  });

  it('raises ledger drift within a minute of the reconciliation run that finds it, and holds it for one schedule period', () => {
    // Each run publishes LedgerDrift (0 when clean, the number of drifting assets otherwise): the alarm
    // looks at 1-minute maxima over as many minutes as the schedule's period, and one breaching minute
    // is enough, so it fires on the run's own minute and clears one period after the last drifting run.
    expect(LEDGER_DRIFT_METRIC).toBe(PUBLISHED_LEDGER_DRIFT_METRIC);
    const schedule = SCHEDULES.find((s) => s.functionName === 'reconcileLedger');
    const alarm = alarms.find((a) => a.Namespace === 'Gateway' && a.MetricName === LEDGER_DRIFT_METRIC);
    expect(schedule).toBeDefined();
    expect(alarm).toMatchObject({
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: schedule!.everyMinutes,
      DatapointsToAlarm: 1,
    });
  });
});
