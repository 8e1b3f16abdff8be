import { createHash, randomUUID } from 'node:crypto';
import { PollingLoop } from './polling-loop';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { monotonicFactory } from 'ulid';
import { MAX_QUEUE_DELAY_SECONDS } from '../../domain/webhooks/retry-schedule';
import type { Clock } from '../../ports/clock';
import type { DeliveryMessage, WebhookQueue } from '../../ports/webhook-delivery';
import { isConditionalCheckFailed } from '../dynamodb/client';

/**
 * The local stand-in for the SQS webhook queue and its DLQ, kept in the DynamoDB table so pending
 * deliveries survive an `npm start` restart and any process (API server, CLI, tests) can enqueue.
 * Same semantics as SQS where the gateway relies on them: DelaySeconds (≤ 900), a visibility timeout
 * after each receive, ApproximateReceiveCount, and a redrive to the DLQ once a message has been
 * received maxReceiveCount times without being deleted. Receiving is an exclusive claim (a conditional
 * update), so two pumps never get the same message at the same time.
 *
 *   PK  LOCALQ#<queue name>   SK  MSG#<message id>   body, visibleAt (epoch ms), receiveCount, receiptHandle
 */
export interface LocalQueueOptions {
  readonly name: string;
  readonly clock: Clock;
  readonly visibilityTimeoutSeconds?: number;
  /** Receives before a message moves to `deadLetterQueue` (the SQS redrive policy). */
  readonly maxReceiveCount?: number;
  readonly deadLetterQueue?: LocalQueue;
}

export interface LocalMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  readonly visibleAt: number;
  readonly receiveCount: number;
  readonly firstReceivedAt?: number;
  readonly receiptHandle?: string;
}

const nextId = monotonicFactory();

const CLAIMABLE = 'attribute_exists(PK) AND visibleAt <= :now AND receiveCount = :count';
const SAME_RECEIPT = 'receiptHandle = :handle';

export class LocalQueue {
  readonly name: string;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: LocalQueueOptions,
  ) {
    this.name = options.name;
    this.visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 90;
    this.maxReceiveCount = options.deadLetterQueue ? (options.maxReceiveCount ?? 8) : undefined;
  }

  private get pk(): string {
    return `LOCALQ#${this.name}`;
  }

  async send(body: string, delaySeconds = 0): Promise<string> {
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_QUEUE_DELAY_SECONDS) {
      throw new RangeError(
        `DelaySeconds must be an integer in 0..${MAX_QUEUE_DELAY_SECONDS}, got ${delaySeconds}`,
      );
    }
    const now = this.options.clock.now().getTime();
    const messageId = nextId(now).toLowerCase();
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: this.pk,
          SK: `MSG#${messageId}`,
          entity: 'LocalQueueMessage',
          messageId,
          body,
          sentAt: now,
          visibleAt: now + delaySeconds * 1000,
          receiveCount: 0,
        },
      }),
    );
    return messageId;
  }

  /** Every message in the queue, visible or not (tests and the local operator's view). */
  async messages(): Promise<LocalMessage[]> {
    const out: LocalMessage[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :msg)',
          ExpressionAttributeValues: { ':pk': this.pk, ':msg': 'MSG#' },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) out.push(item as unknown as LocalMessage);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Claims up to `max` visible messages for the visibility timeout, as ReceiveMessage does. */
  async receive(max: number): Promise<LocalMessage[]> {
    const now = this.options.clock.now().getTime();
    const claimed: LocalMessage[] = [];
    for (const m of await this.messages()) {
      if (claimed.length >= max) break;
      if (m.visibleAt > now) continue;
      if (this.maxReceiveCount !== undefined && m.receiveCount >= this.maxReceiveCount) {
        await this.redrive(m);
        continue;
      }
      const receiptHandle = randomUUID();
      try {
        const out = await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { PK: this.pk, SK: `MSG#${m.messageId}` },
            UpdateExpression:
              'SET visibleAt = :until, receiveCount = :next, receiptHandle = :handle, firstReceivedAt = if_not_exists(firstReceivedAt, :now)',
            ConditionExpression: CLAIMABLE,
            ExpressionAttributeValues: {
              ':now': now,
              ':until': now + this.visibilityTimeoutSeconds * 1000,
              ':count': m.receiveCount,
              ':next': m.receiveCount + 1,
              ':handle': receiptHandle,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        claimed.push(out.Attributes as unknown as LocalMessage);
      } catch (e) {
        if (!isConditionalCheckFailed(e)) throw e; // someone else claimed it first
      }
    }
    return claimed;
  }

  /** Deletes a received message; a stale receipt handle (the message was received again since) is ignored. */
  async delete(messageId: string, receiptHandle: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: this.pk, SK: `MSG#${messageId}` },
          ConditionExpression: SAME_RECEIPT,
          ExpressionAttributeValues: { ':handle': receiptHandle },
        }),
      );
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }

  private async redrive(m: LocalMessage): Promise<void> {
    const dlq = this.options.deadLetterQueue as LocalQueue;
    await dlq.send(m.body, 0);
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { PK: this.pk, SK: `MSG#${m.messageId}` } }),
    );
  }
}

