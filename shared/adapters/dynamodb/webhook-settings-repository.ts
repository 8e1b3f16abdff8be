import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors';
import type { WebhookSettings } from '../../domain/webhooks/webhook-settings';
import type { WebhookSettingsRepository } from '../../ports/webhook-delivery';
import { isConditionalCheckFailed } from './client';

const settingsKey = (partnerId: string) => ({ PK: `WEBHOOK#${partnerId}`, SK: 'SETTINGS' });

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const VERSION_UNCHANGED = 'version = :expected';

function toSettings(item: Record<string, unknown>): WebhookSettings {
  const { PK: _pk, SK: _sk, entity: _e, ...rest } = item;
  return rest as unknown as WebhookSettings;
}

/** One item per partner; every write is conditioned on the version it read (optimistic concurrency). */
export class DynamoWebhookSettingsRepository implements WebhookSettingsRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(partnerId: string): Promise<WebhookSettings | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: settingsKey(partnerId), ConsistentRead: true }),
    );
    return out.Item ? toSettings(out.Item) : undefined;
  }

  async save(settings: WebhookSettings, expectedVersion: number | undefined): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...settingsKey(settings.partnerId), entity: 'WebhookSettings', ...settings },
          ConditionExpression: expectedVersion === undefined ? ITEM_IS_NEW : VERSION_UNCHANGED,
          ...(expectedVersion === undefined
            ? {}
            : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (e) {
      if (isConditionalCheckFailed(e))
        throw new ConflictError('Webhook settings changed concurrently; read them and try again');
      throw e;
    }
  }
}
