import type { AccountId } from '../domain/ledger/accounts';
import type { AccountHistoryTotals, SettlementLine } from '../domain/finance/settlement';
import type { FinanceLanguage } from '../domain/finance/export-email';

/**
 * What a settlement statement reads of one ledger account (shared/domain/finance/settlement.ts): its
 * history split at a month's bounds and its posted balance now, read together (a write in between
 * makes the reader try again, so the parts always belong to the same state of the account).
 */
export interface LedgerHistoryReader {
  /** `start` inclusive, `end` exclusive, both ISO instants (a month: monthRange). */
  accountHistory(account: AccountId, start: string, end: string): Promise<AccountHistoryTotals>;
  /** Only the lines effective in [start, end) (a revenue account's month: its past is not needed). */
  linesBetween(account: AccountId, start: string, end: string): Promise<SettlementLine[]>;
}

/** A person at the partner who receives the monthly finance exports. */
export interface FinanceContact {
  readonly name: string;
  readonly email: string;
}

export type { FinanceLanguage };

export interface FinanceContacts {
  /** At most MAX_FINANCE_CONTACTS (domain/finance/export-email.ts), emails unique (case-insensitive). */
  readonly contacts: readonly FinanceContact[];
  /** The language of the export email. */
  readonly language: FinanceLanguage;
  readonly updatedAt?: string;
}

export interface FinanceContactStore {
  /** The partner's contacts; none configured: an empty list in English. */
  get(partnerId: string): Promise<FinanceContacts>;
  put(partnerId: string, contacts: FinanceContacts): Promise<void>;
}

/**
 * Which export emails went out: one claim per (partner, month, contact email), taken before sending,
 * so a re-run of the job never emails the same contact twice for a month.
 */
export interface ExportNoticeLog {
  /** True when this call took the claim (nobody had); false when it was taken already. */
  claim(partnerId: string, month: string, email: string, at: string): Promise<boolean>;
  /** Gives a claim back when the email could not be handed over (the next run tries again). */
  release(partnerId: string, month: string, email: string): Promise<void>;
}
