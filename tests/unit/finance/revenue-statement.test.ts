import { revenueStatement, revenueStatementCsv } from '../../../shared/app/finance/revenue-statement';
import type { RevenueStatementDeps } from '../../../shared/app/finance/revenue-statement';
import { parseCsv } from '../../../shared/domain/csv';
import type { ChildDay } from '../../../shared/domain/activity/subtree-reports';
import type { Partner } from '../../../shared/domain/partner/partner';
import type { SettlementLine } from '../../../shared/domain/finance/settlement';

const ASSET = 'USDT@TRON';
const partner = (id: string, code: string): Partner => ({
  id,
  code,
  name: `Name ${code}`,
  type: 'MERCHANT',
  status: 'ACTIVE',
  parentId: 'd1',
  depth: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const day = (childId: string, d: string, earned: bigint): ChildDay => ({
  childId,
  day: d,
  depositCount: 1,
  deposits: new Map([[ASSET, earned * 100n]]),
  withdrawalCount: 0,
  withdrawals: new Map(),
  revenue: new Map([['d1', new Map([[ASSET, earned]])]]),
});

/** The distributor d1 with merchants m1 and m2; counters and ledger lines given by each test. */
function deps(days: ChildDay[], lines: SettlementLine[]): RevenueStatementDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    partners: {
      get: async () => undefined,
      listChildren: async () => [partner('m1', 'SHOP_1'), partner('m2', 'SHOP_2')],
    },
    subtree: { children: async (_id, wanted) => days.filter((d) => wanted.includes(d.day)) },
    history: {
      linesBetween: async (account, start, end) => {
        asked.push(`${account} ${start} ${end}`);
        return account === `revenue:distributor:d1/${ASSET}` ? lines : [];
      },
    },
  };
}

describe('revenue statement', () => {
  it('sums the month’s days per sub-partner and checks the total against the revenue account’s REVENUE_SHARE lines', async () => {
    const d = deps(
      [
        day('m1', '2026-11-01', 4n),
        day('m1', '2026-11-30', 6n),
        day('m2', '2026-11-15', 5n),
        day('m2', '2026-12-01', 99n),
      ],
      [
        { entryId: 'deposit:a', reason: 'REVENUE_SHARE', delta: 10n },
        { entryId: 'deposit:b', reason: 'REVENUE_SHARE', delta: 5n },
        { entryId: 'transfer:x', reason: 'TRANSFER', delta: -3n },
      ],
    );
    const s = await revenueStatement(d, { id: 'd1', type: 'DISTRIBUTOR' }, '2026-11');
    expect(s.rows.map((r) => [r.code, r.asset, r.amount])).toEqual([
      ['SHOP_1', ASSET, 10n],
      ['SHOP_2', ASSET, 5n],
    ]);
    expect(s.checks.find((c) => c.asset === ASSET)).toEqual({
      asset: ASSET,
      statement: 15n,
      ledger: 15n,
      difference: 0n,
    });
    expect(s.reconciled).toBe(true);
    expect(d.asked).toContain(
      `revenue:distributor:d1/${ASSET} 2026-11-01T00:00:00.000Z 2026-12-01T00:00:00.000Z`,
    );
    const rows = parseCsv(revenueStatementCsv(s));
    expect(rows.at(-1)).toEqual(['2026-11', 'TOTAL', '', ASSET, '0.000015', '0.000015']);
  });

  it('is not reconciled when the revenue account received more than the counters say', async () => {
    const s = await revenueStatement(
      deps([day('m1', '2026-11-02', 4n)], [{ entryId: 'deposit:a', reason: 'REVENUE_SHARE', delta: 5n }]),
      { id: 'd1', type: 'DISTRIBUTOR' },
      '2026-11',
    );
    expect(s.reconciled).toBe(false);
    expect(s.checks.find((c) => c.asset === ASSET)?.difference).toBe(1n);
  });
});
