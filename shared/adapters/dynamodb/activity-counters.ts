import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ActivityDelta } from '../../domain/activity/daily-activity';
import type { ActivityCounters, DayActivity, SubPartnerCounts } from '../../ports/activity';
import { EARNED } from './subtree-activity';
import { batchGetAll } from './client';

/**
 * The dashboard's counters (ADR 0027) in the single table: `ACTIVITY#<partner>` / `DAY#<yyyy-mm-dd>`
 * (deposits of that UTC day, withdrawals CONFIRMED that day: counts and USD at 18 decimals) and
 * `ACTIVITY#<partner>` / `APPROVAL_QUEUE` (the approval queue and the withdrawals in progress). Written only as ADD deltas inside the transaction that records the deposit or
 * withdrawal change (`activityUpdates`), so they move exactly when the records do.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const partition = (partnerId: string) => `ACTIVITY#${partnerId}`;
const dayKey = (partnerId: string, day: string) => ({ PK: partition(partnerId), SK: `DAY#${day}` });
const queueKey = (partnerId: string) => ({ PK: partition(partnerId), SK: 'APPROVAL_QUEUE' });
const subPartnersKey = (partnerId: string) => ({ PK: partition(partnerId), SK: 'SUBPARTNERS' });
const COUNTS = ['total', 'active', 'suspended', 'merchants', 'distributors'] as const;

/**
 * The ADD update of a parent's sub-partner counts (ADR 0032), for the transaction that creates a child,
 * changes its status or deletes it (negative deltas).
 */
export function subPartnerCountUpdate(
  tableName: string,
  parentId: string,
  delta: Partial<SubPartnerCounts>,
): TransactItem {
  const moved = COUNTS.filter((k) => (delta[k] ?? 0) !== 0);
  return {
    Update: {
      TableName: tableName,
      Key: subPartnersKey(parentId),
      UpdateExpression: `SET entity = :entity ADD ${moved.map((k) => `#${k} :${k}`).join(', ')}`,
      // `total` is a reserved word.
      ExpressionAttributeNames: Object.fromEntries(moved.map((k) => [`#${k}`, k])),
      ExpressionAttributeValues: {
        ':entity': 'ActivitySubPartners',
        ...Object.fromEntries(moved.map((k) => [`:${k}`, delta[k]])),
      },
    },
  };
}

/** The ADD updates a change makes (none when it changes nothing), for the caller's transaction. */
export function activityUpdates(tableName: string, delta: ActivityDelta | undefined): TransactItem[] {
  if (!delta) return [];
  const items: TransactItem[] = [];
  if (delta.depositCount !== 0 || delta.withdrawalCount !== 0)
    items.push({
      Update: {
        TableName: tableName,
        Key: dayKey(delta.partnerId, delta.day),
        UpdateExpression:
          'SET entity = :entity ADD depositCount :dc, depositUsd :du, withdrawalCount :wc, withdrawalUsd :wu',
        ExpressionAttributeValues: {
          ':entity': 'ActivityDay',
          ':dc': delta.depositCount,
          ':du': delta.depositUsd,
          ':wc': delta.withdrawalCount,
          ':wu': delta.withdrawalUsd,
        },
      },
    });
  if (delta.pendingApprovals !== 0 || delta.withdrawalsInProgress !== 0)
    items.push({
      Update: {
        TableName: tableName,
        Key: queueKey(delta.partnerId),
        UpdateExpression: 'SET entity = :entity ADD pendingApprovals :p, inProgress :i',
        ExpressionAttributeValues: {
          ':entity': 'ActivityApprovalQueue',
          ':p': delta.pendingApprovals,
          ':i': delta.withdrawalsInProgress,
        },
      },
    });
  return items;
}

type Num = number | bigint | string | { value: string } | undefined;
const big = (n: Num): bigint => (n === undefined ? 0n : typeof n === 'object' ? BigInt(n.value) : BigInt(n));

export class DynamoActivityCounters implements ActivityCounters {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(partnerId: string, days: readonly string[]) {
    const keys = [...days.map((d) => dayKey(partnerId, d)), queueKey(partnerId), subPartnersKey(partnerId)];
    // One request (at most 39 keys: a month and the week before it, the queue, the sub-partner counts).
    const found = new Map(
      (await batchGetAll(this.db, this.tableName, keys)).map((item) => [String(item['SK']), item]),
    );
    const dayRows: DayActivity[] = days.map((day) => {
      const item = found.get(`DAY#${day}`) ?? {};
      return {
        day,
        depositCount: Number(big(item['depositCount'] as Num)),
        depositUsd: big(item['depositUsd'] as Num),
        withdrawalCount: Number(big(item['withdrawalCount'] as Num)),
        withdrawalUsd: big(item['withdrawalUsd'] as Num),
        earned: new Map(
          Object.entries(item)
            .filter(([name]) => name.startsWith(EARNED))
            .map(([name, v]) => [name.slice(EARNED.length), big(v as Num)]),
        ),
      };
    });
    const counts = found.get('SUBPARTNERS') ?? {};
    return {
      days: dayRows,
      pendingApprovals: Number(big(found.get('APPROVAL_QUEUE')?.['pendingApprovals'] as Num)),
      withdrawalsInProgress: Number(big(found.get('APPROVAL_QUEUE')?.['inProgress'] as Num)),
      subPartners: Object.fromEntries(COUNTS.map((k) => [k, Number(big(counts[k] as Num))])) as Record<
        (typeof COUNTS)[number],
        number
      >,
    };
  }

  async replace(
    partnerId: string,
    days: readonly DayActivity[],
    pendingApprovals: number,
    withdrawalsInProgress: number,
  ): Promise<void> {
    // SET, not a Put: the day's earned revenue (moved by credits, ADR 0032) is not the rebuild's to erase.
    for (const d of days)
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: dayKey(partnerId, d.day),
          UpdateExpression:
            'SET entity = :entity, depositCount = :dc, depositUsd = :du, withdrawalCount = :wc, withdrawalUsd = :wu',
          ExpressionAttributeValues: {
            ':entity': 'ActivityDay',
            ':dc': d.depositCount,
            ':du': d.depositUsd,
            ':wc': d.withdrawalCount,
            ':wu': d.withdrawalUsd,
          },
        }),
      );
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...queueKey(partnerId),
          entity: 'ActivityApprovalQueue',
          pendingApprovals,
          inProgress: withdrawalsInProgress,
        },
      }),
    );
  }

  async replaceSubPartnerCounts(partnerId: string, counts: SubPartnerCounts): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...subPartnersKey(partnerId), entity: 'ActivitySubPartners', ...counts },
      }),
    );
  }
}
