import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SigningKeyStore, StoredSigningKey } from '../../ports/access-tokens';
import { isConditionalCheckFailed } from './client';

/** The console access-token key, envelope-encrypted; the first writer wins, everyone else reads it. */
const signingKeyKey = { PK: 'CONFIG#CONSOLE_SESSION_KEY', SK: 'CURRENT' };
const ITEM_IS_NEW = 'attribute_not_exists(PK)';

export class DynamoSigningKeyStore implements SigningKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(): Promise<StoredSigningKey | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: signingKeyKey, ConsistentRead: true }),
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
          Item: { ...signingKeyKey, entity: 'ConsoleSigningKey', ...key },
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
