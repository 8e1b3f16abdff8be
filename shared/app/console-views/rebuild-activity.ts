import { depositActivity, withdrawalActivity } from '../../domain/activity/daily-activity';
import type { ActivityDelta } from '../../domain/activity/daily-activity';
import type { ActivityCounters, DayActivity, SubPartnerCounts } from '../../ports/activity';
import type { PartnerRepository } from '../../ports/partner-store';
import type { DepositRepository } from '../../ports/deposits';
import type { WithdrawalRepository } from '../../ports/withdrawals';
import { every } from '../every-page';

const DAY_MS = 24 * 60 * 60_000;
/** Held and not yet final (the dashboard's "in progress"; REQUESTED is the instant before the hold). */
const IN_PROGRESS = ['PENDING_APPROVAL', 'APPROVED', 'PROCESSING', 'BROADCASTING'] as const;
const PAGE = 100;

/**
 * Recomputes a partner's dashboard counters (ADR 0027) from its deposits and withdrawals since `from`
 * (YYYY-MM-DD, UTC) up to today, and its approval queue, and overwrites them — for data recorded before
 * the counters existed, or after a repair. Every day in the range is written (zeros included), so a
 * stale counter is reset. Run it when the partner is quiet: a deposit recorded while it runs may be
 * counted by its own write and then overwritten (run it again to settle).
 */
export async function rebuildActivity(
  deps: {
    readonly deposits: Pick<DepositRepository, 'list'>;
    readonly withdrawals: Pick<WithdrawalRepository, 'list'>;
    readonly activity: ActivityCounters;
    readonly clock: { now(): Date };
    /** With the partners, the sub-partner counts are recounted too (ADR 0032). */
    readonly partners?: Pick<PartnerRepository, 'listChildren'>;
  },
  partnerId: string,
  from: string,
): Promise<{
  days: number;
  deposits: number;
  withdrawals: number;
  pendingApprovals: number;
  withdrawalsInProgress: number;
  subPartners?: SubPartnerCounts;
}> {
  const start = Date.parse(`${from}T00:00:00.000Z`);
  if (Number.isNaN(start)) throw new RangeError(`from must be YYYY-MM-DD, got ${from}`);
  const today = Math.floor(deps.clock.now().getTime() / DAY_MS) * DAY_MS;
  const rows = new Map<string, { -readonly [K in keyof DayActivity]: DayActivity[K] }>();
  for (let t = start; t <= today; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    rows.set(day, { day, depositCount: 0, depositUsd: 0n, withdrawalCount: 0, withdrawalUsd: 0n });
  }
  const since = new Date(start).toISOString();
  const add = (delta: ActivityDelta | undefined) => {
    const row = delta && rows.get(delta.day);
    if (!delta || !row) return false;
    row.depositCount += delta.depositCount;
    row.depositUsd += delta.depositUsd;
    row.withdrawalCount += delta.withdrawalCount;
    row.withdrawalUsd += delta.withdrawalUsd;
    return true;
  };
  let deposits = 0;
  for await (const d of every((cursor) =>
    deps.deposits.list(partnerId, { limit: PAGE, from: since, ...cursor }),
  ))
    if (add(depositActivity(undefined, d))) deposits += 1;
  let withdrawals = 0;
  for await (const w of every((cursor) =>
    deps.withdrawals.list(partnerId, { limit: PAGE, from: since, ...cursor }),
  ))
    if (add(withdrawalActivity(undefined, w))) withdrawals += 1;
  let pendingApprovals = 0;
  let withdrawalsInProgress = 0;
  // Whatever their day: every withdrawal held and not yet CONFIRMED, by status (the status index).
  for (const status of IN_PROGRESS)
    for await (const _ of every((cursor) =>
      deps.withdrawals.list(partnerId, { limit: PAGE, status, ...cursor }),
    )) {
      withdrawalsInProgress += 1;
      if (status === 'PENDING_APPROVAL') pendingApprovals += 1;
    }
  await deps.activity.replace(partnerId, [...rows.values()], pendingApprovals, withdrawalsInProgress);
  let subPartners: SubPartnerCounts | undefined;
  if (deps.partners && deps.activity.replaceSubPartnerCounts) {
    const children = await deps.partners.listChildren(partnerId);
    const count = (p: (c: (typeof children)[number]) => boolean) => children.filter(p).length;
    subPartners = {
      total: children.length,
      active: count((c) => c.status === 'ACTIVE'),
      suspended: count((c) => c.status === 'SUSPENDED'),
      merchants: count((c) => c.type === 'MERCHANT'),
      distributors: count((c) => c.type === 'DISTRIBUTOR'),
    };
    await deps.activity.replaceSubPartnerCounts(partnerId, subPartners);
  }
  return {
    days: rows.size,
    deposits,
    withdrawals,
    pendingApprovals,
    withdrawalsInProgress,
    ...(subPartners ? { subPartners } : {}),
  };
}
