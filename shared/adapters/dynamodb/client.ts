import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export interface DynamoOptions {
  readonly region: string;
  /** DynamoDB Local endpoint; undefined on AWS. */
  readonly endpoint?: string | undefined;
  /** Return numbers as NumberValue strings: ledger amounts exceed 2^53. */
  readonly wrapNumbers?: boolean;
}

/** A document client that keeps bigint-free plain JS values and drops undefined attributes. */
export function createDocumentClient(options: DynamoOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 5,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: options.wrapNumbers ?? false },
  });
}

export function isConditionalCheckFailed(e: unknown): boolean {
  return e instanceof Error && e.name === 'ConditionalCheckFailedException';
}

/**
 * A query that DynamoDB refused as malformed. With a caller's cursor as ExclusiveStartKey this is the
 * cursor's fault (a forged key, or one outside this query's key range): the caller maps it to 400.
 */
export function isDynamoValidation(e: unknown): boolean {
  return e instanceof Error && e.name === 'ValidationException';
}

/** The cancellation reason codes of a failed TransactWriteItems, in item order. */
export function cancellationReasons(e: unknown): string[] | undefined {
  if (!(e instanceof Error) || e.name !== 'TransactionCanceledException') return undefined;
  const reasons = (e as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

/** Every item a query matches, following LastEvaluatedKey (for small sets: a partner's users, a MASTER's in-flight withdrawals). */
export async function queryAll(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({ ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }),
    );
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Keys one BatchGetItem request may name. */
export const BATCH_GET_MAX_KEYS = 100;

/**
 * The items of `keys` that exist, strongly consistent: one BatchGetItem per 100 keys, keys DynamoDB
 * leaves unprocessed (throttling) asked again with backoff. Missing items are simply absent.
 */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX_KEYS) {
    let pending = keys.slice(i, i + BATCH_GET_MAX_KEYS);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('BatchGetItem left keys unprocessed');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1_000, 25 * 2 ** attempt)));
      const out = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(out.Responses?.[tableName] ?? []));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}
