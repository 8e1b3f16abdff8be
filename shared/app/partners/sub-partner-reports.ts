import {
  dayRange,
  emptyTotals,
  periodRange,
  sortActivity,
  sumByChild,
  amountViews,
} from '../../domain/activity/subtree-reports';
import type {
  ActivitySort,
  AmountView,
  AssetAmounts,
  ChildTotals,
  Period,
} from '../../domain/activity/subtree-reports';
import { usdValue } from '../../domain/activity/daily-activity';
import { depositFeeTerms, minFeeRate, PPM } from '../../domain/deposit/fees';
import type { FeeChainLink } from '../../domain/deposit/fees';
import { GatewayError } from '../../domain/errors';
import { registrableTypes } from '../../domain/partner/partner';
import type { Partner, PartnerType } from '../../domain/partner/partner';
import type { FeeSettingsStore } from '../../ports/fee-settings';
import type { PartnerRepository } from '../../ports/partner-store';
import type { SubtreeActivityReader } from '../../ports/subtree-activity';
import { ancestorsOf, assertManagesSubPartners, subPartnerOf } from './subtree-access';

/**
 * The money reads of the sub-partner network (issue 16, ADR 0032): what a distributor's sub-partners
 * do and what it earns from them, from the counters of shared/domain/activity/subtree-activity.ts —
 * a handful of reads whatever the volume. Every target is resolved with `subPartnerOf` (merchants
 * 403, outside the caller's subtree 404); the partner API and the console call these same functions.
 */
export interface SubPartnerReportDeps {
  readonly partners: Pick<PartnerRepository, 'get' | 'getByCode' | 'listChildren'>;
  readonly fees: Pick<FeeSettingsStore, 'get'>;
  readonly subtree: SubtreeActivityReader;
  readonly clock: { now(): Date };
}

export interface Caller {
  readonly id: string;
  readonly type: PartnerType;
}

export type PeriodQuery = { readonly period: Period } | { readonly from: string; readonly to: string };

