import type { DynamoDBStreamEvent } from 'aws-lambda';
import { functionSpec } from '../../../functions/catalog';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import { OUTBOX_STREAM_FILTER, DynamoOutboxStore } from '../../../shared/adapters/dynamodb/outbox-store';
import { outboxStreamHandler } from '../../../shared/adapters/dynamodb/outbox-stream-handler';
import { LocalStreamPoller } from '../../../shared/adapters/local/local-stream-poller';
import type { OutboxRelayDeps } from '../../../shared/app/outbox/relay-outbox';
import type { Clock } from '../../../shared/ports/clock';
import type { WebhookPublisher } from '../../../shared/ports/webhooks';

/**
 * The outbox relay as `npm start` runs it: the table's real stream on DynamoDB Local read by the local
 * stand-in for Lambda's event source (same filter), into the relay handler as deployed
 * (functions/outbox/relay-outbox-events.ts), here with the publisher the test chooses.
 */
export function outboxRelay(base: GatewayDeps, webhooks: WebhookPublisher, clock: Clock = base.clock) {
  const deps: OutboxRelayDeps & { logger: GatewayDeps['logger'] } = {
    outbox: new DynamoOutboxStore(base.db, base.config.tableName),
    webhooks,
    clock,
    logger: base.logger,
  };
  const handler = outboxStreamHandler(() => deps);
  const skipped: string[] = [];
  const poller = new LocalStreamPoller({
    endpoint: base.config.dynamodbEndpoint as string,
    tableName: base.config.tableName,
    filter: OUTBOX_STREAM_FILTER,
    invoke: (event: DynamoDBStreamEvent) => handler(event, lambdaContext(functionSpec('relayOutbox'))),
    maxRetries: 3,
    onSkipped: (r) => skipped.push(r.dynamodb?.SequenceNumber ?? ''),
  });
  return { deps, poller, skipped };
}
