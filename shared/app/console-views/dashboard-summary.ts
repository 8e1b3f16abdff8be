import { USD_SCALE } from '../../domain/activity/daily-activity';
import { formatAmount } from '../../domain/ledger/amount';
import type { ActivityCounters } from '../../ports/activity';
import type { LedgerStore } from '../../ports/ledger';
import type { PartnerType } from '../../domain/partner/partner';
import { pollerHealthSummary } from '../chains/poller-health';
import { listPartnerBalances } from '../ledger/partner-balances';
import { addAmounts, amountViews, periodRange } from '../../domain/activity/subtree-reports';

const DAY_MS = 24 * 60 * 60_000;

export interface DashboardDeps {
  readonly ledger: LedgerStore;
  readonly clock: { now(): Date };
  /** The daily counters every deposit and withdrawal write keeps (ADR 0027). */
  readonly activity: ActivityCounters;
  /** The deposit pollers' health, shown to the platform partner's users only. */
  readonly platform?: {
    readonly pollers: Parameters<typeof pollerHealthSummary>[0];
  };
}

function startOfUtcDay(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/**
 * The console dashboard: today's deposits (amount + count, UTC day), today's withdrawals and the
 * approval queue, the available balance in USD with every asset (currency x network), and the last 7
 * days of deposits per day — from the daily counters (ADR 0027), not a read of the days' items.
 * Amounts are decimal strings. `partner.type` comes from the caller's authenticated session (the
 * session check reads the partner), so it costs no read here.
 */
export async function dashboardSummary(
  deps: DashboardDeps,
  partner: { readonly id: string; readonly type: PartnerType },
) {
  const partnerId = partner.id;
  const now = deps.clock.now().getTime();
  const today = startOfUtcDay(now);
  const days = Array.from({ length: 7 }, (_, i) =>
    new Date(today - (6 - i) * DAY_MS).toISOString().slice(0, 10),
  );
  // A distributor's or the platform's dashboard adds its sub-partners and its revenue today and this
  // month (ADR 0032): the month's days join the trend's in the same read.
  const managesSubPartners = partner.type === 'DISTRIBUTOR' || partner.type === 'PLATFORM';
  const monthDays = managesSubPartners ? periodRange('month', new Date(now)).days : [];
  const wanted = [...new Set([...monthDays, ...days])].sort();
  // Counters (one read), balances (one read) and — for the platform operator — poller health (one
  // read), side by side: the cost does not grow with the month's volume (ADR 0027, 0029).
  const [activity, balances, pollers] = await Promise.all([
    deps.activity.read(partnerId, wanted),
    listPartnerBalances(deps, partnerId),
    deps.platform && partner.type === 'PLATFORM' ? pollerHealthSummary(deps.platform.pollers) : undefined,
  ]);
  const byDay = new Map(activity.days.map((d) => [d.day, d]));
  const trend = days.map((d) => byDay.get(d) as (typeof activity.days)[number]);
  const todayRow = trend[6] as (typeof activity.days)[number];
  const earned = (list: readonly string[]) => {
    const sum = new Map<string, bigint>();
    for (const d of list) addAmounts(sum, byDay.get(d)?.earned ?? new Map());
    return amountViews(sum);
  };
  return {
    asOf: new Date(now).toISOString(),
    today: {
      date: todayRow.day,
      deposits: { amountUsd: formatAmount(todayRow.depositUsd, USD_SCALE), count: todayRow.depositCount },
      withdrawals: {
        amountUsd: formatAmount(todayRow.withdrawalUsd, USD_SCALE),
        count: todayRow.withdrawalCount,
      },
    },
    pendingWithdrawals: activity.pendingApprovals,
    withdrawalsInProgress: activity.withdrawalsInProgress,
    availableUsd: balances.availableUsd,
    totalUsd: balances.totalUsd,
    balances: balances.balances,
    depositTrend: {
      days: trend.map((d) => ({
        date: d.day,
        amountUsd: formatAmount(d.depositUsd, USD_SCALE),
        count: d.depositCount,
      })),
    },
    // Platform operator only: networks whose deposit poller keeps failing (the console shows a banner).
    ...(pollers ? { pollerHealth: pollers } : {}),
    ...(managesSubPartners
      ? {
          subPartners: activity.subPartners,
          revenue: { today: earned([todayRow.day]), month: earned(monthDays) },
        }
      : {}),
  };
}
