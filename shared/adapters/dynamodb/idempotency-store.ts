import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors';
import type {
  IdempotencyClaim,
  IdempotencyClaimInput,
  IdempotencyRecord,
  IdempotencyStore,
} from '../../ports/idempotency';
import { isConditionalCheckFailed } from './client';
import { TTL_ATTRIBUTE } from './table-schema';

/**
 * Idempotency records. Item `IDEMPOTENCY#<partner>#<scope>#<key>` / `IDEMPOTENCY`, claimed with a
 * conditional put before the request has any effect. The TTL attribute (epoch seconds) lets DynamoDB
 * delete it after the retention window; until TTL gets to it, an expired record counts as absent (the
 * claim's condition says so), so the window is exact whatever TTL's lag.
 */
const recordKey = (partnerId: string, scope: string, key: string) => ({
  PK: `IDEMPOTENCY#${partnerId}#${scope}#${key}`,
  SK: 'IDEMPOTENCY',
});

/** A new claim: no record, or one past its retention window. */
export const KEY_IS_FREE = `attribute_not_exists(PK) OR #expiresAtIso < :now`;
/** A take-over: still IN_PROGRESS, and still the owner whose lease was seen to have passed. */
export const LEASE_PASSED_UNCHANGED = '#status = :inProgress AND #owner = :previous AND #lockedUntil < :now';
/** complete / release / unlock: only the current owner, only while IN_PROGRESS. */
export const OWNED_IN_PROGRESS = '#status = :inProgress AND #owner = :owner';

const NAMES = {
  '#status': 'status',
  '#owner': 'owner',
  '#lockedUntil': 'lockedUntil',
  '#expiresAtIso': 'expiresAtIso',
} as const;
const MAX_CLAIM_ROUNDS = 5;

function toItem(r: IdempotencyRecord): Record<string, unknown> {
  const { expiresAt, ...rest } = r;
  return {
    ...recordKey(r.partnerId, r.scope, r.key),
    entity: 'IdempotencyRecord',
    ...rest,
    expiresAtIso: expiresAt,
    [TTL_ATTRIBUTE]: Math.ceil(Date.parse(expiresAt) / 1000),
  };
}

function fromItem(i: Record<string, unknown>): IdempotencyRecord {
  return {
    partnerId: String(i['partnerId']),
    scope: String(i['scope']),
    key: String(i['key']),
    requestHash: String(i['requestHash']),
    status: i['status'] as IdempotencyRecord['status'],
    createdAt: String(i['createdAt']),
    lockedUntil: String(i['lockedUntil']),
    owner: String(i['owner']),
    ...(typeof i['resourceId'] === 'string' ? { resourceId: i['resourceId'] } : {}),
    ...(typeof i['response'] === 'string' ? { response: i['response'] } : {}),
    expiresAt: String(i['expiresAtIso']),
  };
}

/** Only the names an expression uses (DynamoDB refuses unused ones). */
function names(...used: (keyof typeof NAMES)[]): Record<string, string> {
  return Object.fromEntries(used.map((n) => [n, NAMES[n]]));
}

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(input: IdempotencyClaimInput): Promise<IdempotencyClaim> {
    const now = input.now.toISOString();
    const lockedUntil = new Date(input.now.getTime() + input.leaseMs).toISOString();
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
      const fresh: IdempotencyRecord = {
        partnerId: input.partnerId,
        scope: input.scope,
        key: input.key,
        requestHash: input.requestHash,
        status: 'IN_PROGRESS',
        createdAt: now,
        lockedUntil,
        owner: input.owner,
        expiresAt: new Date(input.now.getTime() + input.retentionMs).toISOString(),
      };
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: toItem(fresh),
            ConditionExpression: KEY_IS_FREE,
            ExpressionAttributeNames: names('#expiresAtIso'),
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        return { kind: 'OWNED', record: fresh, resumed: false };
      } catch (e) {
        if (!isConditionalCheckFailed(e)) throw e;
      }
      const existing = await this.get(input.partnerId, input.scope, input.key);
      if (!existing) continue; // released or expired in between: claim again
      if (existing.requestHash !== input.requestHash) return { kind: 'MISMATCH', record: existing };
      if (existing.status === 'COMPLETED') return { kind: 'COMPLETED', record: existing };
      if (existing.lockedUntil >= now) return { kind: 'BUSY', record: existing };
      const taken: IdempotencyRecord = { ...existing, owner: input.owner, lockedUntil };
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: recordKey(input.partnerId, input.scope, input.key),
            UpdateExpression: 'SET #owner = :owner, #lockedUntil = :until',
            ConditionExpression: LEASE_PASSED_UNCHANGED,
            ExpressionAttributeNames: names('#status', '#owner', '#lockedUntil'),
            ExpressionAttributeValues: {
              ':inProgress': 'IN_PROGRESS',
              ':previous': existing.owner,
              ':owner': input.owner,
              ':until': lockedUntil,
              ':now': now,
            },
          }),
        );
        return { kind: 'OWNED', record: taken, resumed: true };
      } catch (e) {
        if (!isConditionalCheckFailed(e)) throw e;
        // Someone else took it over or finished it: look again.
      }
    }
    throw new ConflictError(`Idempotency-Key ${input.key} is contended; retry`);
  }

  async get(partnerId: string, scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: recordKey(partnerId, scope, key),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async complete(
    record: IdempotencyRecord,
    outcome: { readonly resourceId: string; readonly response?: string },
  ): Promise<IdempotencyRecord> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: recordKey(record.partnerId, record.scope, record.key),
          UpdateExpression:
            outcome.response === undefined
              ? 'SET #status = :completed, resourceId = :resource'
              : 'SET #status = :completed, resourceId = :resource, #response = :response',
          ConditionExpression: OWNED_IN_PROGRESS,
          ExpressionAttributeNames: {
            ...names('#status', '#owner'),
            ...(outcome.response === undefined ? {} : { '#response': 'response' }),
          },
          ExpressionAttributeValues: {
            ':inProgress': 'IN_PROGRESS',
            ':owner': record.owner,
            ':completed': 'COMPLETED',
            ':resource': outcome.resourceId,
            ...(outcome.response === undefined ? {} : { ':response': outcome.response }),
          },
        }),
      );
    } catch (e) {
      if (isConditionalCheckFailed(e))
        throw new ConflictError(`Idempotency-Key ${record.key} is no longer owned by this request`);
      throw e;
    }
    return {
      ...record,
      status: 'COMPLETED',
      resourceId: outcome.resourceId,
      ...(outcome.response === undefined ? {} : { response: outcome.response }),
    };
  }

  async release(record: IdempotencyRecord): Promise<void> {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: recordKey(record.partnerId, record.scope, record.key),
          ConditionExpression: OWNED_IN_PROGRESS,
          ExpressionAttributeNames: names('#status', '#owner'),
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':owner': record.owner },
        }),
      )
      .catch((e: unknown) => {
        // Taken over meanwhile: the new owner decides what the key made.
        if (!isConditionalCheckFailed(e)) throw e;
      });
  }

  async unlock(record: IdempotencyRecord, now: Date): Promise<void> {
    // One millisecond back, so a retry at the same instant already finds the lease passed.
    const past = new Date(now.getTime() - 1).toISOString();
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: recordKey(record.partnerId, record.scope, record.key),
          UpdateExpression: 'SET #lockedUntil = :past',
          ConditionExpression: OWNED_IN_PROGRESS,
          ExpressionAttributeNames: names('#status', '#owner', '#lockedUntil'),
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':owner': record.owner, ':past': past },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionalCheckFailed(e)) throw e;
      });
  }
}
