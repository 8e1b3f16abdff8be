import {
  depositSubtreeDeltas,
  revenueSubtreeDeltas,
  withdrawalSubtreeDeltas,
} from '../../domain/activity/subtree-activity';
import type { SubtreeDelta } from '../../domain/activity/subtree-activity';
import type { ChildDay } from '../../domain/activity/subtree-reports';
import type { Partner } from '../../domain/partner/partner';
import type { SubPartnerCounts } from '../../ports/activity';
import type { DepositRepository } from '../../ports/deposits';
import type { PartnerRepository } from '../../ports/partner-store';
import type { WithdrawalRepository } from '../../ports/withdrawals';
import { every } from '../every-page';

const PAGE = 100;
/** Credited: the revenue was posted (the credit and CONFIRMED are one transaction). */
const CREDITED: ReadonlySet<string> = new Set(['CONFIRMED', 'COLLECTING', 'COLLECTED', 'SETTLED']);

export interface SubtreeActivityWriter {
  /** Overwrites one (ancestor, day, child) counter. */
  put(ancestorId: string, row: ChildDay): Promise<void>;
  /** Overwrites what a partner earned on a day, per asset (its dashboard day item keeps its other figures). */
  putEarned(partnerId: string, day: string, earned: ReadonlyMap<string, bigint>): Promise<void>;
  replaceSubPartnerCounts(partnerId: string, counts: SubPartnerCounts): Promise<void>;
}

/**
 * Recomputes every sub-partner counter of ADR 0032 from the records, for the days from `from` (UTC
 * YYYY-MM-DD) on, under `root` (the platform): for deposits and withdrawals recorded before the counters
 * existed (they carry no ancestry: it is taken from the tree, which never changes shape), or after a
 * repair. Every counter the records give is overwritten (a day with no records keeps what it has), and
 * the sub-partner counts of every partner. Run it when the network is quiet, like `dashboard rebuild`:
 * a record written while it runs may be counted by its own write and then overwritten (run it again).
 */
export async function rebuildSubtreeActivity(
  deps: {
    readonly partners: Pick<PartnerRepository, 'listChildren'>;
    readonly deposits: Pick<DepositRepository, 'list'>;
    readonly withdrawals: Pick<WithdrawalRepository, 'list'>;
    readonly writer: SubtreeActivityWriter;
  },
  root: Partner,
  from: string,
): Promise<{ partners: number; deposits: number; withdrawals: number; counters: number }> {
  const since = `${from}T00:00:00.000Z`;
  const rows = new Map<string, { ancestorId: string; row: ChildDay }>();
  const earned = new Map<string, Map<string, bigint>>(); // `${partner}|${day}` → asset → amount
  const add = (deltas: readonly SubtreeDelta[]) => {
    for (const d of deltas) {
      const key = `${d.ancestorId}|${d.day}|${d.childId}`;
      const row = rows.get(key)?.row ?? {
        childId: d.childId,
        day: d.day,
        depositCount: 0,
        deposits: new Map<string, bigint>(),
        withdrawalCount: 0,
        withdrawals: new Map<string, bigint>(),
        revenue: new Map<string, Map<string, bigint>>(),
      };
      const plus = (m: ReadonlyMap<string, bigint>, v: bigint) =>
        v !== 0n && (m as Map<string, bigint>).set(d.asset, (m.get(d.asset) ?? 0n) + v);
      rows.set(key, {
        ancestorId: d.ancestorId,
        row: {
          ...row,
          depositCount: row.depositCount + d.depositCount,
          withdrawalCount: row.withdrawalCount + d.withdrawalCount,
        },
      });
      plus(row.deposits, d.depositAmount);
      plus(row.withdrawals, d.withdrawalAmount);
      for (const [receiver, amount] of d.revenue) {
        const m = (row.revenue.get(receiver) ?? new Map<string, bigint>()) as Map<string, bigint>;
        m.set(d.asset, (m.get(d.asset) ?? 0n) + amount);
        (row.revenue as Map<string, ReadonlyMap<string, bigint>>).set(receiver, m);
      }
    }
  };
  let partners = 0;
  let deposits = 0;
  let withdrawals = 0;
  // Depth first from the root, each partner with its ancestry (parent first).
  const visit = async (partner: Partner, ancestry: readonly string[]): Promise<void> => {
    partners += 1;
    const children = await deps.partners.listChildren(partner.id);
    for await (const d of every((c) => deps.deposits.list(partner.id, { limit: PAGE, from: since, ...c }))) {
      const record = { ...d, ancestry };
      add(depositSubtreeDeltas(undefined, record));
      if (CREDITED.has(d.status)) {
        add(revenueSubtreeDeltas(record));
        for (const s of d.feeShares) {
          if (s.amount === 0n) continue;
          const key = `${s.partnerId}|${d.detectedAt.slice(0, 10)}`;
          const m = earned.get(key) ?? new Map<string, bigint>();
          m.set(d.asset, (m.get(d.asset) ?? 0n) + s.amount);
          earned.set(key, m);
        }
      }
      deposits += 1;
    }
    for await (const w of every((c) =>
      deps.withdrawals.list(partner.id, { limit: PAGE, from: since, ...c }),
    )) {
      add(withdrawalSubtreeDeltas(undefined, { ...w, ancestry }));
      withdrawals += 1;
    }
    if (partner.type !== 'MERCHANT') {
      const count = (p: (c: Partner) => boolean) => children.filter(p).length;
      await deps.writer.replaceSubPartnerCounts(partner.id, {
        total: children.length,
        active: count((c) => c.status === 'ACTIVE'),
        suspended: count((c) => c.status === 'SUSPENDED'),
        merchants: count((c) => c.type === 'MERCHANT'),
        distributors: count((c) => c.type === 'DISTRIBUTOR'),
      });
    }
    for (const child of children) await visit(child, [partner.id, ...ancestry]);
  };
  await visit(root, []);
  for (const { ancestorId, row } of rows.values()) await deps.writer.put(ancestorId, row);
  for (const [key, m] of earned) {
    const [partnerId, day] = key.split('|') as [string, string];
    await deps.writer.putEarned(partnerId, day, m);
  }
  return { partners, deposits, withdrawals, counters: rows.size + earned.size };
}
