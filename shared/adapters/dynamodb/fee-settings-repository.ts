import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FeeSettings, FeeSettingsStore } from '../../ports/fee-settings';

const key = (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'FEES' });
export const feeSettingsKey = key;
export const FEE_FIELDS = ['minFeeRate', 'parentFeeRate', 'maxFeeCap', 'depositFeeRate'] as const;
const FIELDS = FEE_FIELDS;

/** The rates of a stored fee item (bigints from their decimal strings). */
export function toFeeSettings(item: Record<string, unknown>): FeeSettings {
  const settings: Record<string, unknown> = {};
  for (const f of FIELDS) if (item[f] !== undefined) settings[f] = BigInt(String(item[f]));
  if (item['updatedAt']) settings['updatedAt'] = item['updatedAt'];
  return settings as FeeSettings;
}

export class DynamoFeeSettingsRepository implements FeeSettingsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(partnerId: string): Promise<FeeSettings> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(partnerId), ConsistentRead: true }),
    );
    return toFeeSettings(out.Item ?? {});
  }

  async set(partnerId: string, settings: FeeSettings, at: string): Promise<void> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(partnerId), ConsistentRead: true }),
    );
    const current = toFeeSettings(out.Item ?? {});
    // Every write moves the version the sub-partner fee edits condition on (ADR 0031).
    const version = Number(out.Item?.['version'] ?? 0) + 1;
    const merged: Record<string, unknown> = {
      ...key(partnerId),
      entity: 'FeeSettings',
      updatedAt: at,
      version,
    };
    for (const f of FIELDS) {
      const v = settings[f] ?? current[f];
      if (v !== undefined) merged[f] = v.toString();
    }
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: merged }));
  }
}
