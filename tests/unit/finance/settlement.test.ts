import fc from 'fast-check';
import {
  classifyLine,
  monthRange,
  previousMonth,
  settleAsset,
  SETTLEMENT_CATEGORIES,
} from '../../../shared/domain/finance/settlement';
import { isGatewayError } from '../../../shared/domain/errors';

describe('settlement statement arithmetic', () => {
  describe('classification', () => {
    it('puts invoice settlements under gas invoices whatever their reason, and unknown kinds under other', () => {
      expect(classifyLine({ entryId: 'invoice:GAS-000042', reason: 'GAS', delta: -5n })).toBe('gasInvoices');
      expect(classifyLine({ entryId: 'invoice:GAS-000042', reason: 'TRANSFER', delta: -5n })).toBe(
        'gasInvoices',
      );
      expect(classifyLine({ entryId: 'deposit:BSC:0xab:1', reason: 'DEPOSIT', delta: 5n })).toBe('deposits');
      expect(classifyLine({ entryId: 'withdrawal:W1:post', reason: 'WITHDRAWAL_FEE', delta: -1n })).toBe(
        'fees',
      );
      expect(classifyLine({ entryId: 'withdrawal:W1:post', reason: 'WITHDRAWAL', delta: -9n })).toBe(
        'withdrawals',
      );
      expect(classifyLine({ entryId: 'reversal:x', reason: 'REVERSAL', delta: 9n })).toBe('reversals');
      expect(classifyLine({ entryId: 'transfer:t1', reason: 'TRANSFER', delta: 3n })).toBe('other');
      expect(classifyLine({ entryId: 'x:y', reason: 'SOMETHING_NEW', delta: 3n })).toBe('other');
    });
  });

  describe('opening, closing and the ledger check', () => {
    it('opening is the history before the month, closing adds every line, the ledger closing removes later lines', () => {
      const s = settleAsset('USDT@TRON', {
        before: 1_000n,
        lines: [
          { entryId: 'deposit:a', reason: 'DEPOSIT', delta: 500n },
          { entryId: 'withdrawal:W:post', reason: 'WITHDRAWAL', delta: -200n },
          { entryId: 'withdrawal:W:post', reason: 'WITHDRAWAL_FEE', delta: -2n },
          { entryId: 'invoice:GAS-000001', reason: 'GAS', delta: -7n },
          { entryId: 'adjustment:1', reason: 'ADJUSTMENT', delta: 1n },
        ],
        after: 40n,
        postedNow: 1_332n,
      });
      expect(s.opening).toBe(1_000n);
      expect(s.movements).toEqual({
        deposits: 500n,
        fees: -2n,
        withdrawals: -200n,
        reversals: 0n,
        gasInvoices: -7n,
        other: 1n,
      });
      expect(s.closing).toBe(1_292n);
      expect(s.ledgerClosing).toBe(1_292n);
      expect(s.difference).toBe(0n);
      expect(s.reconciled).toBe(true);
      expect(s.lineCount).toBe(5);
    });

    it('a balance that disagrees with its history is not reconciled and the difference is exact', () => {
      const s = settleAsset('USDT@BSC', {
        before: 10n,
        lines: [{ entryId: 'deposit:a', reason: 'DEPOSIT', delta: 5n }],
        after: 0n,
        postedNow: 16n,
      });
      expect(s.reconciled).toBe(false);
      expect(s.difference).toBe(1n);
    });

    it('for any history, opening + Σ movements = closing, and it reconciles exactly when the balance equals the history', () => {
      const line = fc.record({
        entryId: fc.constantFrom('deposit:x', 'invoice:GAS-000001', 'withdrawal:W:post', 'transfer:t'),
        reason: fc.constantFrom('DEPOSIT', 'WITHDRAWAL', 'WITHDRAWAL_FEE', 'REVERSAL', 'TRANSFER', 'GAS'),
        delta: fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
      });
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: 10n ** 30n }),
          fc.array(line, { maxLength: 30 }),
          fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
          fc.bigInt({ min: -5n, max: 5n }),
          (before, lines, after, tamper) => {
            const sum = lines.reduce((s, l) => s + l.delta, 0n);
            const s = settleAsset('USDT@BSC', {
              before,
              lines,
              after,
              postedNow: before + sum + after + tamper,
            });
            const moved = SETTLEMENT_CATEGORIES.reduce((t, c) => t + s.movements[c], 0n);
            expect(s.opening + moved).toBe(s.closing);
            expect(s.difference).toBe(tamper);
            expect(s.reconciled).toBe(tamper === 0n);
          },
        ),
      );
    });
  });

  describe('months', () => {
    it('a month runs from its first instant to the next month’s, across a year end', () => {
      expect(monthRange('2026-12')).toEqual({
        month: '2026-12',
        start: '2026-12-01T00:00:00.000Z',
        end: '2027-01-01T00:00:00.000Z',
      });
      expect(previousMonth(new Date('2027-01-01T03:00:00Z'))).toBe('2026-12');
    });

    it('refuses a month that is not YYYY-MM with the field path', () => {
      for (const bad of ['2026-13', '2026-1', '26-01', '2026-01-01', '']) {
        let error: unknown;
        try {
          monthRange(bad, 'month');
        } catch (e) {
          error = e;
        }
        expect(isGatewayError(error, 'VALIDATION_FAILED')).toBe(true);
      }
    });
  });
});
