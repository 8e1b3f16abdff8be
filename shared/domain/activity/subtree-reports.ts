import { GatewayError } from '../errors';
import { formatAmount } from '../ledger/amount';
import { findAsset } from '../ledger/asset';

/**
 * The read side of the sub-partner counters (ADR 0032; what they count: subtree-activity.ts): periods
 * in UTC, sums of days per child, and the activity overview's order.
 */
export type Period = 'today' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['today', 'week', 'month'];

const DAY_MS = 24 * 60 * 60_000;
/** Longest range a custom `from`/`to` may span (a year and a day: one Query page of days per child). */
export const MAX_RANGE_DAYS = 366;

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The UTC days of a period at `now`: today since 00:00, the week since Monday, the month since the 1st. */
export function periodRange(period: Period, now: Date): { from: string; to: string; days: string[] } {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  let start = today;
  if (period === 'week') start = today - ((now.getUTCDay() + 6) % 7) * DAY_MS;
  if (period === 'month') start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const days: string[] = [];
  for (let t = start; t <= today; t += DAY_MS) days.push(isoDay(t));
  return { from: new Date(start).toISOString(), to: now.toISOString(), days };
}

/** The UTC days from `from` to `to` (YYYY-MM-DD, both included), at most MAX_RANGE_DAYS. */
export function dayRange(from: string, to: string): { from: string; to: string; days: string[] } {
  const start = Date.parse(`${from}T00:00:00.000Z`);
  const end = Date.parse(`${to}T00:00:00.000Z`);
  const bad = (field: string, message: string) =>
    new GatewayError('VALIDATION_FAILED', message, { details: { fields: [{ path: field, message }] } });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(start) || isoDay(start) !== from)
    throw bad('from', 'from must be a date YYYY-MM-DD');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(end) || isoDay(end) !== to)
    throw bad('to', 'to must be a date YYYY-MM-DD');
  if (end < start) throw bad('to', 'to must not be before from');
  if ((end - start) / DAY_MS + 1 > MAX_RANGE_DAYS) throw bad('to', `At most ${MAX_RANGE_DAYS} days`);
  const days: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) days.push(isoDay(t));
  return { from: new Date(start).toISOString(), to: new Date(end + DAY_MS - 1).toISOString(), days };
}

/** Per-asset amounts, as the API shows them: assets sorted, zeros left out. */
export type AssetAmounts = ReadonlyMap<string, bigint>;

export interface AmountView {
  readonly asset: string;
  readonly amount: string;
}

/** Per-asset amounts as the API shows them: formatted with the asset's decimals, sorted, zeros left out. */
export function amountViews(amounts: AssetAmounts): AmountView[] {
  return [...amounts]
    .filter(([, v]) => v !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([asset, v]) => ({ asset, amount: formatAmount(v, findAsset(asset)?.decimals ?? 0) }));
}

export function addAmounts(into: Map<string, bigint>, from: AssetAmounts): void {
  for (const [asset, amount] of from) into.set(asset, (into.get(asset) ?? 0n) + amount);
}

/** One (child, day) counter as read back. */
export interface ChildDay {
  readonly childId: string;
  readonly day: string;
  readonly depositCount: number;
  readonly deposits: AssetAmounts;
  readonly withdrawalCount: number;
  readonly withdrawals: AssetAmounts;
  /** receiver partner id → asset → amount. */
  readonly revenue: ReadonlyMap<string, AssetAmounts>;
}

export interface ChildTotals {
  depositCount: number;
  readonly deposits: Map<string, bigint>;
  withdrawalCount: number;
  readonly withdrawals: Map<string, bigint>;
  /** What `viewerId` earned. */
  readonly revenue: Map<string, bigint>;
}

export const emptyTotals = (): ChildTotals => ({
  depositCount: 0,
  deposits: new Map(),
  withdrawalCount: 0,
  withdrawals: new Map(),
  revenue: new Map(),
});

/** Sums days into one total per child, with the revenue `viewerId` earned (days outside `days` ignored). */
export function sumByChild(
  rows: readonly ChildDay[],
  days: readonly string[],
  viewerId: string,
): Map<string, ChildTotals> {
  const wanted = new Set(days);
  const out = new Map<string, ChildTotals>();
  for (const r of rows) {
    if (!wanted.has(r.day)) continue;
    const t = out.get(r.childId) ?? emptyTotals();
    t.depositCount += r.depositCount;
    addAmounts(t.deposits, r.deposits);
    t.withdrawalCount += r.withdrawalCount;
    addAmounts(t.withdrawals, r.withdrawals);
    addAmounts(t.revenue, r.revenue.get(viewerId) ?? new Map());
    out.set(r.childId, t);
  }
  return out;
}

export type ActivitySort = 'depositAmount' | 'depositCount' | 'withdrawalAmount' | 'revenue';

const sumAll = (m: AssetAmounts) => [...m.values()].reduce((a, b) => a + b, 0n);

/**
 * Orders activity rows. Amounts of different assets compare by their sum in minor units rescaled by
 * the caller (`usd`: the stablecoins count 1:1 in USD); ties fall back to the code, so the order is total.
 */
export function sortActivity<T extends { readonly code: string; readonly totals: ChildTotals }>(
  rows: readonly T[],
  sort: ActivitySort,
  order: 'asc' | 'desc',
  usd: (amounts: AssetAmounts) => bigint = sumAll,
): T[] {
  const key = (t: ChildTotals): bigint =>
    sort === 'depositCount'
      ? BigInt(t.depositCount)
      : sort === 'depositAmount'
        ? usd(t.deposits)
        : sort === 'withdrawalAmount'
          ? usd(t.withdrawals)
          : usd(t.revenue);
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = key(a.totals);
    const kb = key(b.totals);
    if (ka !== kb) return ka < kb ? -sign : sign;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
