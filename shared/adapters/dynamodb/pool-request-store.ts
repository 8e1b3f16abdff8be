import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { NetworkCode } from '../../config/networks';
import { ConflictError } from '../../domain/errors';
import type { PoolRequest, PoolRequestStore } from '../../ports/pool-requests';
import { isConditionalCheckFailed } from './client';

/** One item per (pool, token, exact amount): the amount is the key, so uniqueness is a condition. */
const requestKey = (network: string, token: string, pool: string, amount: bigint) => ({
  PK: `POOLREQ#${network}#${token}#${pool.toLowerCase()}#${amount}`,
  SK: 'POOLREQ',
});
const AMOUNT_IS_FREE = 'attribute_not_exists(PK) OR #status <> :open OR expiresAtIso < :now';
const STILL_OPEN = 'attribute_exists(PK) AND #status = :open AND expiresAtIso >= :at';
/** Items stay a day past expiry so late transfers can be explained, then TTL removes them. */
const RETENTION_SECONDS = 24 * 3600;

function fromItem(i: Record<string, unknown>): PoolRequest {
  return {
    id: String(i['id']),
    partnerId: String(i['partnerId']),
    userId: String(i['userId']),
    network: i['network'] as NetworkCode,
    token: String(i['token']),
    poolAddress: String(i['poolAddress']),
    amount: BigInt(String(i['amount'])),
    status: i['status'] as PoolRequest['status'],
    createdAt: String(i['createdAt']),
    expiresAt: String(i['expiresAtIso']),
    ...(i['depositId'] ? { depositId: String(i['depositId']) } : {}),
  };
}

export class DynamoPoolRequestStore implements PoolRequestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async open(r: Omit<PoolRequest, 'id' | 'status'>): Promise<PoolRequest> {
    const request: PoolRequest = { ...r, id: `pr_${ulid().toLowerCase()}`, status: 'OPEN' };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...requestKey(r.network, r.token, r.poolAddress, r.amount),
            entity: 'PoolRequest',
            ...request,
            amount: r.amount.toString(),
            expiresAtIso: r.expiresAt,
            expiresAt: Math.ceil(Date.parse(r.expiresAt) / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression: AMOUNT_IS_FREE,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'OPEN', ':now': r.createdAt },
        }),
      );
      return request;
    } catch (e) {
      if (isConditionalCheckFailed(e)) throw new ConflictError('That amount is taken by an open request');
      throw e;
    }
  }

  async fulfil(
    network: NetworkCode,
    token: string,
    poolAddress: string,
    amount: bigint,
    depositId: string,
    at: string,
  ): Promise<PoolRequest | undefined> {
    const key = requestKey(network, token, poolAddress, amount);
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #status = :fulfilled, depositId = :deposit, fulfilledAt = :at',
          ConditionExpression: STILL_OPEN,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':open': 'OPEN',
            ':fulfilled': 'FULFILLED',
            ':deposit': depositId,
            ':at': at,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromItem(out.Attributes ?? {});
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      // Re-ingesting the same deposit finds the request it already fulfilled.
      const current = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      return current.Item && current.Item['depositId'] === depositId ? fromItem(current.Item) : undefined;
    }
  }
}
