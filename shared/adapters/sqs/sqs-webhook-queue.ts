import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { MAX_QUEUE_DELAY_SECONDS } from '../../domain/webhooks/retry-schedule';
import type { DeliveryMessage, WebhookQueue } from '../../ports/webhook-delivery';

/**
 * The webhook-delivery queue on SQS. Delays above SQS's 15-minute maximum are the caller's to split
 * into hops (the message's `notBefore` says when it is really due); this adapter refuses them rather
 * than let SQS answer InvalidParameterValue.
 */
export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly dlqUrl: string | undefined,
  ) {}

  async enqueue(message: DeliveryMessage, delaySeconds: number): Promise<void> {
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_QUEUE_DELAY_SECONDS) {
      throw new RangeError(
        `delaySeconds must be an integer in 0..${MAX_QUEUE_DELAY_SECONDS}, got ${delaySeconds}`,
      );
    }
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: delaySeconds,
      }),
    );
  }

  async deadLetter(message: DeliveryMessage | { readonly raw: string }, reason: string): Promise<void> {
    if (!this.dlqUrl) throw new Error('WEBHOOK_DLQ_URL is not configured for this function');
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.dlqUrl,
        MessageBody: JSON.stringify({ ...message, deadLetterReason: reason }),
      }),
    );
  }
}

/** Stands in where no queue is configured (a function without the webhook grants): fails loudly on use. */
export class UnconfiguredWebhookQueue implements WebhookQueue {
  enqueue(): Promise<void> {
    return Promise.reject(
      new Error('WEBHOOK_QUEUE_URL is not configured for this function (catalog grant webhooks:publish)'),
    );
  }

  deadLetter(): Promise<void> {
    return Promise.reject(
      new Error('WEBHOOK_DLQ_URL is not configured for this function (catalog grant webhooks:deliver)'),
    );
  }
}
