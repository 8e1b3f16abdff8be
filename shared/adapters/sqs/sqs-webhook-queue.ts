import type { SQSClient } from '@aws-sdk/client-sqs';
import { deferredClient } from '../aws/deferred-client';
import type { ClientSource } from '../aws/deferred-client';
import { MAX_QUEUE_DELAY_SECONDS } from '../../domain/webhooks/retry-schedule';
import type { DeliveryMessage, WebhookQueue } from '../../ports/webhook-delivery';

/**
 * The webhook-delivery queue on SQS. Delays above SQS's 15-minute maximum are the caller's to split
 * into hops (the message's `notBefore` says when it is really due); this adapter refuses them rather
 * than let SQS answer InvalidParameterValue.
 */
export class SqsWebhookQueue implements WebhookQueue {
  private readonly sqs: () => Promise<SQSClient>;

  constructor(
    sqs: ClientSource<SQSClient>,
    private readonly queueUrl: string,
    private readonly dlqUrl: string | undefined,
  ) {
    this.sqs = deferredClient(sqs);
  }

  /** The client and the command, loaded on the first message rather than at cold start (ClientSource). */
  private async send(input: { QueueUrl: string; MessageBody: string; DelaySeconds?: number }): Promise<void> {
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await (await this.sqs()).send(new SendMessageCommand(input));
  }

  async enqueue(message: DeliveryMessage, delaySeconds: number): Promise<void> {
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_QUEUE_DELAY_SECONDS) {
      throw new RangeError(
        `delaySeconds must be an integer in 0..${MAX_QUEUE_DELAY_SECONDS}, got ${delaySeconds}`,
      );
    }
    await this.send({
      QueueUrl: this.queueUrl,
      MessageBody: JSON.stringify(message),
      DelaySeconds: delaySeconds,
    });
  }

  async deadLetter(message: DeliveryMessage | { readonly raw: string }, reason: string): Promise<void> {
    if (!this.dlqUrl) throw new Error('WEBHOOK_DLQ_URL is not configured for this function');
    await this.send({
      QueueUrl: this.dlqUrl,
      MessageBody: JSON.stringify({ ...message, deadLetterReason: reason }),
    });
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
