import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SigningKeyStore, StoredSigningKey } from '../../ports/access-tokens';
import { isConditionalCheckFailed } from './client';

/** Where a deployment-wide key lives: one item per key purpose. */
export interface KeyItem {
  readonly pk: string;
  readonly entity: string;
}

/** The console access-token key (the default). */
export const CONSOLE_SESSION_KEY_ITEM: KeyItem = {
  pk: 'CONFIG#CONSOLE_SESSION_KEY',
  entity: 'ConsoleSigningKey',
};
/** The key that seals partner and console page cursors (ADR 0020). */
export const PAGE_CURSOR_KEY_ITEM: KeyItem = { pk: 'CONFIG#PAGE_CURSOR_KEY', entity: 'PageCursorKey' };
const ITEM_IS_NEW = 'attribute_not_exists(PK)';

/** A deployment-wide key, envelope-encrypted; the first writer wins, everyone else reads it. */
export class DynamoSigningKeyStore implements SigningKeyStore {
  private readonly signingKeyKey: { PK: string; SK: string };

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly item: KeyItem = CONSOLE_SESSION_KEY_ITEM,
  ) {
    this.signingKeyKey = { PK: item.pk, SK: 'CURRENT' };
  }

  async current(): Promise<StoredSigningKey | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: this.signingKeyKey, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    return {
      kid: out.Item['kid'] as string,
      ciphertext: out.Item['ciphertext'] as StoredSigningKey['ciphertext'],
      createdAt: out.Item['createdAt'] as string,
    };
  }

  async createIfAbsent(key: StoredSigningKey): Promise<StoredSigningKey> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.signingKeyKey, entity: this.item.entity, ...key },
          ConditionExpression: ITEM_IS_NEW,
        }),
      );
      return key;
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      return (await this.current()) as StoredSigningKey;
    }
  }
}
