import { formatAmount, rescale } from '../../domain/ledger/amount';
import { findAsset } from '../../domain/ledger/asset';
import type { DepositRepository, StoredDeposit } from '../../ports/deposits';
import type { LedgerStore } from '../../ports/ledger';
import type { PartnerRepository } from '../../ports/partner-store';
import { pollerHealthSummary } from '../chains/poller-health';
import { listPartnerBalances } from '../ledger/partner-balances';

/** USD amounts are summed at 18 decimals (the widest token) so no token's precision is lost. */
export const USD_SCALE = 18;
const DAY_MS = 24 * 60 * 60_000;
/** A dashboard reads at most this many deposits for the 7-day trend; beyond it the trend says so. */
export const TREND_DEPOSIT_CAP = 5_000;
const PAGE = 100;

/** Today's withdrawals and the approval queue, from the withdrawal store once it is wired. */
export interface WithdrawalActivity {
  readonly todayAmountUsd: string;
  readonly todayCount: number;
  readonly pendingApprovalCount: number;
}
export interface WithdrawalActivityReader {
  activity(partnerId: string, since: string): Promise<WithdrawalActivity>;
}

export interface DashboardDeps {
  readonly deposits: DepositRepository;
  readonly ledger: LedgerStore;
  readonly clock: { now(): Date };
  readonly withdrawals?: WithdrawalActivityReader;
  /** The deposit pollers' health, shown to the platform partner's users only. */
  readonly platform?: {
    readonly partners: PartnerRepository;
    readonly pollers: Parameters<typeof pollerHealthSummary>[0];
  };
}

/** Deposits that count as received: everything but FAILED (a reorged or below-minimum transfer). */
const counts = (d: StoredDeposit) => d.status !== 'FAILED';

function usdOf(d: StoredDeposit): bigint {
  const decimals = findAsset(d.asset)?.decimals ?? 0;
  // Stablecoins count 1:1 in USD until the FX source lands (as GET /v1/balances does).
  return rescale(d.amount, decimals, USD_SCALE);
}

function startOfUtcDay(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/**
 * The console dashboard: today's deposits (amount + count, UTC day), today's withdrawals and the
 * approval queue, the available balance in USD with every asset (currency x network), and the last 7
 * days of deposits per day. Amounts are decimal strings.
 */
export async function dashboardSummary(deps: DashboardDeps, partnerId: string) {
  const now = deps.clock.now().getTime();
  const today = startOfUtcDay(now);
  const firstDay = today - 6 * DAY_MS;
  const days = Array.from({ length: 7 }, (_, i) => ({ start: firstDay + i * DAY_MS, amount: 0n, count: 0 }));

  let cursor: string | undefined;
  let read = 0;
  let truncated = false;
  do {
    const page = await deps.deposits.list(partnerId, {
      limit: PAGE,
      from: new Date(firstDay).toISOString(),
      ...(cursor ? { cursor } : {}),
    });
    for (const d of page.items) {
      if (!counts(d)) continue;
      const t = Date.parse(d.detectedAt);
      const day = days[Math.floor((t - firstDay) / DAY_MS)];
      if (!day) continue;
      day.amount += usdOf(d);
      day.count += 1;
    }
    read += page.items.length;
    cursor = page.nextCursor;
    if (cursor && read >= TREND_DEPOSIT_CAP) {
      truncated = true;
      break;
    }
  } while (cursor);

  const [balances, withdrawals, pollers] = await Promise.all([
    listPartnerBalances(deps, partnerId),
    deps.withdrawals
      ? deps.withdrawals.activity(partnerId, new Date(today).toISOString())
      : Promise.resolve<WithdrawalActivity | null>(null),
    platformPollerHealth(deps, partnerId),
  ]);
  const todayRow = days[6] as (typeof days)[number];
  return {
    asOf: new Date(now).toISOString(),
    today: {
      date: new Date(today).toISOString().slice(0, 10),
      deposits: { amountUsd: formatAmount(todayRow.amount, USD_SCALE), count: todayRow.count },
      withdrawals: withdrawals
        ? { amountUsd: withdrawals.todayAmountUsd, count: withdrawals.todayCount }
        : { amountUsd: '0', count: 0 },
    },
    pendingWithdrawals: withdrawals?.pendingApprovalCount ?? 0,
    /** False until the withdrawal store is wired: the withdrawal figures are then zeros, not facts. */
    withdrawalsAvailable: withdrawals !== null,
    availableUsd: balances.availableUsd,
    totalUsd: balances.totalUsd,
    balances: balances.balances,
    depositTrend: {
      days: days.map((d) => ({
        date: new Date(d.start).toISOString().slice(0, 10),
        amountUsd: formatAmount(d.amount, USD_SCALE),
        count: d.count,
      })),
      truncated,
    },
    // Platform operator only: networks whose deposit poller keeps failing (the console shows a banner).
    ...(pollers ? { pollerHealth: pollers } : {}),
  };
}

async function platformPollerHealth(deps: DashboardDeps, partnerId: string) {
  if (!deps.platform) return undefined;
  const partner = await deps.platform.partners.get(partnerId);
  return partner?.type === 'PLATFORM' ? pollerHealthSummary(deps.platform.pollers) : undefined;
}
