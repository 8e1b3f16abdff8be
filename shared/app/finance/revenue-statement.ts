import { toCsv } from '../../domain/csv';
import { sumByChild } from '../../domain/activity/subtree-reports';
import { monthRange } from '../../domain/finance/settlement';
import { accounts } from '../../domain/ledger/accounts';
import { formatAmount } from '../../domain/ledger/amount';
import { findAsset, STABLECOIN_ASSETS } from '../../domain/ledger/asset';
import type { Partner } from '../../domain/partner/partner';
import type { LedgerHistoryReader } from '../../ports/finance';
import type { PartnerRepository } from '../../ports/partner-store';
import type { SubtreeActivityReader } from '../../ports/subtree-activity';

export interface RevenueStatementRow {
  readonly childId: string;
  readonly code: string;
  readonly name: string;
  readonly asset: string;
  readonly amount: bigint;
}

export interface RevenueCheck {
  readonly asset: string;
  /** Σ of the rows of this asset. */
  readonly statement: bigint;
  /** What the partner's revenue account was credited for deposit fees in the month. */
  readonly ledger: bigint;
  readonly difference: bigint;
}

export interface RevenueStatement {
  readonly partnerId: string;
  readonly month: string;
  readonly rows: readonly RevenueStatementRow[];
  readonly checks: readonly RevenueCheck[];
  readonly reconciled: boolean;
}

export interface RevenueStatementDeps {
  readonly partners: Pick<PartnerRepository, 'get' | 'listChildren'>;
  readonly subtree: Pick<SubtreeActivityReader, 'children'>;
  readonly history: Pick<LedgerHistoryReader, 'linesBetween'>;
}

/** The days of a UTC month (YYYY-MM-DD). */
function daysOf(month: string): string[] {
  const { start, end } = monthRange(month);
  const days: string[] = [];
  for (let t = Date.parse(start); t < Date.parse(end); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * The revenue statement of a distributor (or the platform) for a UTC month: per direct sub-partner and
 * asset, what the partner earned from deposits in that sub-partner's whole subtree — the same counters
 * as GET /v1/revenue (ADR 0032) — and per asset the check that the rows add up to the deposit-fee
 * credits of its revenue account (`revenue:distributor:{pid}` with reason REVENUE_SHARE, the platform's
 * `revenue:platform` with DEPOSIT_FEE) in the month, to the minor unit.
 */
export async function revenueStatement(
  deps: RevenueStatementDeps,
  partner: Pick<Partner, 'id' | 'type'>,
  month: string,
): Promise<RevenueStatement> {
  const { start, end } = monthRange(month);
  const days = daysOf(month);
  const [dayRows, children] = await Promise.all([
    deps.subtree.children(partner.id, days),
    deps.partners.listChildren(partner.id),
  ]);
  const names = new Map(children.map((c) => [c.id, c]));
  const rows: RevenueStatementRow[] = [];
  for (const [childId, totals] of sumByChild(dayRows, days, partner.id)) {
    const child = names.get(childId) ?? (await deps.partners.get(childId));
    for (const [asset, amount] of totals.revenue) {
      if (amount === 0n) continue;
      rows.push({ childId, code: child?.code ?? childId, name: child?.name ?? '', asset, amount });
    }
  }
  rows.sort((a, b) => (a.code === b.code ? cmp(a.asset, b.asset) : cmp(a.code, b.code)));
  const platform = partner.type === 'PLATFORM';
  const reason = platform ? 'DEPOSIT_FEE' : 'REVENUE_SHARE';
  const checks = await Promise.all(
    STABLECOIN_ASSETS.map(async (asset): Promise<RevenueCheck> => {
      const account = platform
        ? accounts.platformRevenue(asset.code)
        : accounts.distributorRevenue(partner.id, asset.code);
      const lines = await deps.history.linesBetween(account, start, end);
      const ledger = lines.filter((l) => l.reason === reason).reduce((s, l) => s + l.delta, 0n);
      const statement = rows.filter((r) => r.asset === asset.code).reduce((s, r) => s + r.amount, 0n);
      return { asset: asset.code, statement, ledger, difference: ledger - statement };
    }),
  );
  return {
    partnerId: partner.id,
    month,
    rows,
    checks,
    reconciled: checks.every((c) => c.difference === 0n),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const REVENUE_CSV_HEADER = [
  'month',
  'sub_partner_code',
  'sub_partner_name',
  'asset',
  'revenue',
  'ledger_revenue',
] as const;

/** One row per sub-partner and asset, then one TOTAL row per asset with the ledger's figure beside it. */
export function revenueStatementCsv(statement: RevenueStatement): string {
  const fmt = (asset: string, v: bigint) => formatAmount(v, findAsset(asset)?.decimals ?? 0);
  const rows: string[][] = statement.rows.map((r) => [
    statement.month,
    r.code,
    r.name,
    r.asset,
    fmt(r.asset, r.amount),
    '',
  ]);
  for (const c of statement.checks) {
    if (c.statement === 0n && c.ledger === 0n) continue;
    rows.push([statement.month, 'TOTAL', '', c.asset, fmt(c.asset, c.statement), fmt(c.asset, c.ledger)]);
  }
  return toCsv(REVENUE_CSV_HEADER, rows);
}
