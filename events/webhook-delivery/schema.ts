import * as z from 'zod';
import type { DeliveryMessage } from '../../shared/ports/webhook-delivery';

/**
 * The message of one scheduled webhook attempt on the webhook-delivery queue (SQS on AWS, the local
 * queue on `npm start`). `sqs-event.json` is a Lambda SQS event carrying one, to invoke the consumer
 * (`functions/webhooks/deliver-webhooks.ts`) by hand.
 */
export const WEBHOOK_QUEUE_NAME = 'webhook-delivery';
export const WEBHOOK_DLQ_NAME = 'webhook-delivery-dlq';

export const DeliveryMessageSchema = z.strictObject({
  v: z.literal(1),
  partnerId: z.string().min(1),
  eventId: z.string().min(1),
  round: z.number().int().nonnegative(),
  attempt: z.number().int().positive(),
  notBefore: z.iso.datetime(),
}) satisfies z.ZodType<DeliveryMessage>;

/** A dead-lettered message: the original plus why it was parked. */
export const DeadLetterSchema = DeliveryMessageSchema.extend({ deadLetterReason: z.string() });
