import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors';
import { MAX_LOGGED_ATTEMPTS } from '../../domain/webhooks/webhook-delivery';
import type {
  DeliveryAttempt,
  DeliveryStatus,
  WebhookDelivery,
} from '../../domain/webhooks/webhook-delivery';
import type { DeliveryPage, WebhookDeliveryStore } from '../../ports/webhook-delivery';
import { isConditionalCheckFailed } from './client';

/**
 * Webhook events with their delivery logs. One item per (partner, event id), so events spread over
 * partitions and a lookup can never cross tenants; GSI1 lists a partner's deliveries newest first.
 *
 *   PK  WHEVENT#<partnerId>#<eventId>   SK  EVENT
 *   GSI1PK  WEBHOOK#<partnerId>#DELIVERIES   GSI1SK  <createdAt>#<eventId>
 */
const eventKey = (partnerId: string, eventId: string) => ({
  PK: `WHEVENT#${partnerId}#${eventId}`,
  SK: 'EVENT',
});
const logIndex = (partnerId: string) => `WEBHOOK#${partnerId}#DELIVERIES`;

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
/** The attempt being recorded is the next one of the current round, and the delivery is still open. */
const NEXT_ATTEMPT_OF_OPEN_ROUND =
  'attribute_exists(PK) AND #status = :pending AND #round = :round AND roundAttempts = :made';
/** The queue marker only moves forward within the round. */
const QUEUE_MARKER_ADVANCES = 'attribute_exists(PK) AND #round = :round AND queuedAttempt < :attempt';
/** Nothing was recorded since the log was read (the trimmed log replaces it). */
const UNCHANGED_SINCE_READ = 'attribute_exists(PK) AND #round = :round AND attemptCount = :count';

function toDelivery(item: Record<string, unknown>): WebhookDelivery {
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, entity: _e, ...rest } = item;
  return rest as unknown as WebhookDelivery;
}

interface Cursor {
  readonly p: string;
  readonly s: string;
  readonly k: string;
}

function encodeCursor(key: Record<string, unknown>): string {
  const c: Cursor = { p: String(key['PK']), s: String(key['GSI1SK']), k: String(key['GSI1PK']) };
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(text: string, partnerId: string): Record<string, string> {
  const invalid = () =>
    new ValidationError('Invalid cursor', [
      { path: 'cursor', message: 'Use nextCursor from the previous page' },
    ]);
  let c: Partial<Cursor>;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    throw invalid();
  }
  // A cursor is bound to the partner that received it.
  if (
    typeof c.p !== 'string' ||
    typeof c.s !== 'string' ||
    c.k !== logIndex(partnerId) ||
    !c.p.startsWith(`WHEVENT#${partnerId}#`)
  )
    throw invalid();
  return { PK: c.p, SK: 'EVENT', GSI1PK: c.k, GSI1SK: c.s };
}

export class DynamoWebhookDeliveryStore implements WebhookDeliveryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(delivery: WebhookDelivery): Promise<{ created: boolean; delivery: WebhookDelivery }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...eventKey(delivery.partnerId, delivery.eventId),
            GSI1PK: logIndex(delivery.partnerId),
            GSI1SK: `${delivery.createdAt}#${delivery.eventId}`,
            entity: 'WebhookDelivery',
            ...delivery,
          },
          ConditionExpression: ITEM_IS_NEW,
        }),
      );
      return { created: true, delivery };
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      const existing = await this.get(delivery.partnerId, delivery.eventId);
      if (!existing) throw e;
      return { created: false, delivery: existing };
    }
  }

  async get(partnerId: string, eventId: string): Promise<WebhookDelivery | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: eventKey(partnerId, eventId), ConsistentRead: true }),
    );
    return out.Item ? toDelivery(out.Item) : undefined;
  }

  async list(partnerId: string, page: { limit: number; cursor?: string | undefined }): Promise<DeliveryPage> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': logIndex(partnerId) },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.cursor ? { ExclusiveStartKey: decodeCursor(page.cursor, partnerId) } : {}),
      }),
    );
    const deliveries = (out.Items ?? []).map(toDelivery);
    return {
      deliveries,
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  async recordAttempt(
    partnerId: string,
    eventId: string,
    expected: { round: number; roundAttempts: number },
    attempt: DeliveryAttempt,
    next: { status: DeliveryStatus; nextAttemptAt?: string | undefined },
  ): Promise<boolean> {
    const cleanAttempt = Object.fromEntries(Object.entries(attempt).filter(([, v]) => v !== undefined));
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: eventKey(partnerId, eventId),
          UpdateExpression:
            'SET attempts = list_append(attempts, :attempt), roundAttempts = roundAttempts + :one, attemptCount = attemptCount + :one, ' +
            '#status = :status, updatedAt = :at' +
            (next.nextAttemptAt ? ', nextAttemptAt = :next' : ' REMOVE nextAttemptAt'),
          ConditionExpression: NEXT_ATTEMPT_OF_OPEN_ROUND,
          ExpressionAttributeNames: { '#status': 'status', '#round': 'round' },
          ExpressionAttributeValues: {
            ':attempt': [cleanAttempt],
            ':one': 1,
            ':status': next.status,
            ':at': attempt.at,
            ':pending': 'PENDING',
            ':round': expected.round,
            ':made': expected.roundAttempts,
            ...(next.nextAttemptAt ? { ':next': next.nextAttemptAt } : {}),
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }

  async markQueued(
    partnerId: string,
    eventId: string,
    round: number,
    attempt: number,
    at: string,
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: eventKey(partnerId, eventId),
          UpdateExpression: 'SET queuedAttempt = :attempt, queuedAt = :at',
          ConditionExpression: QUEUE_MARKER_ADVANCES,
          ExpressionAttributeNames: { '#round': 'round' },
          ExpressionAttributeValues: { ':attempt': attempt, ':round': round, ':at': at },
        }),
      );
    } catch (e) {
      // Already marked (a duplicate message) or superseded by a newer round: nothing to do.
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }

  async startRound(
    partnerId: string,
    eventId: string,
    expectedRound: number,
    at: string,
  ): Promise<WebhookDelivery> {
    const current = await this.get(partnerId, eventId);
    if (!current) throw new NotFoundError(`Webhook event ${eventId} not found`);
    const kept = current.attempts.slice(-MAX_LOGGED_ATTEMPTS);
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: eventKey(partnerId, eventId),
          UpdateExpression:
            'SET #round = :next, roundAttempts = :zero, queuedAttempt = :zero, #status = :pending, attempts = :kept, nextAttemptAt = :at, updatedAt = :at',
          ConditionExpression: UNCHANGED_SINCE_READ,
          ExpressionAttributeNames: { '#round': 'round', '#status': 'status' },
          ExpressionAttributeValues: {
            ':round': expectedRound,
            ':count': current.attemptCount,
            ':next': expectedRound + 1,
            ':zero': 0,
            ':pending': 'PENDING',
            ':kept': kept,
            ':at': at,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toDelivery(out.Attributes ?? {});
    } catch (e) {
      if (isConditionalCheckFailed(e))
        throw new ConflictError('The delivery was redelivered concurrently; reload it');
      throw e;
    }
  }
}
