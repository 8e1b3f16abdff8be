import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SignInChallenge, SignInChallengeStore } from '../../ports/accounts';
import { isConditionalCheckFailed } from './client';

/** The password step of a 2FA sign-in: short-lived (TTL), a few code attempts, completed once. */
const challengeKey = (id: string) => ({ PK: `SIGNIN#${id}`, SK: 'CHALLENGE' });

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const OPEN_CHALLENGE =
  'attribute_exists(PK) AND secretHash = :hash AND expiresAtMs > :now AND attempts < :max AND attribute_not_exists(completedAt)';
const NOT_COMPLETED = 'attribute_exists(PK) AND attribute_not_exists(completedAt)';

export class DynamoSignInChallengeStore implements SignInChallengeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(c: SignInChallenge): Promise<void> {
    const { expiresAt, ...rest } = c;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...challengeKey(c.id),
          entity: 'SignInChallenge',
          ...rest,
          expiresAtMs: expiresAt,
          expiresAt: Math.ceil(expiresAt / 1000),
        },
        ConditionExpression: ITEM_IS_NEW,
      }),
    );
  }

  async attempt(
    challengeId: string,
    secretHash: string,
    now: number,
    maxAttempts: number,
  ): Promise<SignInChallenge | undefined> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: challengeKey(challengeId),
          UpdateExpression: 'ADD attempts :one',
          ConditionExpression: OPEN_CHALLENGE,
          ExpressionAttributeValues: { ':one': 1, ':hash': secretHash, ':now': now, ':max': maxAttempts },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const a = out.Attributes ?? {};
      return {
        id: a['id'] as string,
        secretHash: a['secretHash'] as string,
        userId: a['userId'] as string,
        rememberMe: a['rememberMe'] as boolean,
        createdAt: a['createdAt'] as number,
        expiresAt: a['expiresAtMs'] as number,
        attempts: a['attempts'] as number,
      };
    } catch (e) {
      if (isConditionalCheckFailed(e)) return undefined;
      throw e;
    }
  }

  async complete(challengeId: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: challengeKey(challengeId),
          UpdateExpression: 'SET completedAt = :now',
          ConditionExpression: NOT_COMPLETED,
          ExpressionAttributeValues: { ':now': Date.now() },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }
}
