import { USD_SCALE } from '../../domain/activity/daily-activity';
import { formatAmount } from '../../domain/ledger/amount';
import type { ActivityCounters } from '../../ports/activity';
import type { LedgerStore } from '../../ports/ledger';
import type { PartnerType } from '../../domain/partner/partner';
import { pollerHealthSummary } from '../chains/poller-health';
import { listPartnerBalances } from '../ledger/partner-balances';

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
  // Counters (one read), balances (one read) and — for the platform operator — poller health (one
  // read), side by side: the cost does not grow with the month's volume (ADR 0027, 0029).
  const [activity, balances, pollers] = await Promise.all([
    deps.activity.read(partnerId, days),
    listPartnerBalances(deps, partnerId),
    deps.platform && partner.type === 'PLATFORM' ? pollerHealthSummary(deps.platform.pollers) : undefined,
  ]);
  const todayRow = activity.days[6] as (typeof activity.days)[number];
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
    availableUsd: balances.availableUsd,
    totalUsd: balances.totalUsd,
    balances: balances.balances,
    depositTrend: {
      days: activity.days.map((d) => ({
        date: d.day,
        amountUsd: formatAmount(d.depositUsd, USD_SCALE),
        count: d.depositCount,
      })),
    },
    // Platform operator only: networks whose deposit poller keeps failing (the console shows a banner).
    ...(pollers ? { pollerHealth: pollers } : {}),
  };
}
