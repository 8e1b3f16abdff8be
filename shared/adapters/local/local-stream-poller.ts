import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { PollingLoop } from './polling-loop';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';

/**
 * Lambda's DynamoDB stream event source, locally: reads the table's stream from DynamoDB Local (which
 * implements DescribeStream, GetShardIterator and GetRecords on its own endpoint), keeps the records
 * that match the mapping's filter pattern, and invokes the consumer with a real `DynamoDBStreamEvent`
 * (the records as GetRecords returns them, plus `eventSourceARN`). A partial batch response resumes
 * the shard at the first failed sequence number, a thrown error retries the whole batch, and after
 * `maxRetries` the record is skipped and reported (AWS: the on-failure destination) — the outbox
 * republisher covers it either way.
 *
 * The Streams API is called with @aws-sdk/client-dynamodb-streams against DynamoDB Local's endpoint,
 * the same client calls Lambda's poller makes on AWS.
 */
export type StreamFilterPattern = Readonly<Record<string, unknown>>;

export interface LocalStreamPollerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  /** The consumer, invoked as Lambda would (a stream event in, a partial batch response out). */
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** The event source's filter pattern (Lambda filter syntax: arrays of accepted values). */
  readonly filter?: StreamFilterPattern;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** Retries of a failing record before it is skipped (AWS: retryAttempts then the on-failure destination). */
  readonly maxRetries?: number;
  readonly onError?: (e: unknown) => void;
  readonly onSkipped?: (record: DynamoDBRecord) => void;
}

interface ShardState {
  readonly shardId: string;
  readonly parentShardId?: string;
  iterator?: string;
  lastSequence?: string;
  finished: boolean;
  failures: number;
}

interface StreamRecord {
  readonly eventName?: string;
  readonly dynamodb?: { readonly SequenceNumber?: string; readonly NewImage?: unknown };
}

/** Whether a record matches a Lambda event filter pattern (equality lists and nested objects). */
export function matchesFilter(value: unknown, pattern: StreamFilterPattern): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (value as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(expected)) return expected.includes(actual);
    return matchesFilter(actual, expected as StreamFilterPattern);
  });
}

/** A record as Lambda delivers it: the source ARN added, the creation time in epoch seconds (the SDK gives a Date). */
function lambdaRecord(r: DynamoDBRecord & StreamRecord, arn: string): DynamoDBRecord {
  const created = (r.dynamodb as { ApproximateCreationDateTime?: unknown } | undefined)
    ?.ApproximateCreationDateTime;
  const dynamodb =
    created instanceof Date
      ? { ...r.dynamodb, ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) }
      : r.dynamodb;
  return { ...r, ...(dynamodb ? { dynamodb } : {}), eventSourceARN: arn } as DynamoDBRecord;
}

export class LocalStreamPoller {
  private streamArn: string | undefined;
  private readonly shards = new Map<string, ShardState>();
  private loop: PollingLoop | undefined;

  constructor(private readonly options: LocalStreamPollerOptions) {}

  private streams: DynamoDBStreamsClient | undefined;

