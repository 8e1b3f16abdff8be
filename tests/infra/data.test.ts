import { Match } from 'aws-cdk-lib/assertions';
import {
  GLOBAL_SECONDARY_INDEXES,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from '../../shared/adapters/dynamodb/table-schema';
import { gateway } from './support/gateway-app';
import { logicalId, onlyResource, refId, resourcesOf } from './support/template-helpers';

describe('data stack', () => {
  const g = gateway();
  const template = g.template(g.data);

  it('has the single table with PITR, streams, deletion protection, TTL and a customer-managed key', () => {
    const [, table] = onlyResource(template, 'AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    const props = table.Properties!;
    expect(props.TableName).toBe('gateway-dev');
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.KeySchema).toEqual([
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: SORT_KEY, KeyType: 'RANGE' },
    ]);
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(props.DeletionProtectionEnabled).toBe(true);
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    const sse = props.SSESpecification as Record<string, unknown>;
    expect(sse).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    expect(refId(sse.KMSMasterKeyId)).toBe(logicalId(g.data.tableKey));
  });

  it('has exactly the GSIs of table-schema.ts, all projected', () => {
    const [, table] = onlyResource(template, 'AWS::DynamoDB::Table');
    const gsis = table.Properties!.GlobalSecondaryIndexes as Array<Record<string, unknown>>;
    expect(gsis).toHaveLength(4);
    expect(gsis).toEqual(
      GLOBAL_SECONDARY_INDEXES.map((i) => ({
        IndexName: i.indexName,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('has one secp256k1 signing key per chain family, retained on delete', () => {
    const signing = Object.values(resourcesOf(template, 'AWS::KMS::Key')).filter(
      (k) => k.Properties?.KeySpec === 'ECC_SECG_P256K1',
    );
    expect(signing).toHaveLength(2);
    for (const key of signing) {
      expect(key.Properties?.KeyUsage).toBe('SIGN_VERIFY');
      expect(key.DeletionPolicy).toBe('Retain');
    }
    const aliases = Object.values(resourcesOf(template, 'AWS::KMS::Alias')).map(
      (a) => a.Properties?.AliasName,
    );
    expect(aliases).toEqual(
      expect.arrayContaining(['alias/gateway-dev/evm-master', 'alias/gateway-dev/tron-master']),
    );
  });

  it('has a rotating symmetric envelope key (KMS_DATA_KEY_ID), and every symmetric key rotates', () => {
    const envelopeId = logicalId(g.data.envelopeKey);
    const envelope = resourcesOf(template, 'AWS::KMS::Key')[envelopeId];
    expect(envelope?.Properties).toMatchObject({
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EnableKeyRotation: true,
    });
    expect(envelope?.DeletionPolicy).toBe('Retain');
    const symmetric = Object.values(resourcesOf(template, 'AWS::KMS::Key')).filter(
      (k) => (k.Properties?.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT',
    );
    expect(symmetric).toHaveLength(2); // envelope + table
    for (const key of symmetric) expect(key.Properties?.EnableKeyRotation).toBe(true);
  });

  it('has an encrypted, SSL-only webhook queue with a DLQ', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const dlqId = logicalId(g.data.webhookDlq);
    const mainId = logicalId(g.data.webhookQueue);
    expect(Object.keys(queues).sort()).toEqual([dlqId, mainId].sort());
    for (const queue of Object.values(queues)) expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
    const redrive = queues[mainId]!.Properties!.RedrivePolicy as Record<string, unknown>;
    expect(refId(redrive.deadLetterTargetArn)).toBe(dlqId);
    expect(redrive.maxReceiveCount).toBeGreaterThan(1);
    for (const id of [dlqId, mainId]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [Match.objectLike({ Ref: id })],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});
