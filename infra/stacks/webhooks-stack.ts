import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';
import { OUTBOX_STREAM_FILTER } from '../../shared/adapters/dynamodb/outbox-store';
import { gatewayFunction } from '../constructs/gateway-function';
import type { GatewayFunction } from '../constructs/gateway-function';
import { names } from '../lib/settings';
import type { GatewaySettings } from '../lib/settings';
import type { DataStack } from './data-stack';

export interface WebhooksStackProps extends StackProps {
  readonly settings: GatewaySettings;
  readonly data: DataStack;
  /** Override the catalog (tests); defaults to every `kind: 'queue'` row of functions/catalog.ts. */
  readonly functions?: readonly FunctionSpec[];
  /** Override the catalog (tests); defaults to every `kind: 'stream'` row of functions/catalog.ts. */
  readonly streamFunctions?: readonly FunctionSpec[];
}

/** Stream records per invocation of the outbox relay (each is one conditional put + one enqueue). */
export const OUTBOX_BATCH_SIZE = 25;
/**
 * Retries of a failing outbox batch (bisected on each error) before its metadata goes to the failure
 * queue; the scheduled republisher then relays the events from the outbox itself.
 */
export const OUTBOX_RETRY_ATTEMPTS = 10;

/** Records per invocation; they are delivered in parallel, each with its own 10 s timeout. */
export const WEBHOOK_BATCH_SIZE = 10;
/** Concurrent consumer invocations: bounds our outbound load when a large backlog drains. */
export const WEBHOOK_MAX_CONCURRENCY = 20;

/**
 * Webhook delivery: the consumer of the webhook-delivery queue (data stack), one Lambda per
 * `kind: 'queue'` catalog row, fed by an SQS event source with partial batch responses (a record that
 * fails returns to the queue alone). The consumer re-queues retries itself (exponential backoff in
 * ≤ 15-minute hops) and parks exhausted deliveries in the DLQ, which the observability stack alarms on.
 *
 * And the transactional outbox's relay: one Lambda per `kind: 'stream'` catalog row, fed by the table's
 * stream filtered to new outbox items (OUTBOX_STREAM_FILTER), with partial batch responses, bisection
 * on error, a bounded number of retries and an SQS on-failure destination.
 */
export class WebhooksStack extends Stack {
  readonly functions: ReadonlyMap<string, GatewayFunction>;
  /** On-failure destination of the outbox stream mapping (batches whose retries ran out). */
  readonly outboxFailures?: sqs.Queue;

  constructor(scope: Construct, id: string, props: WebhooksStackProps) {
    super(scope, id, props);
    const { settings, data } = props;
    const functions = new Map<string, GatewayFunction>();
    for (const spec of props.functions ?? FUNCTIONS.filter((f) => f.kind === 'queue')) {
      if (spec.kind !== 'queue' || spec.queue !== 'webhooks')
        throw new Error(`${spec.name} is not a webhooks queue consumer`);
      const fn = gatewayFunction(this, spec, settings, data);
      fn.function.addEventSource(
        new SqsEventSource(data.webhookQueue, {
          batchSize: WEBHOOK_BATCH_SIZE,
          maxBatchingWindow: Duration.seconds(1),
          reportBatchItemFailures: true,
          maxConcurrency: WEBHOOK_MAX_CONCURRENCY,
        }),
      );
      functions.set(spec.name, fn);
    }
    const streamSpecs = props.streamFunctions ?? FUNCTIONS.filter((f) => f.kind === 'stream');
    if (streamSpecs.length > 0) {
      // The table with its stream (the stream ARN is exported by the data stack).
      const streamTable = dynamodb.Table.fromTableAttributes(this, 'GatewayTableStream', {
        tableName: data.tableName,
        tableStreamArn: data.table.tableStreamArn,
        encryptionKey: data.tableKey,
      });
      this.outboxFailures = new sqs.Queue(this, 'OutboxRelayFailures', {
        queueName: names.resource(settings, 'outbox-relay-failures'),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(this.outboxFailures).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the on-failure destination of the outbox stream mapping (a DLQ for stream batches); the events stay in the outbox table and the republisher relays them.',
      });
      for (const spec of streamSpecs) {
        if (spec.kind !== 'stream' || spec.stream !== 'outbox')
          throw new Error(`${spec.name} is not an outbox stream consumer`);
        const fn = gatewayFunction(this, spec, settings, data);
        fn.function.addEventSource(
          new DynamoEventSource(streamTable, {
            startingPosition: StartingPosition.TRIM_HORIZON,
            batchSize: OUTBOX_BATCH_SIZE,
            maxBatchingWindow: Duration.seconds(1),
            reportBatchItemFailures: true,
            bisectBatchOnError: true,
            retryAttempts: OUTBOX_RETRY_ATTEMPTS,
            onFailure: new SqsDlq(this.outboxFailures),
            filters: [FilterCriteria.filter({ ...OUTBOX_STREAM_FILTER })],
          }),
        );
        Validations.of(fn.role).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'X-Ray (tracing) and dynamodb:ListStreams, which the DynamoDB stream event source needs and which has no resource-level permissions.',
        });
        functions.set(spec.name, fn);
      }
    }
    this.functions = functions;
  }
}
