import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ActivityDelta } from '../../domain/activity/daily-activity';
import type { ActivityCounters, DayActivity } from '../../ports/activity';
import { batchGetAll } from './client';

/**
 * The dashboard's counters (ADR 0027) in the single table: `ACTIVITY#<partner>` / `DAY#<yyyy-mm-dd>`
 * (deposits and withdrawals of that UTC day: counts and USD at 18 decimals) and `ACTIVITY#<partner>` /
 * `APPROVAL_QUEUE`. Written only as ADD deltas inside the transaction that records the deposit or
 * withdrawal change (`activityUpdates`), so they move exactly when the records do.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const partition = (partnerId: string) => `ACTIVITY#${partnerId}`;
const dayKey = (partnerId: string, day: string) => ({ PK: partition(partnerId), SK: `DAY#${day}` });
const queueKey = (partnerId: string) => ({ PK: partition(partnerId), SK: 'APPROVAL_QUEUE' });

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
  if (delta.pendingApprovals !== 0)
    items.push({
      Update: {
        TableName: tableName,
        Key: queueKey(delta.partnerId),
        UpdateExpression: 'SET entity = :entity ADD pendingApprovals :p',
        ExpressionAttributeValues: { ':entity': 'ActivityApprovalQueue', ':p': delta.pendingApprovals },
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
    const keys = [...days.map((d) => dayKey(partnerId, d)), queueKey(partnerId)];
    // One request (8 keys).
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
      };
    });
    return {
      days: dayRows,
      pendingApprovals: Number(big(found.get('APPROVAL_QUEUE')?.['pendingApprovals'] as Num)),
    };
  }

  async replace(partnerId: string, days: readonly DayActivity[], pendingApprovals: number): Promise<void> {
    for (const d of days)
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...dayKey(partnerId, d.day),
            entity: 'ActivityDay',
            depositCount: d.depositCount,
            depositUsd: d.depositUsd,
            withdrawalCount: d.withdrawalCount,
            withdrawalUsd: d.withdrawalUsd,
          },
        }),
      );
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...queueKey(partnerId), entity: 'ActivityApprovalQueue', pendingApprovals },
      }),
    );
  }
}
