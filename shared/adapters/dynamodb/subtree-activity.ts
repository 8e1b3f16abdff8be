import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { SubtreeDelta } from '../../domain/activity/subtree-activity';
import { revenueSubtreeDeltas } from '../../domain/activity/subtree-activity';
import type { FeeShare } from '../../domain/deposit/fees';
import type { StoredDeposit } from '../../ports/deposits';
import type { LedgerSideEffect } from '../../ports/ledger';
import type { RevenueCounters } from '../../ports/subtree-activity';

/**
 * The sub-partner counters of ADR 0032 in the single table: `SUBTREE#<ancestor>` /
 * `DAY#<yyyy-mm-dd>#<child>` (the deposits and withdrawals of that child's subtree that day, per asset,
 * and what each partner at or above the ancestor earned from it), and the revenue a partner earned per
 * day as attributes `revenue:<asset>` of its dashboard day item (`ACTIVITY#<partner>` / `DAY#…`, ADR
 * 0027), read with the dashboard's one BatchGet. Written only as ADD deltas inside the transaction of
 * the record (deposit, withdrawal) or of the credit (the ledger entry), so a retry that writes nothing
 * counts nothing.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const partition = (ancestorId: string) => `SUBTREE#${ancestorId}`;
export const childDayKey = (ancestorId: string, day: string, childId: string) => ({
  PK: partition(ancestorId),
  SK: `DAY#${day}#${childId}`,
});
export const activityDayKey = (partnerId: string, day: string) => ({
  PK: `ACTIVITY#${partnerId}`,
  SK: `DAY#${day}`,
});

export const DEPOSIT = 'dep:';
export const WITHDRAWAL = 'wd:';
export const REVENUE = 'rev:';
/** On the dashboard's day item: what the partner earned that day, per asset. */
export const EARNED = 'revenue:';

/** One ADD update of counters (after the first two, zero amounts left out) on an item of `entity`. */
function addUpdate(
  tableName: string,
  Key: Record<string, string>,
  entity: string,
  adds: readonly (readonly [string, bigint | number])[],
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':e': entity };
  const added = adds
    .filter(([, v], i) => i < 2 || v !== 0n)
    .map(([k, v], i) => {
      names[`#a${i}`] = k;
      values[`:a${i}`] = v;
      return `#a${i} :a${i}`;
    });
  return {
    Update: {
      TableName: tableName,
      Key,
      UpdateExpression: `SET entity = :e ADD ${added.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The ADD updates of these deltas (one item each), for the caller's transaction. */
export function subtreeActivityUpdates(tableName: string, deltas: readonly SubtreeDelta[]): TransactItem[] {
  return deltas.map((d) =>
    addUpdate(tableName, childDayKey(d.ancestorId, d.day, d.childId), 'SubtreeDay', [
      ['depositCount', d.depositCount],
      ['withdrawalCount', d.withdrawalCount],
      [DEPOSIT + d.asset, d.depositAmount],
      [WITHDRAWAL + d.asset, d.withdrawalAmount],
      ...[...d.revenue].map(([receiver, amount]) => [`${REVENUE}${receiver}:${d.asset}`, amount] as const),
    ]),
  );
}

/**
 * A credited deposit's revenue (written with its ledger entry): each receiver's dashboard day
 * item (one share per receiver), then the counters on the deposit's path.
 */
export function revenueCounterUpdates(
  tableName: string,
  earned: { readonly day: string; readonly asset: string; readonly shares: readonly FeeShare[] },
  deltas: readonly SubtreeDelta[],
): TransactItem[] {
  return [
    ...earned.shares.map((share) =>
      addUpdate(tableName, activityDayKey(share.partnerId, earned.day), 'ActivityDay', [
        [EARNED + earned.asset, share.amount],
      ]),
    ),
    ...subtreeActivityUpdates(tableName, deltas),
  ];
}

/** The revenue counters of a credit, as the ledger entry's side effect (PREPARED_WRITES). */
export class DynamoRevenueCounters implements RevenueCounters {
  constructor(private readonly tableName: string) {}

  creditEffect(
    deposit: Pick<StoredDeposit, 'partnerId' | 'asset' | 'detectedAt' | 'feeShares' | 'ancestry'>,
  ): LedgerSideEffect | undefined {
    const shares = deposit.feeShares.filter((s) => s.amount > 0n);
    if (shares.length === 0) return undefined;
    const writes = revenueCounterUpdates(
      this.tableName,
      { day: deposit.detectedAt.slice(0, 10), asset: deposit.asset, shares },
      revenueSubtreeDeltas(deposit),
    );
    return { type: 'PREPARED_WRITES', writes };
  }
}
