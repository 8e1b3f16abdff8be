import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, GatewayError, NotFoundError } from '../../domain/errors';
import { MAX_API_KEYS_PER_PARTNER } from '../../domain/auth/api-key';
import type { ApiKey } from '../../domain/auth/api-key';
import type { ApiKeyRepository, ApiKeyWithPartner, ReplayGuard } from '../../ports/partner-store';
import { apiKeyItemKey as apiKeyKey, partnerCopy } from './api-key-items';
import { cancellationReasons, isConditionalCheckFailed } from './client';
import { partnerKey, toPartner } from './partner-repository';

/** A key being issued while its partner's status changes reads the partner again. */
const CREATE_ATTEMPTS = 5;
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
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, entity: _e, partner: _p, ...rest } = item;
  return rest as unknown as ApiKey;
}

export class DynamoApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(key: ApiKey): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: partnerKey(key.partnerId), ConsistentRead: true }),
      );
      if (!out.Item) throw new NotFoundError(`Partner ${key.partnerId} not found`);
      const partner = toPartner(out.Item);
      const version = out.Item['keysVersion'] as number | undefined;
      try {
        // The key carries its partner's copy; listing the key on the partner item in the same write makes
        // a status change (which conditions on keysVersion) update this copy too, or fail and retry.
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...apiKeyKey(key.id),
                    GSI1PK: partnerKeysIndex(key.partnerId),
                    GSI1SK: `${key.createdAt}#${key.id}`,
                    entity: 'ApiKey',
                    ...key,
                    partner: partnerCopy(partner),
                  },
                  ConditionExpression: ITEM_IS_NEW,
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: partnerKey(key.partnerId),
                  UpdateExpression: 'ADD apiKeyIds :id, keysVersion :one',
                  // keysVersion as read: a change to the partner since (status, name, suspended
                  // ancestors: ADR 0031) fails this write, which reads the partner again.
                  ConditionExpression: `attribute_exists(PK) AND #status = :status AND (attribute_not_exists(apiKeyIds) OR size(apiKeyIds) < :max) AND ${
                    version === undefined ? 'attribute_not_exists(keysVersion)' : 'keysVersion = :v'
                  }`,
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':id': new Set([key.id]),
                    ':one': 1,
                    ':status': partner.status,
                    ':max': MAX_API_KEYS_PER_PARTNER,
                    ...(version === undefined ? {} : { ':v': version }),
                  },
                },
              },
            ],
          }),
        );
        return;
      } catch (e) {
        const reasons = cancellationReasons(e);
        if (reasons?.[0] === 'ConditionalCheckFailed')
          throw new ConflictError(`API key ${key.id} already exists`);
        if (reasons?.[1] !== 'ConditionalCheckFailed') throw e;
        const listed = (out.Item['apiKeyIds'] as ReadonlySet<string> | undefined)?.size ?? 0;
        if (listed >= MAX_API_KEYS_PER_PARTNER) {
          throw new ConflictError(
            `A partner has at most ${MAX_API_KEYS_PER_PARTNER} active API keys; revoke one first`,
          );
        }
        // The partner's status changed (or a key was issued) since the read: read it again.
        if (attempt >= CREATE_ATTEMPTS) throw e;
      }
    }
  }

  async get(apiKeyId: string): Promise<ApiKey | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: apiKeyKey(apiKeyId), ConsistentRead: true }),
    );
    return out.Item ? toApiKey(out.Item) : undefined;
  }

  async getWithPartner(apiKeyId: string): Promise<ApiKeyWithPartner | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: apiKeyKey(apiKeyId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const key = toApiKey(out.Item);
    const copy = out.Item['partner'] as Record<string, unknown> | undefined;
    if (copy) return { key, partner: toPartner(copy) };
    // A key stored before keys carried the copy: read the partner item itself.
    const partner = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: partnerKey(key.partnerId), ConsistentRead: true }),
    );
    return { key, partner: partner.Item ? toPartner(partner.Item) : undefined };
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
      await this.unlist(partnerId, apiKeyId);
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

  /**
   * A revoked key leaves its partner's list, so it no longer counts towards the limit nor takes part in
   * status changes (it is refused for its own status first). Tidying only: a key left listed is harmless.
   */
  private async unlist(partnerId: string, apiKeyId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: partnerKey(partnerId),
          UpdateExpression: 'DELETE apiKeyIds :ids ADD keysVersion :one',
          ConditionExpression: 'contains(apiKeyIds, :id)',
          ExpressionAttributeValues: { ':ids': new Set([apiKeyId]), ':id': apiKeyId, ':one': 1 },
        }),
      );
    } catch (e) {
      // A key stored before partners listed their keys (ADR 0026) is not on the list.
      if (!isConditionalCheckFailed(e)) throw e;
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
