import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { relayOutboxEvent } from '../../app/outbox/relay-outbox';
import type { OutboxRelayDeps } from '../../app/outbox/relay-outbox';
import { outboxEventFromImage } from './outbox-store';

/**
 * The table stream's consumer (event source filtered to new outbox items, OUTBOX_STREAM_FILTER): relays
 * each event to the webhook publisher, in stream order. On the first failure it reports that record's
 * sequence number in `batchItemFailures`, so Lambda retries from there (the records after it too, which
 * is harmless: relaying is idempotent); after the mapping's retry limit the batch's metadata goes to the
 * on-failure destination and the republisher picks the events up from the outbox.
 */
export function outboxStreamHandler(getDeps: () => OutboxRelayDeps & { readonly logger: Logger }) {
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
    .use(injectLambdaContext(getDeps().logger, { resetKeys: true }))
    .handler(async (event) => {
      const deps = getDeps();
      for (const record of event.Records) {
        const outbox =
          record.eventName === 'INSERT' ? outboxEventFromImage(record.dynamodb?.NewImage) : undefined;
        if (!outbox) continue; // not an outbox item (the filter keeps these out on AWS)
        try {
          await relayOutboxEvent(deps, outbox);
        } catch (e) {
          deps.logger.warn('outbox relay failed; the stream retries from this record', {
            eventId: outbox.event.id,
            error: e as Error,
          });
          return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
        }
      }
      return { batchItemFailures: [] };
    });
}
