import { outboxStreamHandler } from '../../shared/adapters/dynamodb/outbox-stream-handler';
import { getOutboxRelayDeps } from '../../shared/composition/outbox';

/** DynamoDB stream consumer (new outbox items only): each event to the webhook publisher, partial batch failures. */
export const handler = outboxStreamHandler(getOutboxRelayDeps);
