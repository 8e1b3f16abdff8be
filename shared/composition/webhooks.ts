import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '../config/config';
import { DynamoWebhookDeliveryStore } from '../adapters/dynamodb/webhook-delivery-store';
import { DynamoWebhookSettingsRepository } from '../adapters/dynamodb/webhook-settings-repository';
import { NodeWebhookHttpClient } from '../adapters/http/webhook-http-client';
import { LocalWebhookQueue, localWebhookQueues } from '../adapters/local/local-webhook-queue';
import { SqsWebhookQueue, UnconfiguredWebhookQueue } from '../adapters/sqs/sqs-webhook-queue';
import { defaultWebhookPolicy } from '../app/webhooks/deps';
import type { WebhookDeps, WebhookPolicy } from '../app/webhooks/deps';
import { QueuedWebhookPublisher } from '../app/webhooks/publish-webhook-event';
import type { Clock } from '../ports/clock';
import type { WebhookQueue } from '../ports/webhook-delivery';
import type { WebhookPublisher } from '../ports/webhooks';
import { lazily } from './lazy';
import type { Factories } from './lazy';

export type WebhookAdapters = Pick<
  WebhookDeps,
  'webhookSettings' | 'webhookDeliveries' | 'webhookQueue' | 'webhookHttp' | 'webhookPolicy'
> & { readonly webhooks: WebhookPublisher };

/**
 * Webhook wiring: SQS when WEBHOOK_QUEUE_URL is set (AWS), the DynamoDB-backed local queue on the local
 * stack, and a queue that fails on use for functions without the webhook grants.
 */
export function buildWebhookQueue(config: AppConfig, db: DynamoDBDocumentClient, clock: Clock): WebhookQueue {
  if (config.webhooks.queueUrl) {
    return new SqsWebhookQueue(
      async () => new (await import('@aws-sdk/client-sqs')).SQSClient({ region: config.region }),
      config.webhooks.queueUrl,
      config.webhooks.dlqUrl,
    );
  }
  if (config.environment === 'local') {
    const { queue, dlq } = localWebhookQueues(db, config.tableName, clock);
    return new LocalWebhookQueue(queue, dlq);
  }
  return new UnconfiguredWebhookQueue();
}

type WebhookOverrides = Partial<Pick<WebhookDeps, 'webhookQueue' | 'webhookHttp'>> & {
  webhookPolicy?: Partial<WebhookPolicy>;
};

/** One factory per webhook adapter (built on first use, see `lazily`). */
export function webhookFactories(
  config: AppConfig,
  db: DynamoDBDocumentClient,
  clock: Clock,
  overrides: WebhookOverrides = {},
): Factories<WebhookAdapters> {
  const local = config.environment === 'local';
  return {
    webhookSettings: () => new DynamoWebhookSettingsRepository(db, config.tableName),
    webhookDeliveries: () => new DynamoWebhookDeliveryStore(db, config.tableName),
    webhookQueue: () => overrides.webhookQueue ?? buildWebhookQueue(config, db, clock),
    webhookHttp: () => overrides.webhookHttp ?? new NodeWebhookHttpClient({ allowPrivateAddresses: local }),
    webhookPolicy: () => ({
      ...defaultWebhookPolicy(local, config.webhooks.legacyHeadersUntilMs),
      ...overrides.webhookPolicy,
    }),
    webhooks: (self) =>
      new QueuedWebhookPublisher({
        clock,
        webhookSettings: self.webhookSettings,
        webhookDeliveries: self.webhookDeliveries,
        webhookQueue: self.webhookQueue,
      }),
  };
}

export function buildWebhookAdapters(
  config: AppConfig,
  db: DynamoDBDocumentClient,
  clock: Clock,
  overrides: WebhookOverrides = {},
): WebhookAdapters {
  return lazily(webhookFactories(config, db, clock, overrides));
}
