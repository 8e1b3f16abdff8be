import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, GatewayError, NotFoundError } from '../../domain/errors';
import type { ApiKey } from '../../domain/auth/api-key';
import type { ApiKeyRepository, ReplayGuard } from '../../ports/partner-store';
import { isConditionalCheckFailed } from './client';

const apiKeyKey = (id: string) => ({ PK: `APIKEY#${id}`, SK: 'APIKEY' });
const partnerKeysIndex = (partnerId: string) => `PARTNER#${partnerId}#APIKEYS`;
const replayKey = (apiKeyId: string, signature: string) => ({
  PK: `REPLAY#${apiKeyId}#${signature}`,
  SK: 'REPLAY',
});

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const ACTIVE_KEY_OF_PARTNER = 'attribute_exists(PK) AND partnerId = :partnerId AND #status = :active';
const LAST_USED_IS_OLDER =
  'attribute_exists(PK) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :notBefore)';

function toApiKey(item: Record<string, unknown>): ApiKey {
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, entity: _e, ...rest } = item;
  return rest as unknown as ApiKey;
}

export class DynamoApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(key: ApiKey): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...apiKeyKey(key.id),
            GSI1PK: partnerKeysIndex(key.partnerId),
            GSI1SK: `${key.createdAt}#${key.id}`,
            entity: 'ApiKey',
            ...key,
          },
          ConditionExpression: ITEM_IS_NEW,
        }),
      );
    } catch (e) {
      if (isConditionalCheckFailed(e)) throw new ConflictError(`API key ${key.id} already exists`);
      throw e;
    }
  }

  async get(apiKeyId: string): Promise<ApiKey | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: apiKeyKey(apiKeyId), ConsistentRead: true }),
    );
    return out.Item ? toApiKey(out.Item) : undefined;
  }

  async listByPartner(partnerId: string): Promise<ApiKey[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': partnerKeysIndex(partnerId) },
        ScanIndexForward: false,
      }),
    );
    return (out.Items ?? []).map(toApiKey);
  }

  async revoke(partnerId: string, apiKeyId: string, at: string): Promise<ApiKey> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: apiKeyKey(apiKeyId),
          UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
          ConditionExpression: ACTIVE_KEY_OF_PARTNER,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':partnerId': partnerId,
            ':active': 'ACTIVE',
            ':revoked': 'REVOKED',
            ':at': at,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toApiKey(out.Attributes ?? {});
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      const current = await this.get(apiKeyId);
      // Another partner's key is reported as missing: tenants never learn about each other's keys.
      if (!current || current.partnerId !== partnerId)
        throw new NotFoundError(`API key ${apiKeyId} not found`);
      throw new GatewayError('ILLEGAL_TRANSITION', `API key is already ${current.status}`);
    }
  }

  async setIpAllowlist(
    partnerId: string,
    apiKeyId: string,
    ipAllowlist: readonly string[],
    at: string,
  ): Promise<ApiKey> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: apiKeyKey(apiKeyId),
          UpdateExpression: 'SET ipAllowlist = :list, updatedAt = :at',
          ConditionExpression: ACTIVE_KEY_OF_PARTNER,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':partnerId': partnerId,
            ':active': 'ACTIVE',
            ':list': [...ipAllowlist],
            ':at': at,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toApiKey(out.Attributes ?? {});
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      const current = await this.get(apiKeyId);
      if (!current || current.partnerId !== partnerId)
        throw new NotFoundError(`API key ${apiKeyId} not found`);
      throw new GatewayError('ILLEGAL_TRANSITION', `API key is ${current.status}`);
    }
  }

  async touchLastUsed(apiKeyId: string, at: string, notBefore: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: apiKeyKey(apiKeyId),
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression: LAST_USED_IS_OLDER,
          ExpressionAttributeValues: { ':at': at, ':notBefore': notBefore },
        }),
      );
    } catch (e) {
      // A concurrent request recorded a recent use already: nothing to do.
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }
}

export class DynamoReplayGuard implements ReplayGuard {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(apiKeyId: string, signature: string, expiresAtMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...replayKey(apiKeyId, signature),
            entity: 'ReplayGuard',
            expiresAt: Math.ceil(expiresAtMs / 1000),
          },
          ConditionExpression: ITEM_IS_NEW,
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }
}
