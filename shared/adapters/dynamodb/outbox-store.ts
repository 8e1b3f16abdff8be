import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutboxEvent, OutboxStore, StoredOutboxEvent } from '../../ports/outbox';
import type { WebhookEvent } from '../../ports/webhooks';
import { isConditionalCheckFailed } from './client';

/**
 * The transactional outbox (ports/outbox.ts). One item per event, written by the transaction that
 * changes the state it reports (ledger-store `alsoWrite`, deposit-repository `events`):
 *
 *   OUTBOXEVENT#<event id> / OUTBOXEVENT   the event as JSON (exact bytes, no number conversions)
 *   GSI2  OUTBOX_UNPUBLISHED / <recordedAt>#<event id>   sparse: only while unpublished
 *
 * The stream consumer relays each INSERT (OUTBOX_STREAM_FILTER); marking it published removes it from
 * the sparse index (the republisher's queue) and lets TTL delete it after OUTBOX_RETENTION_SECONDS.
 */
export const OUTBOX_ENTITY = 'OutboxEvent';
const UNPUBLISHED_PK = 'OUTBOX_UNPUBLISHED';
/** Published events stay readable a week (support questions), then TTL removes them. */
export const OUTBOX_RETENTION_SECONDS = 7 * 24 * 60 * 60;
const EXISTS = 'attribute_exists(PK)';

const outboxKey = (eventId: string) => ({ PK: `OUTBOXEVENT#${eventId}`, SK: 'OUTBOXEVENT' });

/**
 * The event filter of the stream event source (Lambda filter criteria on AWS; the local poller applies
 * the same pattern): new outbox items only. Marking published (MODIFY) and TTL deletes (REMOVE) are not
 * events.
 */
export const OUTBOX_STREAM_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: [OUTBOX_ENTITY] } } },
} as const;

/** The item an outbox event is stored as (a Put for a TransactWriteItems). */
export function outboxPutItem(
  tableName: string,
  outbox: OutboxEvent,
): { Put: { TableName: string; Item: Record<string, unknown> } } {
  const { event, recordedAt } = outbox;
  // Unconditional: writing the same event twice (a legacy re-emit) only queues a harmless republish.
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...outboxKey(event.id),
        entity: OUTBOX_ENTITY,
        eventId: event.id,
        type: event.type,
        partnerId: event.partnerId,
        event: JSON.stringify(event),
        recordedAt,
        GSI2PK: UNPUBLISHED_PK,
        GSI2SK: `${recordedAt}#${event.id}`,
      },
    },
  };
}

function fromItem(item: Record<string, unknown>): StoredOutboxEvent {
  return {
    event: JSON.parse(String(item['event'])) as WebhookEvent,
    recordedAt: String(item['recordedAt']),
    ...(typeof item['publishedAt'] === 'string' ? { publishedAt: item['publishedAt'] } : {}),
  };
}

/** The outbox event in a stream record's new image (AttributeValue form), or undefined for any other item. */
export function outboxEventFromImage(
  image: Readonly<Record<string, { readonly S?: string | undefined }>> | undefined,
): StoredOutboxEvent | undefined {
  if (!image || image['entity']?.S !== OUTBOX_ENTITY) return undefined;
  // Every attribute read here is a string (S), so no unmarshalling library is needed.
  return fromItem({
    event: image['event']?.S,
    recordedAt: image['recordedAt']?.S,
    publishedAt: image['publishedAt']?.S,
  });
}

export class DynamoOutboxStore implements OutboxStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(events: readonly OutboxEvent[]): Promise<void> {
    for (const e of events) await this.db.send(new PutCommand(outboxPutItem(this.tableName, e).Put));
  }

  async get(eventId: string): Promise<StoredOutboxEvent | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: outboxKey(eventId), ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async listUnpublished(recordedBefore: string, limit: number): Promise<StoredOutboxEvent[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :before',
        ExpressionAttributeValues: { ':pk': UNPUBLISHED_PK, ':before': `${recordedBefore}#\uffff` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(fromItem);
  }

  async markPublished(eventId: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: outboxKey(eventId),
          UpdateExpression:
            'SET publishedAt = if_not_exists(publishedAt, :at), expiresAt = :expires REMOVE GSI2PK, GSI2SK',
          ConditionExpression: EXISTS,
          ExpressionAttributeValues: {
            ':at': at,
            ':expires': Math.ceil(Date.parse(at) / 1000) + OUTBOX_RETENTION_SECONDS,
          },
        }),
      );
    } catch (e) {
      // Already expired (a stream record replayed after the TTL delete): nothing left to mark.
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }
}
