import { deliveryBatchHandler } from '../../shared/adapters/sqs/delivery-batch-handler';
import { getDeps } from '../../shared/composition/gateway';

/** SQS consumer of the webhook-delivery queue: one signed POST per message, partial batch failures. */
export const handler = deliveryBatchHandler(getDeps);
