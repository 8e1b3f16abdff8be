import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SentToken } from '../../domain/accounts/sent-token';
import type { SentTokenRepository } from '../../ports/accounts';
import { isConditionalCheckFailed } from './client';

/**
 * Tokens sent by email (`TOKEN#<id>`), listed per recipient through GSI1 for the "sent tokens" view.
 * Only the SHA-256 of the secret is stored. Kept 90 days for that history, then removed by TTL.
 */
const tokenKey = (id: string) => ({ PK: `TOKEN#${id}`, SK: 'TOKEN' });
const recipientIndex = (sentTo: string) => `SENTTOKENS#${sentTo}`;

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const UNUSED_AND_UNEXPIRED = 'attribute_exists(PK) AND #status = :sent AND tokenExpiresAt > :at';
const STILL_SENT = 'attribute_exists(PK) AND #status = :sent';
const HISTORY_SECONDS = 90 * 24 * 60 * 60;

function toToken(item: Record<string, unknown>): SentToken {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g,
    GSI1SK: _gs,
    entity: _e,
    expiresAt: _ttl,
    tokenExpiresAt,
    ...rest
  } = item;
  return { ...(rest as unknown as SentToken), expiresAt: tokenExpiresAt as string };
}

export class DynamoSentTokenRepository implements SentTokenRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(token: SentToken): Promise<void> {
    const { expiresAt, ...rest } = token;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...tokenKey(token.id),
          GSI1PK: recipientIndex(token.sentTo),
          GSI1SK: `${token.createdAt}#${token.id}`,
          entity: 'SentToken',
          ...rest,
          tokenExpiresAt: expiresAt,
          expiresAt: Math.ceil(Date.parse(token.createdAt) / 1000) + HISTORY_SECONDS,
        },
        ConditionExpression: ITEM_IS_NEW,
      }),
    );
  }

  async get(tokenId: string): Promise<SentToken | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: tokenKey(tokenId), ConsistentRead: true }),
    );
    return out.Item ? toToken(out.Item) : undefined;
  }

  async markUsed(tokenId: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tokenKey(tokenId),
          UpdateExpression: 'SET #status = :used, usedAt = :at',
          ConditionExpression: UNUSED_AND_UNEXPIRED,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':used': 'USED', ':sent': 'SENT', ':at': at },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }

  async revokeOutstanding(
    sentTo: string,
    kind: SentToken['kind'],
    at: string,
    subjectId?: string,
  ): Promise<number> {
    const outstanding = (await this.listBySentTo(sentTo)).filter(
      (t) => t.status === 'SENT' && t.kind === kind && (subjectId === undefined || t.subjectId === subjectId),
    );
    for (const t of outstanding) {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: tokenKey(t.id),
            UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
            ConditionExpression: STILL_SENT,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':revoked': 'REVOKED', ':sent': 'SENT', ':at': at },
          }),
        );
      } catch (e) {
        if (!isConditionalCheckFailed(e)) throw e;
      }
    }
    return outstanding.length;
  }

  async listBySentTo(sentTo: string): Promise<SentToken[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': recipientIndex(sentTo) },
        ScanIndexForward: false,
        Limit: 100,
      }),
    );
    return (out.Items ?? []).map(toToken);
  }
}
