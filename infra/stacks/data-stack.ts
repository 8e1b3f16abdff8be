import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  GLOBAL_SECONDARY_INDEXES,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from '../../shared/adapters/dynamodb/table-schema';
import type { ChainFamily } from '../../shared/config/networks';
import { names } from '../lib/settings';
import type { GatewaySettings } from '../lib/settings';

export interface DataStackProps extends StackProps {
  readonly settings: GatewaySettings;
}

/**
 * State that outlives every deployment: the single DynamoDB table (domain state + ledger), the KMS keys
 * that hold custody (one secp256k1 signing key per chain family, one envelope key for the HD seed and
 * other secrets) and the webhook-delivery queue with its DLQ.
 */
export class DataStack extends Stack {
  readonly settings: GatewaySettings;
  readonly tableName: string;
  readonly table: dynamodb.Table;
  /** Customer-managed key of the table (separate from the custody keys). */
  readonly tableKey: kms.Key;
  /** MASTER wallet keys: asymmetric ECC_SECG_P256K1 SIGN_VERIFY, one per chain family. */
  readonly signingKeys: Readonly<Record<ChainFamily, kms.Key>>;
  readonly evmSigningKey: kms.Key;
  readonly tronSigningKey: kms.Key;
  /** Symmetric key that wraps data keys (envelope encryption of the HD seed, API and TOTP secrets). */
  readonly envelopeKey: kms.Key;
  readonly webhookQueue: sqs.Queue;
  readonly webhookDlq: sqs.Queue;
  /** Finance documents (invoice PDFs and CSVs, statements, exports): `exports/<partner>/<yyyy-mm>/…`. */
  readonly documentsBucket: s3.Bucket;
  /** Server access logs of the documents bucket. */
  readonly documentsAccessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.settings = settings;
    this.tableName = names.table(settings);

    this.tableKey = new kms.Key(this, 'TableKey', {
      description: `Encrypts the ${this.tableName} DynamoDB table`,
      alias: names.alias(settings, 'table'),
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new dynamodb.Table(this, 'Table', {
      tableName: this.tableName,
      partitionKey: { name: PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      deletionProtection: true,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of GLOBAL_SECONDARY_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    const signingKey = (family: ChainFamily): kms.Key =>
      new kms.Key(this, `${family === 'EVM' ? 'Evm' : 'Tron'}SigningKey`, {
        description: `MASTER wallet of the ${family} chain family (secp256k1, sign digests only)`,
        alias: names.alias(settings, `${family.toLowerCase()}-master`),
        keySpec: kms.KeySpec.ECC_SECG_P256K1,
        keyUsage: kms.KeyUsage.SIGN_VERIFY,
        // Losing this key loses the MASTER wallet's funds: never delete it with the stack.
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.evmSigningKey = signingKey('EVM');
    this.tronSigningKey = signingKey('TRON');
    this.signingKeys = { EVM: this.evmSigningKey, TRON: this.tronSigningKey };

    this.envelopeKey = new kms.Key(this, 'EnvelopeKey', {
      description: 'Envelope encryption of secrets (HD seed, API secrets, TOTP secrets)',
      alias: names.alias(settings, 'envelope'),
      keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.webhookDlq = new sqs.Queue(this, 'WebhookDlq', {
      queueName: names.resource(settings, 'webhook-delivery-dlq'),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.webhookQueue = new sqs.Queue(this, 'WebhookQueue', {
      queueName: names.resource(settings, 'webhook-delivery'),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // At least 6x the consumer's timeout (AWS guidance for Lambda SQS event sources).
      visibilityTimeout: Duration.seconds(180),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.webhookDlq, maxReceiveCount: 8 },
    });

    // Finance documents (docs/adr/0034-finance-documents.md). Partners download through pre-signed
    // URLs, so nothing is public; an issued document is never edited, and a re-published one (a new
    // status) keeps the old bytes as a noncurrent version for 400 days (a year of audits plus margin).
    // The access-log bucket itself needs no logs of its own (cdk-nag exempts a log destination).
    this.documentsAccessLogs = new s3.Bucket(this, 'DocumentsAccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.documentsBucket = new s3.Bucket(this, 'Documents', {
      bucketName: names.documentsBucket(settings, this.account),
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.documentsAccessLogs,
      serverAccessLogsPrefix: 'documents/',
      lifecycleRules: [
        {
          id: 'noncurrent-versions-and-uploads',
          noncurrentVersionExpiration: Duration.days(400),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.documentsBucket.bucketName });
    new CfnOutput(this, 'EnvelopeKeyArn', { value: this.envelopeKey.keyArn });
    new CfnOutput(this, 'EvmSigningKeyArn', { value: this.evmSigningKey.keyArn });
    new CfnOutput(this, 'TronSigningKeyArn', { value: this.tronSigningKey.keyArn });
    new CfnOutput(this, 'WebhookQueueUrl', { value: this.webhookQueue.queueUrl });
  }

  /**
   * The table as seen from another stack, addressed by its deterministic name: the ARN is built in the
   * consumer stack (no cross-stack reference for the table itself, and IAM findings name it exactly).
   * The consumer stack must depend on this one (the app builder adds the dependency).
   */
  tableFor(scope: Construct): dynamodb.ITable {
    const existing = scope.node.tryFindChild('GatewayTable');
    if (existing) return existing as dynamodb.ITable;
    return dynamodb.Table.fromTableAttributes(scope, 'GatewayTable', {
      tableName: this.tableName,
      encryptionKey: this.tableKey,
      globalIndexes: GLOBAL_SECONDARY_INDEXES.map((i) => i.indexName),
    });
  }
}
