import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChildDay } from '../../domain/activity/subtree-reports';
import type { SubtreeActivityReader } from '../../ports/subtree-activity';
import { batchGetAll, queryAll } from './client';
import {
  activityDayKey,
  childDayKey,
  DEPOSIT,
  EARNED,
  partition,
  REVENUE,
  WITHDRAWAL,
} from './subtree-activity';

/** Reads the sub-partner counters (ADR 0032; layout and writes: ./subtree-activity.ts). */
type Num = number | bigint | string | { value: string } | undefined;
const big = (n: Num): bigint => (n === undefined ? 0n : typeof n === 'object' ? BigInt(n.value) : BigInt(n));

/** A stored counter, back in domain terms. */
export function childDayFromItem(item: Record<string, unknown>): ChildDay {
  const deposits = new Map<string, bigint>();
  const withdrawals = new Map<string, bigint>();
  const revenue = new Map<string, Map<string, bigint>>();
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(DEPOSIT)) deposits.set(name.slice(DEPOSIT.length), big(value as Num));
    else if (name.startsWith(WITHDRAWAL)) withdrawals.set(name.slice(WITHDRAWAL.length), big(value as Num));
    else if (name.startsWith(REVENUE)) {
      const [receiver, asset] = name.slice(REVENUE.length).split(':') as [string, string];
      const m = revenue.get(receiver) ?? new Map<string, bigint>();
      m.set(asset, big(value as Num));
      revenue.set(receiver, m);
    }
  }
  return {
    // SK is DAY#<yyyy-mm-dd>#<child>.
    childId: String(item['SK']).slice(15),
    day: String(item['SK']).slice(4, 14),
    depositCount: Number(big(item['depositCount'] as Num)),
    deposits,
    withdrawalCount: Number(big(item['withdrawalCount'] as Num)),
    withdrawals,
    revenue,
  };
}

/** The earned-revenue attributes of a dashboard day item, per asset. */
export function earnedFromItem(item: Record<string, unknown> | undefined): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [name, value] of Object.entries(item ?? {}))
    if (name.startsWith(EARNED)) out.set(name.slice(EARNED.length), big(value as Num));
  return out;
}

export class DynamoSubtreeActivity implements SubtreeActivityReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async children(ancestorId: string, days: readonly string[]): Promise<ChildDay[]> {
    if (days.length === 0) return [];
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': partition(ancestorId),
        ':from': `DAY#${days[0]}#`,
        ':to': `DAY#${days.at(-1)}#~`,
      },
      ConsistentRead: true,
    });
    return items.map(childDayFromItem);
  }

  async child(parentId: string, childId: string, days: readonly string[]): Promise<ChildDay[]> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      days.map((d) => childDayKey(parentId, d, childId)),
    );
    return items.map(childDayFromItem);
  }

  async earned(partnerId: string, days: readonly string[]): Promise<Map<string, Map<string, bigint>>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      days.map((d) => activityDayKey(partnerId, d)),
    );
    return new Map(items.map((item) => [String(item['SK']).slice('DAY#'.length), earnedFromItem(item)]));
  }

  /** Overwrites one counter (the operator's backfill, `npm run cli -- revenue rebuild`). */
  async put(ancestorId: string, row: ChildDay): Promise<void> {
    const item: Record<string, unknown> = {
      ...childDayKey(ancestorId, row.day, row.childId),
      entity: 'SubtreeDay',
      depositCount: row.depositCount,
      withdrawalCount: row.withdrawalCount,
    };
    for (const [asset, amount] of row.deposits) item[`${DEPOSIT}${asset}`] = amount;
    for (const [asset, amount] of row.withdrawals) item[`${WITHDRAWAL}${asset}`] = amount;
    for (const [receiver, m] of row.revenue)
      for (const [asset, amount] of m) item[`${REVENUE}${receiver}:${asset}`] = amount;
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  /** Overwrites what a partner earned on a day (the backfill); the day's other figures stay. */
  async putEarned(partnerId: string, day: string, earned: ReadonlyMap<string, bigint>): Promise<void> {
    const assets = [...earned.keys()];
    if (assets.length === 0) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: activityDayKey(partnerId, day),
        UpdateExpression: `SET entity = :entity, ${assets.map((_, i) => `#e${i} = :e${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(assets.map((a, i) => [`#e${i}`, `${EARNED}${a}`])),
        ExpressionAttributeValues: {
          ':entity': 'ActivityDay',
          ...Object.fromEntries(assets.map((a, i) => [`:e${i}`, earned.get(a)])),
        },
      }),
    );
  }
}
