import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DepositStatus } from '../../domain/deposit/deposit';
import type { Withdrawal, WithdrawalStatus } from '../../domain/withdrawal/withdrawal';
import type { StoredDeposit } from '../../ports/deposits';
import { isConditionalCheckFailed } from './client';
import { depositStatusPk, depositStatusSk, depositUserRef } from './deposit-repository';
import { LIST_INDEXES_MARKER_KEY } from './list-index-marker';
import { withdrawalStatusPk, withdrawalStatusSk, withdrawalUserRef } from './withdrawal-repository';

/** Per entity: the GSI4 keys and the user ref an item should have (ADR 0030). */
const INDEXED: Record<
  string,
  (item: Record<string, unknown>) => { pk: string; sk: string; ref: Record<string, unknown> | undefined }
> = {
  Deposit: (item) => {
    const d = item as unknown as StoredDeposit;
    return { pk: depositStatusPk(d.status as DepositStatus), sk: depositStatusSk(d), ref: depositUserRef(d) };
  },
  Withdrawal: (item) => {
    const w = item as unknown as Withdrawal;
    return {
      pk: withdrawalStatusPk(w.status as WithdrawalStatus),
      sk: withdrawalStatusSk(w),
      ref: withdrawalUserRef(w),
    };
  },
};

export interface ListIndexProgress {
  readonly scanned: number;
  readonly indexed: number;
  readonly refs: number;
  /** Items this run could not index (recorded on the marker with the reason), left for review. */
  readonly failed: readonly { readonly key: string; readonly reason: string }[];
  readonly done: boolean;
}

/**
 * Backfills the list indexes (ADR 0030) on items written before them: each deposit and withdrawal gets
 * its GSI4 keys and its user's ref. Idempotent (an item already indexed is left alone) and resumable (the scan's
 * position is saved in the marker item after every page, and the next run starts there); the marker's
 * `completedAt`, written at the end, switches the list reads to the indexes. An item it cannot index
 * is recorded on the marker (`failed`) and skipped; the run then ends without `completedAt`, and the
 * next run scans again from the start (everything already indexed is left as it is).
 *
 * Never overwrites a newer status: the keys are set from the status read, on the condition that the
 * item still has that status (an item whose keys already match its status is left alone, so a key left
 * stale by a function of the previous version during the deploy is put right as well).
 */
export async function migrateListIndexes(
  db: DynamoDBDocumentClient,
  tableName: string,
  options: { pageSize?: number; maxPages?: number; onProgress?: (p: ListIndexProgress) => void } = {},
): Promise<ListIndexProgress> {
  const marker = await db.send(
    new GetCommand({ TableName: tableName, Key: LIST_INDEXES_MARKER_KEY, ConsistentRead: true }),
  );
  const saved = marker.Item ?? {};
  let progress: ListIndexProgress = {
    scanned: Number(saved['scanned'] ?? 0),
    indexed: Number(saved['indexed'] ?? 0),
    refs: Number(saved['refs'] ?? 0),
    failed: [],
    done: typeof saved['completedAt'] === 'string',
  };
  if (progress.done) return progress;
  let startKey = saved['resumeKey'] as Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity IN (:deposit, :withdrawal)',
        ExpressionAttributeValues: { ':deposit': 'Deposit', ':withdrawal': 'Withdrawal' },
        Limit: options.pageSize ?? 500,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    let indexed = 0;
    let refs = 0;
    const failed = [...progress.failed];
    for (const item of out.Items ?? []) {
      // One item that cannot be indexed (a malformed record, a write refused) is recorded and skipped:
      // the rest of the table is still backfilled, and the indexes stay off until a rerun indexes it.
      try {
        if (await indexItem(db, tableName, item)) indexed += 1;
        const { ref } = INDEXED[String(item['entity'])]!(item);
        if (ref && (await putIfAbsent(db, tableName, ref))) refs += 1;
      } catch (e) {
        failed.push({ key: `${String(item['PK'])}|${String(item['SK'])}`, reason: (e as Error).message });
      }
    }
    startKey = out.LastEvaluatedKey;
    pages += 1;
    progress = {
      scanned: progress.scanned + (out.ScannedCount ?? 0),
      indexed: progress.indexed + indexed,
      refs: progress.refs + refs,
      failed,
      done: startKey === undefined && failed.length === 0,
    };
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...LIST_INDEXES_MARKER_KEY,
          entity: 'Migration',
          scanned: progress.scanned,
          indexed: progress.indexed,
          refs: progress.refs,
          failed: failed.slice(0, 100),
          updatedAt: new Date().toISOString(),
          ...(startKey
            ? { resumeKey: startKey }
            : failed.length === 0
              ? { completedAt: new Date().toISOString() }
              : {}),
        },
      }),
    );
    options.onProgress?.(progress);
  } while (startKey && pages < (options.maxPages ?? Infinity));
  return progress;
}

/**
 * Gives one item the GSI4 keys of its status unless it has them; false if it had them (or was removed).
 * The write is conditional on the status it read, so it never puts back an older status.
 */
async function indexItem(
  db: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
  attempt = 1,
): Promise<boolean> {
  const keys = INDEXED[String(item['entity'])]!(item);
  if (item['GSI4PK'] === keys.pk && item['GSI4SK'] === keys.sk) return false;
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: item['PK'], SK: item['SK'] },
        UpdateExpression: 'SET GSI4PK = :pk, GSI4SK = :sk',
        ConditionExpression: 'attribute_exists(PK) AND #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sk': keys.sk,
          ':pk': keys.pk,
          ':status': item['status'],
        },
      }),
    );
    return true;
  } catch (e) {
    // Its status moved on since the scan read it: read it again (the move may have set GSI4PK already).
    if (!isConditionalCheckFailed(e) || attempt >= 5) throw e;
    const current = await db.send(
      new GetCommand({ TableName: tableName, Key: { PK: item['PK'], SK: item['SK'] }, ConsistentRead: true }),
    );
    return current.Item ? indexItem(db, tableName, current.Item, attempt + 1) : false;
  }
}

async function putIfAbsent(
  db: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
    );
    return true;
  } catch (e) {
    if (isConditionalCheckFailed(e)) return false;
    throw e;
  }
}
