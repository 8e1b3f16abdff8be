import fc from 'fast-check';
import {
  depositSubtreeDeltas,
  revenueSubtreeDeltas,
  withdrawalSubtreeDeltas,
} from '../../../shared/domain/activity/subtree-activity';
import {
  dayRange,
  periodRange,
  sortActivity,
  sumByChild,
  emptyTotals,
} from '../../../shared/domain/activity/subtree-reports';
import type { ChildDay } from '../../../shared/domain/activity/subtree-reports';
import { splitDepositFee } from '../../../shared/domain/deposit/fees';
import type { FeeChainLink } from '../../../shared/domain/deposit/fees';
import { WITHDRAWAL_STATUSES } from '../../../shared/domain/withdrawal/withdrawal';

// M (merchant) under D2 under D1 under the platform P: ancestry is parent first.
const ANCESTRY = ['D2', 'D1', 'P'];
const dep = (status: string) => ({
  partnerId: 'M',
  status,
  amount: 1_000_000_000n,
  asset: 'USDT@POLYGON',
  detectedAt: '2026-12-07T23:59:59.999Z',
  ancestry: ANCESTRY,
});

describe('sub-partner counters (ADR 0032)', () => {
  describe('periods (UTC)', () => {
    it('today is since 00:00, the week since Monday, the month since the 1st', () => {
      const now = new Date('2026-12-09T10:00:00.000Z'); // a Wednesday
      expect(periodRange('today', now)).toEqual({
        from: '2026-12-09T00:00:00.000Z',
        to: '2026-12-09T10:00:00.000Z',
        days: ['2026-12-09'],
      });
      expect(periodRange('week', now).days).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);
      expect(periodRange('month', now).days).toHaveLength(9);
      expect(periodRange('month', now).from).toBe('2026-12-01T00:00:00.000Z');
    });

    it('a Monday and a Sunday start and end their week; the 1st is a month of one day', () => {
      expect(periodRange('week', new Date('2026-12-07T00:00:00.000Z')).days).toEqual(['2026-12-07']);
      expect(periodRange('week', new Date('2026-12-13T23:59:59.999Z')).days).toHaveLength(7);
      expect(periodRange('month', new Date('2027-03-01T05:00:00.000Z')).days).toEqual(['2027-03-01']);
    });

    it('a custom range lists its days, both ends included, and refuses what is not a range', () => {
      expect(dayRange('2026-02-27', '2026-03-01').days).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
      expect(dayRange('2026-02-27', '2026-03-01').to).toBe('2026-03-01T23:59:59.999Z');
      expect(() => dayRange('2026-02-30', '2026-03-01')).toThrow('from must be a date');
      expect(() => dayRange('2026-03-02', '2026-03-01')).toThrow('to must not be before from');
      expect(() => dayRange('2025-01-01', '2026-03-01')).toThrow('At most 366 days');
    });
  });

  describe('what a record moves', () => {
    it('a deposit counts for every ancestor, under its child on the path, on its UTC detection day', () => {
      const deltas = depositSubtreeDeltas(undefined, dep('DETECTED'));
      expect(deltas.map((d) => [d.ancestorId, d.childId, d.day, d.depositCount, d.depositAmount])).toEqual([
        ['D2', 'M', '2026-12-07', 1, 1_000_000_000n],
        ['D1', 'D2', '2026-12-07', 1, 1_000_000_000n],
        ['P', 'D1', '2026-12-07', 1, 1_000_000_000n],
      ]);
    });

    it('a recorded FAILED deposit counts nowhere; failing later takes it back once; a record without ancestry counts nowhere', () => {
      expect(depositSubtreeDeltas(undefined, dep('FAILED'))).toEqual([]);
      expect(
        depositSubtreeDeltas({ status: 'CONFIRMING' }, dep('FAILED')).map((d) => d.depositCount),
      ).toEqual([-1, -1, -1]);
      expect(depositSubtreeDeltas({ status: 'FAILED' }, dep('FAILED'))).toEqual([]);
      expect(depositSubtreeDeltas(undefined, { ...dep('DETECTED'), ancestry: undefined })).toEqual([]);
    });

    it('any path of withdrawal statuses sums to what its final status counts', () => {
      const statuses = fc.constantFrom(...WITHDRAWAL_STATUSES);
      fc.assert(
        fc.property(fc.array(statuses, { minLength: 1, maxLength: 8 }), (path) => {
          const w = (status: string) => ({
            partnerId: 'M',
            status,
            amount: 5n,
            asset: 'USDT@BSC',
            createdAt: '2026-12-07T01:00:00.000Z',
            ancestry: ANCESTRY,
          });
          let count = 0;
          let before: string | undefined;
          for (const s of path) {
            for (const d of withdrawalSubtreeDeltas(
              before === undefined ? undefined : { status: before },
              w(s),
            ))
              if (d.ancestorId === 'P') count += d.withdrawalCount;
            before = s;
          }
          const final = path.at(-1) as string;
          const counts = ['REQUESTED', 'REJECTED', 'CANCELLED', 'FAILED'].includes(final) ? 0 : 1;
          expect(count).toBe(counts);
        }),
      );
    });

    it('a credit’s revenue: each ancestor’s counter carries the shares of the partners at or above it, and they sum to the fee', () => {
      const chain: FeeChainLink[] = [
        { partnerId: 'P', type: 'PLATFORM', rate: 5_000n },
        { partnerId: 'D1', type: 'DISTRIBUTOR', rate: 3_000n },
        { partnerId: 'D2', type: 'DISTRIBUTOR', rate: 1_000n },
      ];
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: 10n ** 24n }),
          fc.bigInt({ min: 9_000n, max: 50_000n }),
          (amount, rate) => {
            const split = splitDepositFee(amount, rate, chain);
            const { status: _s, amount: _a, ...deposit } = dep('CONFIRMED');
            const deltas = revenueSubtreeDeltas({ ...deposit, feeShares: split.shares });
            const at = (ancestor: string) =>
              deltas.find((d) => d.ancestorId === ancestor)?.revenue ?? new Map<string, bigint>();
            // The merchant's parent's counter has every share (every receiver is at or above it): the fee.
            expect([...at('D2').values()].reduce((a, b) => a + b, 0n)).toBe(split.fee);
            expect(at('D2').get('P')).toBe(at('P').get('P'));
            expect(at('D1').has('D2')).toBe(false); // D2 is below D1: not D1's business
            expect([...at('P').keys()].every((k) => k === 'P')).toBe(true);
            for (const s of split.shares) expect(at(s.partnerId).get(s.partnerId)).toBe(s.amount);
          },
        ),
      );
    });
  });

  describe('reading back', () => {
    const row = (childId: string, day: string, revenue: bigint, deposits = 0n): ChildDay => ({
      childId,
      day,
      depositCount: deposits > 0n ? 1 : 0,
      deposits: new Map(deposits > 0n ? [['USDT@BSC', deposits]] : []),
      withdrawalCount: 0,
      withdrawals: new Map(),
      revenue: new Map([
        ['D1', new Map([['USDT@BSC', revenue]])],
        ['P', new Map([['USDT@BSC', 1n]])],
      ]),
    });

    it('sums the period’s days per child with the viewer’s own revenue, ignoring days outside it', () => {
      const totals = sumByChild(
        [row('A', '2026-12-01', 4n, 10n), row('A', '2026-12-02', 6n, 5n), row('A', '2026-11-30', 100n)],
        ['2026-12-01', '2026-12-02'],
        'D1',
      );
      expect(totals.get('A')?.revenue).toEqual(new Map([['USDT@BSC', 10n]]));
      expect(totals.get('A')?.deposits).toEqual(new Map([['USDT@BSC', 15n]]));
      expect(totals.get('A')?.depositCount).toBe(2);
    });

    it('sorts by the chosen figure, either way, ties by code', () => {
      const t = (revenue: bigint, depositCount: number) => ({
        ...emptyTotals(),
        depositCount,
        revenue: new Map([['USDT@BSC', revenue]]),
      });
      const rows = [
        { code: 'B', totals: t(5n, 1) },
        { code: 'A', totals: t(5n, 3) },
        { code: 'C', totals: t(9n, 2) },
      ];
      expect(sortActivity(rows, 'revenue', 'desc').map((r) => r.code)).toEqual(['C', 'A', 'B']);
      expect(sortActivity(rows, 'revenue', 'asc').map((r) => r.code)).toEqual(['A', 'B', 'C']);
      expect(sortActivity(rows, 'depositCount', 'desc').map((r) => r.code)).toEqual(['A', 'C', 'B']);
    });
  });
});
