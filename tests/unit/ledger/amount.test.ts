import fc from 'fast-check';
import { isGatewayError } from '../../../shared/domain/errors';
import { formatAmount, MAX_AMOUNT, parseAmount, rescale } from '../../../shared/domain/ledger/amount';

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (isGatewayError(e, 'VALIDATION_FAILED'))
      return (e.details['fields'] as { message: string }[])[0]?.message ?? '';
    throw e;
  }
  return 'accepted';
};

describe('amounts', () => {
  it('parses decimal strings exactly into minor units', () => {
    expect(parseAmount('1000.50', 6)).toBe(1_000_500_000n);
    expect(parseAmount('0.000000000000000001', 18)).toBe(1n);
    expect(parseAmount('1234567890.123456789012345678', 18)).toBe(1234567890123456789012345678n);
    expect(parseAmount('7', 0)).toBe(7n);
    expect(parseAmount('-2.5', 6, { allowNegative: true })).toBe(-2_500_000n);
    expect(parseAmount('0', 6, { allowZero: true })).toBe(0n);
  });

  it('rejects excess precision, exponents, signs, whitespace, empty and oversized input', () => {
    expect(message(() => parseAmount('1.0000001', 6))).toMatch(/At most 6 decimal places/);
    for (const bad of [
      '1e6',
      '1E-2',
      '+1',
      ' 1',
      '1 ',
      '',
      '.5',
      '5.',
      '007',
      '1,000',
      '0x10',
      'NaN',
      'Infinity',
      '１',
    ]) {
      expect(message(() => parseAmount(bad, 6))).not.toBe('accepted');
    }
    expect(message(() => parseAmount('-1', 6))).toBe('Must not be negative');
    expect(message(() => parseAmount('0.000', 6))).toBe('Must be greater than zero');
    expect(message(() => parseAmount('1'.padEnd(65, '0'), 6))).toBe('Amount is too long');
    expect(message(() => parseAmount((MAX_AMOUNT / 10n ** 6n + 1n).toString(), 6))).toBe(
      'Amount is too large',
    );
    expect(message(() => parseAmount(12 as unknown as string, 6))).toMatch(/decimal strings/);
  });

  it('names the field in the error', () => {
    try {
      parseAmount('x', 6, { field: 'postings.0.amount' });
    } catch (e) {
      expect(isGatewayError(e) && e.details['fields']).toEqual([
        { path: 'postings.0.amount', message: expect.any(String) },
      ]);
    }
  });

  it('formats without trailing zeros and round-trips every value (property)', () => {
    expect(formatAmount(1_000_500_000n, 6)).toBe('1000.5');
    expect(formatAmount(0n, 18)).toBe('0');
    expect(formatAmount(-1n, 6)).toBe('-0.000001');
    fc.assert(
      fc.property(
        fc.bigInt({ min: -MAX_AMOUNT, max: MAX_AMOUNT }),
        fc.integer({ min: 0, max: 18 }),
        (v, d) => {
          return parseAmount(formatAmount(v, d), d, { allowNegative: true, allowZero: true }) === v;
        },
      ),
    );
  });

  it('rescales between decimals only when exact', () => {
    expect(rescale(1_500_000n, 6, 18)).toBe(1_500_000_000_000_000_000n);
    expect(rescale(1_500_000_000_000_000_000n, 18, 6)).toBe(1_500_000n);
    expect(() => rescale(1n, 18, 6)).toThrow(RangeError);
  });
});
