import type { AccountId } from '../domain/ledger/accounts';
import type { AccountHistoryTotals } from '../domain/finance/settlement';

/**
 * What a settlement statement reads of one ledger account (shared/domain/finance/settlement.ts): its
 * history split at a month's bounds and its posted balance now, read together (a write in between
 * makes the reader try again, so the parts always belong to the same state of the account).
 */
export interface LedgerHistoryReader {
  /** `start` inclusive, `end` exclusive, both ISO instants (a month: monthRange). */
  accountHistory(account: AccountId, start: string, end: string): Promise<AccountHistoryTotals>;
}
