import type { ChildDay } from '../domain/activity/subtree-reports';
import type { StoredDeposit } from './deposits';
import type { LedgerSideEffect } from './ledger';

/** The sub-partner counters of ADR 0032 (rules: shared/domain/activity/subtree-activity.ts). */
export interface SubtreeActivityReader {
  /** Every (child, day) counter `ancestorId` keeps for these days (one Query, paged by DynamoDB only). */
  children(ancestorId: string, days: readonly string[]): Promise<ChildDay[]>;
  /** The counters `parentId` keeps for its child `childId` on these days (one BatchGet per 100 days). */
  child(parentId: string, childId: string, days: readonly string[]): Promise<ChildDay[]>;
  /** What `partnerId` earned on each of these days, per asset (from its daily counters). */
  earned(partnerId: string, days: readonly string[]): Promise<Map<string, Map<string, bigint>>>;
}

/** The revenue counters a deposit credit moves, written with its ledger entry (ADR 0032). */
export interface RevenueCounters {
  /** The writes, as a side effect of the credit's entry; none when the deposit pays no fee. */
  creditEffect(
    deposit: Pick<StoredDeposit, 'partnerId' | 'asset' | 'detectedAt' | 'feeShares' | 'ancestry'>,
  ): LedgerSideEffect | undefined;
}
