import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toPartner } from './partner-repository';
import { absoluteExpiry } from '../../domain/accounts/session-lifetime';
import type {
  SessionContext,
  SessionContextReader,
  SessionRepository,
  StoredSession,
} from '../../ports/accounts';
import { isConditionalCheckFailed, queryAll } from './client';
import { toUser, userKey } from './user-repository';

/**
 * Console sessions (refresh-token families): `SESSION#<id>`, listed per user through GSI1, removed by
 * TTL a day after they can no longer be used. The refresh hash only moves forward with a condition on
 * the current one, so two refreshes with the same token cannot both succeed.
 */
export const sessionKey = (id: string) => ({ PK: `SESSION#${id}`, SK: 'SESSION' });
const userSessionsIndex = (userId: string) => `USER#${userId}#SESSIONS`;
/** Partner profile item of DynamoPartnerRepository (read here in the same batch as session and user). */
// The one partner reader (the suspended ancestors included: ADR 0031).
const partnerProfileKey = (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'PROFILE' });

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const CURRENT_AND_ACTIVE = 'refreshHash = :presented AND #status = :active';
const IS_ACTIVE = 'attribute_exists(PK) AND #status = :active';
/** Remembered presented tokens; older ones are simply unknown (refused, without revoking). */
const MAX_USED_HASHES = 50;
const TTL_GRACE_SECONDS = 24 * 60 * 60;

function toSession(item: Record<string, unknown>): StoredSession {
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, entity: _e, expiresAt: _x, ...rest } = item;
  return rest as unknown as StoredSession;
}

export class DynamoSessionRepository implements SessionRepository, SessionContextReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(session: StoredSession): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...sessionKey(session.id),
          GSI1PK: userSessionsIndex(session.userId),
          GSI1SK: `${new Date(session.createdAt).toISOString()}#${session.id}`,
          entity: 'ConsoleSession',
          expiresAt: Math.ceil(absoluteExpiry(session) / 1000) + TTL_GRACE_SECONDS,
          ...session,
        },
        ConditionExpression: ITEM_IS_NEW,
      }),
    );
  }

  async get(sessionId: string): Promise<StoredSession | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: sessionKey(sessionId), ConsistentRead: true }),
    );
    return out.Item ? toSession(out.Item) : undefined;
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': userSessionsIndex(userId) },
      ScanIndexForward: false,
    });
    return items.map(toSession);
  }

  async rotate(session: StoredSession, nextHash: string, at: number): Promise<boolean> {
    const used = [...session.usedRefreshHashes, session.refreshHash].slice(-MAX_USED_HASHES);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sessionKey(session.id),
          UpdateExpression: 'SET refreshHash = :next, usedRefreshHashes = :used, lastActiveAt = :at',
          ConditionExpression: CURRENT_AND_ACTIVE,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':next': nextHash,
            ':used': used,
            ':at': at,
            ':presented': session.refreshHash,
            ':active': 'ACTIVE',
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }

  async revoke(sessionId: string, reason: string, at: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sessionKey(sessionId),
          UpdateExpression: 'SET #status = :revoked, revokedAt = :at, revokeReason = :reason',
          ConditionExpression: IS_ACTIVE,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':revoked': 'REVOKED',
            ':at': at,
            ':reason': reason,
            ':active': 'ACTIVE',
          },
        }),
      );
    } catch (e) {
      // Already revoked (or gone): revocation is idempotent.
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }

  async revokeAllForUser(
    userId: string,
    reason: string,
    at: number,
    exceptSessionId?: string,
  ): Promise<number> {
    const active = (await this.listByUser(userId)).filter(
      (s) => s.status === 'ACTIVE' && s.id !== exceptSessionId,
    );
    await Promise.all(active.map((s) => this.revoke(s.id, reason, at)));
    return active.length;
  }

  /** Session, user and partner in one strongly consistent BatchGetItem: the authorizer's single read. */
  async read(sessionId: string, userId: string, partnerId: string): Promise<SessionContext> {
    const keys = [sessionKey(sessionId), userKey(userId), partnerProfileKey(partnerId)];
    let pending: Record<string, unknown>[] = keys;
    const found: Record<string, unknown>[] = [];
    for (let attempt = 0; pending.length && attempt < 5; attempt++) {
      const out = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(out.Responses?.[this.tableName] ?? []));
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
    if (pending.length) throw new Error('BatchGetItem left keys unprocessed');
    const byPk = new Map(found.map((item) => [item['PK'] as string, item]));
    const session = byPk.get(keys[0]!.PK);
    const user = byPk.get(keys[1]!.PK);
    const partner = byPk.get(keys[2]!.PK);
    return {
      session: session ? toSession(session) : undefined,
      user: user ? toUser(user) : undefined,
      partner: partner ? toPartner(partner) : undefined,
    };
  }
}
