import { ValidationError } from '../errors';
import type { ReasonCode } from '../ledger/entry';

/**
 * The settlement statement of one partner balance (`partner:{pid}:available/<asset>`) for one UTC
 * month: opening balance, the month's movements by category, closing balance, and the check that the
 * statement agrees with the ledger to the minor unit. Pure: the app layer reads the account's history
 * lines and current balance (shared/ports/finance.ts) and hands them in.
 *
 * Reconciliation: the opening is the sum of every history line before the month (the account's whole
 * past, not the balance item), the closing is opening + the month's lines, and it must equal the
 * ledger's balance as of the month's end: the posted balance now (the balance items) less every line
 * after the month. A balance item that disagrees with its history shows up as a non-zero difference.
 */
export const SETTLEMENT_CATEGORIES = [
  'deposits',
  'fees',
  'withdrawals',
  'reversals',
  'gasInvoices',
  'other',
] as const;
export type SettlementCategory = (typeof SETTLEMENT_CATEGORIES)[number];

/** One history line of the account (its delta of the posted balance; positive credits the partner). */
export interface SettlementLine {
  readonly entryId: string;
  readonly reason: ReasonCode | string;
  readonly delta: bigint;
}

/** Ledger entries of gas invoices settled from the partner's balance are `invoice:<number>` (issue 17). */
export const INVOICE_ENTRY_PREFIX = 'invoice:';

/** The category of a line: by entry kind first (invoices), then by reason; anything else is "other". */
export function classifyLine(line: SettlementLine): SettlementCategory {
  if (line.entryId.startsWith(INVOICE_ENTRY_PREFIX)) return 'gasInvoices';
  switch (line.reason) {
    case 'DEPOSIT':
      return 'deposits';
    case 'DEPOSIT_FEE':
    case 'WITHDRAWAL_FEE':
      return 'fees';
    case 'WITHDRAWAL':
      return 'withdrawals';
    case 'REVERSAL':
      return 'reversals';
    default:
      return 'other';
  }
}

export interface AccountHistoryTotals {
  /** Sum of the account's history lines effective before the month. */
  readonly before: bigint;
  /** The month's lines. */
  readonly lines: readonly SettlementLine[];
  /** Sum of the lines effective after the month (from the next month's start on). */
  readonly after: bigint;
  /** Posted balance of the account now (sum of its balance items). */
  readonly postedNow: bigint;
}

export interface AssetSettlement {
  readonly asset: string;
  readonly opening: bigint;
  readonly movements: Readonly<Record<SettlementCategory, bigint>>;
  readonly lineCount: number;
  /** opening + Σ movements. */
  readonly closing: bigint;
  /** The ledger's balance as of the month's end: postedNow − after. */
  readonly ledgerClosing: bigint;
  /** ledgerClosing − closing: 0 when reconciled. */
  readonly difference: bigint;
  readonly reconciled: boolean;
}

export function settleAsset(asset: string, history: AccountHistoryTotals): AssetSettlement {
  const movements = Object.fromEntries(SETTLEMENT_CATEGORIES.map((c) => [c, 0n])) as Record<
    SettlementCategory,
    bigint
  >;
  for (const line of history.lines) movements[classifyLine(line)] += line.delta;
  const opening = history.before;
  const closing = SETTLEMENT_CATEGORIES.reduce((sum, c) => sum + movements[c], opening);
  const ledgerClosing = history.postedNow - history.after;
  const difference = ledgerClosing - closing;
  return {
    asset,
    opening,
    movements,
    lineCount: history.lines.length,
    closing,
    ledgerClosing,
    difference,
    reconciled: difference === 0n,
  };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A UTC month `YYYY-MM`: its first instant and the next month's first instant (exclusive end). */
export function monthRange(month: string, field = 'month'): { month: string; start: string; end: string } {
  const m = MONTH.exec(month);
  if (!m || Number(m[1]) < 2000) {
    throw new ValidationError('Invalid month', [{ path: field, message: 'Expected a month YYYY-MM' }]);
  }
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  return {
    month,
    start: new Date(Date.UTC(year, index, 1)).toISOString(),
    end: new Date(Date.UTC(year, index + 1, 1)).toISOString(),
  };
}

/** The month before the one `now` is in: one rule for the invoice and the export jobs. */
export { previousMonth } from '../invoices/invoice-rules';
