import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ThrottleState } from '../../domain/accounts/attempt-throttle';
import type { ThrottleStore } from '../../ports/accounts';
import { isConditionalCheckFailed } from './client';

/**
 * Failure counters for brute-force protection (`THROTTLE#<key>`), removed by TTL once they no longer
 * matter. Writes are optimistic: a counter moves only from the state the caller read, so concurrent
 * guesses against one account are serialized instead of all slipping through.
 */
const throttleKey = (key: string) => ({ PK: `THROTTLE#${key}`, SK: 'THROTTLE' });

const STATE_UNCHANGED = 'failures = :failures AND lastFailureAt = :lastFailureAt';
const ITEM_IS_NEW = 'attribute_not_exists(PK)';

function toState(item: Record<string, unknown>): ThrottleState {
  return {
    failures: item['failures'] as number,
    lastFailureAt: item['lastFailureAt'] as number,
    blockedUntil: item['blockedUntil'] as number,
  };
}

export class DynamoThrottleStore implements ThrottleStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(keys: readonly string[]): Promise<Map<string, ThrottleState>> {
    const out = await this.db.send(
      new BatchGetCommand({
        RequestItems: { [this.tableName]: { Keys: keys.map(throttleKey), ConsistentRead: true } },
      }),
    );
    const result = new Map<string, ThrottleState>();
    for (const item of out.Responses?.[this.tableName] ?? [])
      result.set((item['PK'] as string).slice('THROTTLE#'.length), toState(item));
    // Unprocessed keys (throttled batch) read as "no failures"; the conditional write still guards them.
    return result;
  }

  async recordAttempt(
    key: string,
    expected: ThrottleState | undefined,
    next: ThrottleState,
    ttlSeconds: number,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...throttleKey(key),
            entity: 'Throttle',
            ...next,
            expiresAt: Math.ceil(next.lastFailureAt / 1000) + ttlSeconds,
          },
          ConditionExpression: expected ? STATE_UNCHANGED : ITEM_IS_NEW,
          ...(expected
            ? {
                ExpressionAttributeValues: {
                  ':failures': expected.failures,
                  ':lastFailureAt': expected.lastFailureAt,
                },
              }
            : {}),
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }

  async recordFailure(
    key: string,
    next: (current: ThrottleState | undefined) => ThrottleState,
    ttlSeconds: number,
  ): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: throttleKey(key), ConsistentRead: true }),
      );
      const current = out.Item ? toState(out.Item) : undefined;
      if (await this.recordAttempt(key, current, next(current), ttlSeconds)) return;
    }
  }

  async clear(key: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: throttleKey(key) }));
  }
}
