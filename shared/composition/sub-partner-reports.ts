import { DynamoDepositRepository } from '../adapters/dynamodb/deposit-repository';
import { DynamoSubtreeActivity } from '../adapters/dynamodb/subtree-activity-reader';
import { DynamoWithdrawalRepository } from '../adapters/dynamodb/withdrawal-repository';
import type { SubPartnerReportDeps } from '../app/partners/sub-partner-reports';
import type { DepositRepository } from '../ports/deposits';
import type { PartnerRepository } from '../ports/partner-store';
import type { WithdrawalRepository } from '../ports/withdrawals';
import type { CoreDeps } from './core';
import { withFeeSettings } from './fee-settings';
import type { FeeSettingsAdapters } from './fee-settings';
import { extendOnce } from './lazy';
import { withLedger } from './ledger';
import type { LedgerAdapters } from './ledger';

/**
 * The money reads of the sub-partner network (ADR 0032) on a base that has the partners: the counters,
 * the fee settings, and — for the drill-downs — the deposit and withdrawal records and the ledger, read
 * only. Used by the partner API (subPartnerReportsApi) and the console (consoleSubPartnerReports).
 */
export interface SubPartnerReportAdapters extends SubPartnerReportDeps, LedgerAdapters {
  readonly deposits: DepositRepository;
  readonly withdrawals: WithdrawalRepository;
}

export function withSubPartnerReports<B extends CoreDeps & { readonly partners: PartnerRepository }>(
  base: B,
): B & SubPartnerReportAdapters {
  // Fee items in their own group: sub-partner management reads them on the same core (npm start).
  const withLedgerBase = withLedger(withFeeSettings(base));
  const { db, config } = base;
  return extendOnce<
    B & LedgerAdapters & FeeSettingsAdapters,
    Omit<SubPartnerReportAdapters, 'partners' | 'clock' | 'ledger' | 'fees'>
  >(withLedgerBase, 'sub-partner-reports', () => ({
    subtree: () => new DynamoSubtreeActivity(db, config.tableName),
    deposits: () => new DynamoDepositRepository(db, config.tableName),
    withdrawals: () => new DynamoWithdrawalRepository(db, config.tableName),
  }));
}
