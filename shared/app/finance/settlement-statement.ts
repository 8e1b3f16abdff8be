import { toCsv } from '../../domain/csv';
import { monthRange, settleAsset, SETTLEMENT_CATEGORIES } from '../../domain/finance/settlement';
import type { AssetSettlement } from '../../domain/finance/settlement';
import { accounts } from '../../domain/ledger/accounts';
import { formatAmount } from '../../domain/ledger/amount';
import { STABLECOIN_ASSETS } from '../../domain/ledger/asset';
import type { LedgerHistoryReader } from '../../ports/finance';

export interface SettlementStatement {
  readonly partnerId: string;
  readonly month: string;
  readonly from: string;
  readonly to: string;
  /** Every stablecoin, active or not, so the file has the same shape every month. */
  readonly assets: readonly AssetSettlement[];
  readonly reconciled: boolean;
}

/**
 * The settlement statement of a partner for a UTC month: per stablecoin its available balance's opening,
 * movements by category, closing and the ledger check (shared/domain/finance/settlement.ts). One read
 * of the account's history and balance per asset.
 */
export async function settlementStatement(
  deps: { history: LedgerHistoryReader },
  partnerId: string,
  month: string,
): Promise<SettlementStatement> {
  const range = monthRange(month);
  const assets = await Promise.all(
    STABLECOIN_ASSETS.map(async (asset) =>
      settleAsset(
        asset.code,
        await deps.history.accountHistory(
          accounts.partnerAvailable(partnerId, asset.code),
          range.start,
          range.end,
        ),
      ),
    ),
  );
  return {
    partnerId,
    month,
    from: range.start,
    to: range.end,
    assets,
    reconciled: assets.every((a) => a.reconciled),
  };
}

const decimalsOf = new Map(STABLECOIN_ASSETS.map((a) => [a.code, a.decimals]));

export const SETTLEMENT_CSV_HEADER = [
  'month',
  'asset',
  'opening',
  'deposits',
  'fees',
  'withdrawals',
  'reversals',
  'gas_invoices',
  'other',
  'closing',
  'ledger_closing',
  'difference',
  'reconciled',
] as const;

/** One row per asset; amounts are exact decimal strings of the asset (a debit is negative). */
export function settlementRows(statement: SettlementStatement): string[][] {
  return statement.assets.map((a) => {
    const amount = (v: bigint) => formatAmount(v, decimalsOf.get(a.asset) ?? 0);
    return [
      statement.month,
      a.asset,
      amount(a.opening),
      ...SETTLEMENT_CATEGORIES.map((c) => amount(a.movements[c])),
      amount(a.closing),
      amount(a.ledgerClosing),
      amount(a.difference),
      String(a.reconciled),
    ];
  });
}

export function settlementStatementCsv(statement: SettlementStatement): string {
  return toCsv(SETTLEMENT_CSV_HEADER, settlementRows(statement));
}