  private async call<T>(
    operation: 'DescribeStream' | 'GetShardIterator' | 'GetRecords',
    body: unknown,
  ): Promise<T> {
    this.streams ??= new DynamoDBStreamsClient({
      region: 'us-east-1',
      endpoint: this.options.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const input = body as never;
    const command =
      operation === 'DescribeStream'
        ? new DescribeStreamCommand(input)
        : operation === 'GetShardIterator'
          ? new GetShardIteratorCommand(input)
          : new GetRecordsCommand(input);
    return (await this.streams.send(command as never)) as T;
  }

  private async arn(): Promise<string> {
    if (!this.streamArn) {
      const client = new DynamoDBClient({
        region: 'us-east-1',
        endpoint: this.options.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        const table = await client.send(new DescribeTableCommand({ TableName: this.options.tableName }));
        const arn = table.Table?.LatestStreamArn;
        if (!arn) throw new Error(`Table ${this.options.tableName} has no stream`);
        this.streamArn = arn;
      } finally {
        client.destroy();
      }
    }
    return this.streamArn;
  }

  private async refreshShards(): Promise<void> {
    const StreamArn = await this.arn();
    let ExclusiveStartShardId: string | undefined;
    do {
      const out = await this.call<{
        StreamDescription: {
          Shards?: { ShardId: string; ParentShardId?: string }[];
          LastEvaluatedShardId?: string;
        };
      }>('DescribeStream', { StreamArn, ...(ExclusiveStartShardId ? { ExclusiveStartShardId } : {}) });
      for (const s of out.StreamDescription.Shards ?? []) {
        if (!this.shards.has(s.ShardId)) {
          this.shards.set(s.ShardId, {
            shardId: s.ShardId,
            ...(s.ParentShardId ? { parentShardId: s.ParentShardId } : {}),
            finished: false,
            failures: 0,
          });
        }
      }
      ExclusiveStartShardId = out.StreamDescription.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
  }

  private async iterator(
    shard: ShardState,
    type: 'TRIM_HORIZON' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER',
    sequence?: string,
  ): Promise<string> {
    const out = await this.call<{ ShardIterator: string }>('GetShardIterator', {
      StreamArn: await this.arn(),
      ShardId: shard.shardId,
      ShardIteratorType: type,
      ...(sequence ? { SequenceNumber: sequence } : {}),
    });
    return out.ShardIterator;
  }

  /** One GetRecords per readable shard, the matching records handed to the consumer; how many it got. */
  async pollOnce(): Promise<number> {
    await this.refreshShards();
    let delivered = 0;
    for (const shard of this.shards.values()) {
      if (shard.finished) continue;
      // Parents first, as Lambda does: a child shard's records come after its parent's.
      const parent = shard.parentShardId ? this.shards.get(shard.parentShardId) : undefined;
      if (parent && !parent.finished) continue;
      delivered += await this.pollShard(shard);
    }
    return delivered;
  }

  private async pollShard(shard: ShardState): Promise<number> {
    shard.iterator ??= shard.lastSequence
      ? await this.iterator(shard, 'AFTER_SEQUENCE_NUMBER', shard.lastSequence)
      : await this.iterator(shard, 'TRIM_HORIZON');
    let out: { Records?: (DynamoDBRecord & StreamRecord)[]; NextShardIterator?: string };
    try {
      out = await this.call('GetRecords', {
        ShardIterator: shard.iterator,
        Limit: this.options.batchSize ?? 25,
      });
    } catch (e) {
      if (
        (e as Error).name === 'ExpiredIteratorException' ||
        (e as Error).name === 'TrimmedDataAccessException'
      ) {
        shard.iterator = undefined;
        return 0;
      }
      throw e;
    }
    const records = out.Records ?? [];
    const advance = () => {
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) shard.lastSequence = last;
      shard.failures = 0;
      if (out.NextShardIterator) shard.iterator = out.NextShardIterator;
      else shard.finished = true; // a closed shard, read to its end
    };
    const arn = await this.arn();
    const matching = records
      .filter((r) => !this.options.filter || matchesFilter(r, this.options.filter))
      .map((r) => lambdaRecord(r, arn));
    if (matching.length === 0) {
      advance();
      return 0;
    }
    let failedAt: string | undefined;
    try {
      const response = (await this.options.invoke({ Records: matching })) as
        DynamoDBBatchResponse | undefined;
      const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      failedAt = matching.find((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''))?.dynamodb?.SequenceNumber;
    } catch (e) {
      this.options.onError?.(e);
      failedAt = matching[0]?.dynamodb?.SequenceNumber;
    }
    if (!failedAt) {
      advance();
      return matching.length;
    }
    shard.failures += 1;
    if (shard.failures > (this.options.maxRetries ?? 10)) {
      const skipped = matching.find((r) => r.dynamodb?.SequenceNumber === failedAt) as DynamoDBRecord;
      this.options.onSkipped?.(skipped);
      shard.failures = 0;
      shard.lastSequence = failedAt;
      shard.iterator = await this.iterator(shard, 'AFTER_SEQUENCE_NUMBER', failedAt);
    } else {
      shard.iterator = await this.iterator(shard, 'AT_SEQUENCE_NUMBER', failedAt);
    }
    return matching.length;
  }

  /** Polls until a round reads nothing new (what a test waits for); the number of records delivered. */
  async drain(maxRounds = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const before = [...this.shards.values()]
        .map((s) => `${s.shardId}:${s.lastSequence ?? ''}:${s.finished}`)
        .join();
      const n = await this.pollOnce();
      total += n;
      const after = [...this.shards.values()]
        .map((s) => `${s.shardId}:${s.lastSequence ?? ''}:${s.finished}`)
        .join();
      if (n === 0 && before === after) return total;
      if (n > 0 && before === after) return total; // retrying a failed record: the caller decides when to poll again
    }
    throw new Error(`Stream of ${this.options.tableName} did not drain within ${maxRounds} rounds`);
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
    this.streams?.destroy();
    this.streams = undefined;
  }
}
