import fc from 'fast-check';
import {
  belowMinimum,
  compareDecimals,
  formatDecimal,
  formatToken,
  formatTokenExact,
  formatUsd,
  fromUnits,
  sumDecimals,
  toUnits,
} from '../../../console/src/lib/money';

describe('console money formatting', () => {
  describe('display', () => {
    it('groups thousands and keeps every significant decimal up to the token precision', () => {
      // Lists: up to 6 decimals, trailing zeros trimmed; more precision is cut and marked.
      expect(formatToken('1234567.891234567890123456', 18)).toBe('≈1,234,567.891234');
      expect(formatTokenExact('1234567.891234567890123456', 18)).toBe('1,234,567.891234567890123456');
      expect(formatToken('1234567.5', 6)).toBe('1,234,567.5');
      expect(formatToken('1000.000000000000000000', 18)).toBe('1,000');
      expect(formatToken('0.000001', 6)).toBe('0.000001');
      expect(formatToken('25', 18)).toBe('25');
    });

    it('cuts USD totals to cents, never rounding a balance up', () => {
      expect(formatUsd('24.999999999999999999')).toBe('$24.99');
      expect(formatUsd('1000000')).toBe('$1,000,000.00');
    });

    it('shows a dash for unknown amounts and leaves non-decimals untouched', () => {
      expect(formatDecimal(null)).toBe('—');
      expect(formatDecimal('MAX')).toBe('MAX');
    });
  });

  describe('exact arithmetic on decimal strings', () => {
    it('sums 18-decimal amounts without floating-point error', () => {
      expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
      expect(sumDecimals(['24.7', '0.000000000000000001'])).toBe('24.700000000000000001');
    });

    it('refuses more decimals than the token has', () => {
      expect(toUnits('1.0000001', 6)).toBeUndefined();
      expect(toUnits('1.000001', 6)).toBe(1_000_001n);
    });

    it('round-trips any amount through minor units', () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
          fc.integer({ min: 0, max: 18 }),
          (units, decimals) => {
            expect(toUnits(fromUnits(units, decimals), decimals)).toBe(units);
          },
        ),
      );
    });

    it('orders amounts by value, not by text', () => {
      expect(compareDecimals('9.5', '10')).toBe(-1);
      expect(compareDecimals('10.000', '10')).toBe(0);
    });
  });
});

describe('minimum withdrawal check in the request form', () => {
  it('flags an amount below the minimum, at the token precision, and nothing else', () => {
    expect(belowMinimum('0.000000000000000001', '1', 18)).toBe(true);
    expect(belowMinimum('0.99', '1', 6)).toBe(true);
    expect(belowMinimum('1', '1', 6)).toBe(false);
    expect(belowMinimum('1.000001', '1', 6)).toBe(false);
    expect(belowMinimum('0.5', undefined, 6)).toBe(false);
    expect(belowMinimum('abc', '1', 6)).toBe(false);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (a, m) => {
          expect(belowMinimum(fromUnits(a, 6), fromUnits(m, 6), 6)).toBe(a < m);
        },
      ),
    );
  });
});