/** A rate in ppm as the wire shows it: a percent decimal string ("1.2"), exact. */
export function ratePercent(ppm: bigint): string {
  const hundredth = PPM / 100n;
  const whole = ppm / hundredth;
  const fraction = (ppm % hundredth).toString().padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

const usdSum = (amounts: AssetAmounts) =>
  [...amounts].reduce((sum, [asset, v]) => sum + usdValue(v, asset), 0n);

function totalsView(t: ChildTotals) {
  return {
    deposits: { count: t.depositCount, amounts: amountViews(t.deposits) },
    withdrawals: { count: t.withdrawalCount, amounts: amountViews(t.withdrawals) },
    revenue: amountViews(t.revenue),
  };
}

function resolvePeriod(deps: Pick<SubPartnerReportDeps, 'clock'>, q: PeriodQuery) {
  return 'period' in q ? periodRange(q.period, deps.clock.now()) : dayRange(q.from, q.to);
}

/**
 * GET /v1/sub-partners/{code}/summary: the deposits and withdrawals of `code`'s whole subtree in the
 * period, and what the caller earned from it. One read (its parent's counters for it).
 */
export async function subPartnerSummary(
  deps: SubPartnerReportDeps,
  caller: Caller,
  code: string,
  period: Period,
) {
  const target = await subPartnerOf(deps, caller, code);
  const range = periodRange(period, deps.clock.now());
  const rows = await deps.subtree.child(target.parentId as string, target.id, range.days);
  const totals = sumByChild(rows, range.days, caller.id).get(target.id) ?? emptyTotals();
  return { summary: { period, from: range.from, to: range.to, ...totalsView(totals) } };
}

/**
 * GET /v1/sub-partners/activity: one row per direct child, each covering that child's whole subtree,
 * sorted (amounts of several assets compare by their USD sum, the stablecoins 1:1). One Query of the
 * caller's counters for the period and one of its children.
 */
export async function subPartnerActivity(
  deps: SubPartnerReportDeps,
  caller: Caller,
  query: { readonly period: Period; readonly sort: ActivitySort; readonly order: 'asc' | 'desc' },
) {
  assertManagesSubPartners(caller);
  const range = periodRange(query.period, deps.clock.now());
  const [rows, children] = await Promise.all([
    deps.subtree.children(caller.id, range.days),
    deps.partners.listChildren(caller.id),
  ]);
  const totals = sumByChild(rows, range.days, caller.id);
  const items = sortActivity(
    children.map((c) => ({ code: c.code, partner: c, totals: totals.get(c.id) ?? emptyTotals() })),
    query.sort,
    query.order,
    usdSum,
  ).map(({ partner, totals: t }) => ({
    code: partner.code,
    name: partner.name,
    type: partner.type as 'MERCHANT' | 'DISTRIBUTOR',
    status: partner.status,
    ...totalsView(t),
  }));
  return { period: query.period, from: range.from, to: range.to, items };
}

/**
 * GET /v1/revenue: what the caller earned in the period, per asset and per direct sub-partner (the
 * subtree it came from). A partner earns only from deposits below it, so the totals are the sum of the
 * rows — and what its revenue account (`revenue:distributor:{pid}`, the platform's `revenue:platform`)
 * was credited for deposits of those days.
 */
export async function callerRevenue(deps: SubPartnerReportDeps, caller: Caller, q: PeriodQuery) {
  assertManagesSubPartners(caller);
  const range = resolvePeriod(deps, q);
  const [rows, children] = await Promise.all([
    deps.subtree.children(caller.id, range.days),
    deps.partners.listChildren(caller.id),
  ]);
  const byChild = sumByChild(rows, range.days, caller.id);
  const totals = new Map<string, bigint>();
  const names = new Map(children.map((c) => [c.id, c]));
  const bySubPartner: { code: string; name: string; amounts: AmountView[] }[] = [];
  for (const [childId, t] of byChild) {
    if (![...t.revenue.values()].some((v) => v !== 0n)) continue;
    for (const [asset, v] of t.revenue) totals.set(asset, (totals.get(asset) ?? 0n) + v);
    // A child deleted since (it had no transactions, so this cannot happen today) still counts in the totals.
    const child = names.get(childId) ?? (await deps.partners.get(childId));
    bySubPartner.push({
      code: child?.code ?? childId,
      name: child?.name ?? '',
      amounts: amountViews(t.revenue),
    });
  }
  bySubPartner.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { from: range.from, to: range.to, totals: amountViews(totals), bySubPartner };
}

/**
 * GET /v1/fees (every partner type): the caller's own rates with its computed floor (minFeeRate) and,
 * for a distributor, its cap; and what it earned this month, per asset.
 */
export async function ownFees(deps: SubPartnerReportDeps, caller: Caller) {
  const self = await deps.partners.get(caller.id);
  if (!self) throw new GatewayError('NOT_FOUND', 'Partner not found');
  const ancestors = (await ancestorsOf(deps, self)).reverse();
  const chain: FeeChainLink[] = [];
  for (const p of ancestors) {
    const s = await deps.fees.get(p.id);
    chain.push(
      p.type === 'PLATFORM'
        ? { partnerId: p.id, type: 'PLATFORM', rate: s.minFeeRate ?? 0n }
        : { partnerId: p.id, type: 'DISTRIBUTOR', rate: s.parentFeeRate ?? 0n },
    );
  }
  const own = await deps.fees.get(self.id);
  const month = periodRange('month', deps.clock.now());
  const earned = await deps.subtree.earned(self.id, month.days);
  const revenue = new Map<string, bigint>();
  for (const day of earned.values())
    for (const [asset, v] of day) revenue.set(asset, (revenue.get(asset) ?? 0n) + v);
  return {
    type: self.type,
    depth: self.depth,
    canRegister: registrableTypes(self),
    fees: feesView(self, own, chain),
    revenueThisMonth: amountViews(revenue),
  };
}

function feesView(
  self: Partner,
  own: Awaited<ReturnType<FeeSettingsStore['get']>>,
  ancestors: readonly FeeChainLink[],
) {
  if (self.type === 'PLATFORM') return { minFeeRate: ratePercent(own.minFeeRate ?? 0n) };
  if (self.type === 'DISTRIBUTOR') {
    const parentFeeRate = own.parentFeeRate ?? 0n;
    return {
      parentFeeRate: ratePercent(parentFeeRate),
      ...(own.maxFeeCap !== undefined ? { maxFeeCap: ratePercent(own.maxFeeCap) } : {}),
      minFeeRate: ratePercent(minFeeRate(ancestors) + parentFeeRate),
    };
  }
  const terms = depositFeeTerms(
    {
      type: 'MERCHANT',
      partnerId: self.id,
      ...(own.depositFeeRate !== undefined ? { depositFeeRate: own.depositFeeRate } : {}),
    },
    ancestors,
  );
  return {
    depositFeeRate: ratePercent(terms.depositFeeRate),
    minFeeRate: ratePercent(minFeeRate(ancestors)),
  };
}

/** The sub-partner a drill-down reads (deposits, withdrawals, flows): read-only, in the caller's subtree. */
export async function drillDownTarget(
  deps: Pick<SubPartnerReportDeps, 'partners'>,
  caller: Caller,
  code: string,
): Promise<Partner> {
  return subPartnerOf(deps, caller, code);
}