/** The `WebhookQueue` port over the local queues. */
export class LocalWebhookQueue implements WebhookQueue {
  constructor(
    private readonly queue: LocalQueue,
    private readonly dlq: LocalQueue,
  ) {}

  async enqueue(message: DeliveryMessage, delaySeconds: number): Promise<void> {
    await this.queue.send(JSON.stringify(message), delaySeconds);
  }

  async deadLetter(message: DeliveryMessage | { readonly raw: string }, reason: string): Promise<void> {
    await this.dlq.send(JSON.stringify({ ...message, deadLetterReason: reason }), 0);
  }
}

export const LOCAL_WEBHOOK_QUEUE = 'webhook-delivery';
export const LOCAL_WEBHOOK_DLQ = 'webhook-delivery-dlq';

/** The webhook queue pair as `npm start` and the integration tests use it (names as on AWS). */
export function localWebhookQueues(
  db: DynamoDBDocumentClient,
  tableName: string,
  clock: Clock,
): { queue: LocalQueue; dlq: LocalQueue } {
  const dlq = new LocalQueue(db, tableName, { name: LOCAL_WEBHOOK_DLQ, clock });
  const queue = new LocalQueue(db, tableName, {
    name: LOCAL_WEBHOOK_QUEUE,
    clock,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 8,
    deadLetterQueue: dlq,
  });
  return { queue, dlq };
}

/** A received local message as Lambda's SQS event source hands it to a consumer. */
export function sqsRecord(queueName: string, m: LocalMessage): SQSRecord {
  return {
    messageId: m.messageId,
    receiptHandle: m.receiptHandle ?? '',
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.visibleAt),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(m.body, 'utf8').digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:local:000000000000:${queueName}`,
    awsRegion: 'local',
  };
}

export interface LocalQueuePumpOptions {
  readonly queue: LocalQueue;
  /** The consumer, invoked like Lambda's SQS event source (an SQS event; a partial batch response back). */
  readonly invoke: (event: SQSEvent) => Promise<unknown>;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  readonly onError?: (e: unknown) => void;
}

/**
 * Lambda's SQS event source mapping, locally: receive a batch, invoke the consumer, delete what it did
 * not report in `batchItemFailures` (everything when it throws stays), repeat.
 */
export class LocalQueuePump {
  private loop: PollingLoop | undefined;

  constructor(private readonly options: LocalQueuePumpOptions) {}

  /** One receive-invoke-delete cycle; the number of messages received. */
  async pollOnce(): Promise<number> {
    const { queue } = this.options;
    const batch = await queue.receive(this.options.batchSize ?? 10);
    if (batch.length === 0) return 0;
    let failed: Set<string>;
    try {
      const response = (await this.options.invoke({
        Records: batch.map((m) => sqsRecord(queue.name, m)),
      })) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (e) {
      this.options.onError?.(e);
      failed = new Set(batch.map((m) => m.messageId));
    }
    for (const m of batch)
      if (!failed.has(m.messageId)) await queue.delete(m.messageId, m.receiptHandle as string);
    return batch.length;
  }

  /** Polls until nothing is visible (at the queue clock's current time); the number of messages handled. */
  async drain(maxBatches = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.pollOnce();
      if (n === 0) return total;
      total += n;
    }
    throw new Error(`Queue ${this.options.queue.name} did not drain within ${maxBatches} batches`);
  }

  start(): void {
    this.loop ??= new PollingLoop(
      () => this.drain(),
      this.options.pollIntervalMs ?? 500,
      (e) => this.options.onError?.(e),
    );
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }
}

/**
 * What `npm start` runs: the local webhook queue pumped into the consumer (invoked like Lambda, through
 * the catalog entry `deliverWebhooks`), polling every half second.
 */
export function startLocalWebhookWorker(
  deps: {
    readonly db: DynamoDBDocumentClient;
    readonly config: { readonly tableName: string };
    readonly clock: Clock;
  },
  invoke: (event: SQSEvent) => Promise<unknown>,
  onError?: (e: unknown) => void,
): LocalQueuePump {
  const { queue } = localWebhookQueues(deps.db, deps.config.tableName, deps.clock);
  const pump = new LocalQueuePump({ queue, invoke, pollIntervalMs: 500, ...(onError ? { onError } : {}) });
  pump.start();
  return pump;
}
