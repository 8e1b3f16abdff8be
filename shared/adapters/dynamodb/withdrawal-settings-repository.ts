import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode } from '../../config/networks';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { WhitelistEntry, WithdrawalSettings } from '../../domain/withdrawal/policy';
import { DEFAULT_WITHDRAWAL_SETTINGS } from '../../domain/withdrawal/policy';
import type { WithdrawalSettingsStore } from '../../ports/withdrawals';
import { cancellationReasons, queryAll } from './client';

/**
 * A partner's withdrawal settings (one item) and whitelist: one item per entry plus a uniqueness item
 * per (network, address), written together so an address is listed at most once.
 */
const settingsKey = (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'WITHDRAWAL_SETTINGS' });
const entryKey = (partnerId: string, entryId: string) => ({
  PK: `WHITELIST#${partnerId}`,
  SK: `ENTRY#${entryId}`,
});
const addressKey = (partnerId: string, network: NetworkCode, address: string) => ({
  PK: `WHITELIST#${partnerId}`,
  SK: `ADDRESS#${network}#${address.toLowerCase()}`,
});
const ITEM_IS_NEW = 'attribute_not_exists(PK)';

function entryFrom(item: Record<string, unknown>): WhitelistEntry {
  const { PK: _a, SK: _b, entity: _c, ...rest } = item;
  return rest as unknown as WhitelistEntry;
}

export class DynamoWithdrawalSettingsRepository implements WithdrawalSettingsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(partnerId: string): Promise<WithdrawalSettings> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: settingsKey(partnerId), ConsistentRead: true }),
    );
    if (!out.Item) return DEFAULT_WITHDRAWAL_SETTINGS;
    const approval = out.Item['approval'] as { mode: 'AUTO' | 'CONDITIONAL'; thresholdUsdt: string };
    return {
      addressMode: out.Item['addressMode'] as WithdrawalSettings['addressMode'],
      approval: { mode: approval.mode, thresholdUsdt: BigInt(approval.thresholdUsdt) },
      ...(out.Item['updatedAt'] ? { updatedAt: String(out.Item['updatedAt']) } : {}),
      ...(out.Item['updatedBy'] ? { updatedBy: String(out.Item['updatedBy']) } : {}),
    };
  }

  async put(partnerId: string, settings: WithdrawalSettings): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...settingsKey(partnerId),
          entity: 'WithdrawalSettings',
          ...settings,
          approval: {
            mode: settings.approval.mode,
            thresholdUsdt: settings.approval.thresholdUsdt.toString(),
          },
        },
      }),
    );
  }

  async listWhitelist(partnerId: string): Promise<WhitelistEntry[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :entry)',
      ExpressionAttributeValues: { ':pk': `WHITELIST#${partnerId}`, ':entry': 'ENTRY#' },
    });
    return items.map(entryFrom).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async getWhitelistEntry(partnerId: string, entryId: string): Promise<WhitelistEntry | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: entryKey(partnerId, entryId), ConsistentRead: true }),
    );
    return out.Item ? entryFrom(out.Item) : undefined;
  }

  async findWhitelisted(
    partnerId: string,
    network: NetworkCode,
    address: string,
  ): Promise<WhitelistEntry | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: addressKey(partnerId, network, address),
        ConsistentRead: true,
      }),
    );
    return out.Item ? this.getWhitelistEntry(partnerId, String(out.Item['entryId'])) : undefined;
  }

  async addWhitelistEntry(entry: WhitelistEntry): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...entryKey(entry.partnerId, entry.entryId), entity: 'WhitelistEntry', ...entry },
                ConditionExpression: ITEM_IS_NEW,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...addressKey(entry.partnerId, entry.network, entry.address),
                  entity: 'WhitelistAddress',
                  entryId: entry.entryId,
                },
                ConditionExpression: ITEM_IS_NEW,
              },
            },
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e))
        throw new ConflictError(`${entry.address} is already on the ${entry.network} whitelist`);
      throw e;
    }
  }

  async removeWhitelistEntry(partnerId: string, entryId: string): Promise<WhitelistEntry> {
    const entry = await this.getWhitelistEntry(partnerId, entryId);
    if (!entry) throw new NotFoundError(`Whitelist entry ${entryId} not found`);
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.tableName, Key: entryKey(partnerId, entryId) } },
          { Delete: { TableName: this.tableName, Key: addressKey(partnerId, entry.network, entry.address) } },
        ],
      }),
    );
    return entry;
  }
}
