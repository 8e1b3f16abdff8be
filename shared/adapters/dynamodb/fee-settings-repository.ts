import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FeeSettings, FeeSettingsStore } from '../../ports/fee-settings';

const key = (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'FEES' });
const FIELDS = ['minFeeRate', 'parentFeeRate', 'maxFeeCap', 'depositFeeRate'] as const;

export class DynamoFeeSettingsRepository implements FeeSettingsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(partnerId: string): Promise<FeeSettings> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(partnerId), ConsistentRead: true }),
    );
    const item = out.Item ?? {};
    const settings: Record<string, unknown> = {};
    for (const f of FIELDS) if (item[f] !== undefined) settings[f] = BigInt(String(item[f]));
    if (item['updatedAt']) settings['updatedAt'] = item['updatedAt'];
    return settings as FeeSettings;
  }

  async set(partnerId: string, settings: FeeSettings, at: string): Promise<void> {
    const current = await this.get(partnerId);
    const merged: Record<string, unknown> = { ...key(partnerId), entity: 'FeeSettings', updatedAt: at };
    for (const f of FIELDS) {
      const v = settings[f] ?? current[f];
      if (v !== undefined) merged[f] = v.toString();
    }
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: merged }));
  }
}
