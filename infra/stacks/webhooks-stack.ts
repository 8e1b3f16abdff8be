import { Duration, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';
import { GatewayFunction } from '../constructs/gateway-function';
import type { GatewaySettings } from '../lib/settings';
import type { DataStack } from './data-stack';

export interface WebhooksStackProps extends StackProps {
  readonly settings: GatewaySettings;
  readonly data: DataStack;
  /** Override the catalog (tests); defaults to every `kind: 'queue'` row of functions/catalog.ts. */
  readonly functions?: readonly FunctionSpec[];
}

/** Records per invocation; they are delivered in parallel, each with its own 10 s timeout. */
export const WEBHOOK_BATCH_SIZE = 10;
/** Concurrent consumer invocations: bounds our outbound load when a large backlog drains. */
export const WEBHOOK_MAX_CONCURRENCY = 20;

/**
 * Webhook delivery: the consumer of the webhook-delivery queue (data stack), one Lambda per
 * `kind: 'queue'` catalog row, fed by an SQS event source with partial batch responses (a record that
 * fails returns to the queue alone). The consumer re-queues retries itself (exponential backoff in
 * ≤ 15-minute hops) and parks exhausted deliveries in the DLQ, which the observability stack alarms on.
 */
export class WebhooksStack extends Stack {
  readonly functions: ReadonlyMap<string, GatewayFunction>;

  constructor(scope: Construct, id: string, props: WebhooksStackProps) {
    super(scope, id, props);
    const { settings, data } = props;
    const table = data.tableFor(this);
    const functions = new Map<string, GatewayFunction>();
    for (const spec of props.functions ?? FUNCTIONS.filter((f) => f.kind === 'queue')) {
      if (spec.kind !== 'queue' || spec.queue !== 'webhooks') throw new Error(`${spec.name} is not a webhooks queue consumer`);
      const fn = new GatewayFunction(this, `Fn-${spec.name}`, {
        spec,
        settings,
        table,
        envelopeKey: data.envelopeKey,
        webhookQueues: { queue: data.webhookQueue, dlq: data.webhookDlq },
        masterKeys: data.signingKeys,
      });
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
    this.functions = functions;
  }
}
