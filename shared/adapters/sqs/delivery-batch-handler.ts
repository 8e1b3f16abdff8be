import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeliveryMessageSchema } from '../../../events/webhook-delivery/schema';
import { deliverWebhook } from '../../app/webhooks/deliver-webhook';
import type { DeliveryOutcome } from '../../app/webhooks/deliver-webhook';
import type { WebhookDeps } from '../../app/webhooks/deps';

/**
 * The webhook-delivery queue consumer: Powertools batch processing with partial batch responses. Each
 * record is one attempt; records are processed in parallel, and a record whose processing throws (the
 * table or KMS unavailable) is reported in `batchItemFailures` so SQS returns only it to the queue
 * (after the visibility timeout; after maxReceiveCount receives SQS moves it to the DLQ). When every
 * record fails the invocation throws, so the function's Errors alarm sees an outage.
 * A malformed message is parked in the DLQ at once instead of being retried.
 */
export function deliveryBatchHandler(getDeps: () => WebhookDeps & { readonly logger: Logger }) {
  const processor = new BatchProcessor(EventType.SQS);

  const recordHandler = async (record: SQSRecord): Promise<DeliveryOutcome | undefined> => {
    const deps = getDeps();
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const parsed = DeliveryMessageSchema.safeParse(body);
    if (!parsed.success) {
      deps.logger.error('malformed webhook delivery message, dead-lettered', { messageId: record.messageId });
      await deps.webhookQueue.deadLetter({ raw: record.body.slice(0, 4096) }, 'MALFORMED_MESSAGE');
      return undefined;
    }
    const outcome = await deliverWebhook(deps, parsed.data);
    const log =
      outcome.kind === 'FAILED' ? deps.logger.warn.bind(deps.logger) : deps.logger.info.bind(deps.logger);
    log('webhook delivery', {
      partnerId: parsed.data.partnerId,
      eventId: parsed.data.eventId,
      round: parsed.data.round,
      attempt: parsed.data.attempt,
      outcome,
    });
    return outcome;
  };

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(getDeps().logger, { resetKeys: true }))
    .handler((event, context) => processPartialResponse(event, recordHandler, processor, { context }));
}
