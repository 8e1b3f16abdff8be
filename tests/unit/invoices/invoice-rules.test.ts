import fc from 'fast-check';
import { accounts, parseAccount } from '../../../shared/domain/ledger/accounts';
import { NETWORK_CODES } from '../../../shared/domain/chains/networks';
import type { GasInvoice } from '../../../shared/domain/invoices/gas-invoice';
import {
  addToAggregate,
  aggregateGasRecords,
  checkCreditNote,
  EMPTY_AGGREGATE,
  invoiceLines,
  invoiceNumber,
  invoiceSequence,
  monthPeriod,
  nextInvoiceStatus,
  previousMonth,
  usdMicrosToAsset,
} from '../../../shared/domain/invoices/invoice-rules';
import type { BillableGasRecord } from '../../../shared/domain/invoices/invoice-rules';

const micros = fc.bigInt({ min: 0n, max: 10n ** 12n });
const record: fc.Arbitrary<BillableGasRecord> = fc.record({
  network: fc.constantFrom(...NETWORK_CODES),
  nativeAmount: fc.bigInt({ min: 0n, max: 10n ** 20n }),
  usdValue: fc.option(
    micros.map((m) => `${m / 1_000_000n}.${(m % 1_000_000n).toString().padStart(6, '0')}`),
    { nil: null },
  ),
  priceStale: fc.boolean(),
});
const toMicros = (usd: string) => {
  const [w, f] = usd.split('.') as [string, string];
  return BigInt(w) * 1_000_000n + BigInt(f);
};

function invoice(over: Partial<GasInvoice> = {}): GasInvoice {
  return {
    number: 'GAS-000007',
    kind: 'INVOICE',
    issuer: { partnerId: 'platform', code: 'PLATFORM', name: 'Gateway' },
    recipient: { partnerId: 'pt_1', code: 'P1', name: 'Partner' },
    month: '2026-11',
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    lines: [],
    totalUsdMicros: 10_000_000n,
    recordCount: 3,
    status: 'ISSUED',
    createdAt: '2026-12-01T01:00:00.000Z',
    ...over,
  };
}

describe('gas invoice rules', () => {
  describe('aggregation', () => {
    it('totals equal the sum of the records, whatever the records', () => {
      fc.assert(
        fc.property(fc.array(record, { maxLength: 60 }), (records) => {
          const { lines, totalUsdMicros, recordCount } = aggregateGasRecords(records);
          expect(recordCount).toBe(records.length);
          expect(totalUsdMicros).toBe(
            records.reduce((s, r) => s + (r.usdValue === null ? 0n : toMicros(r.usdValue)), 0n),
          );
          for (const network of NETWORK_CODES) {
            const mine = records.filter((r) => r.network === network);
            const line = lines.find((l) => l.network === network);
            if (mine.length === 0) {
              expect(line).toBeUndefined();
              continue;
            }
            expect(line?.transactions).toBe(mine.length);
            expect(line?.nativeAmount).toBe(mine.reduce((s, r) => s + r.nativeAmount, 0n));
            expect(line?.withoutPrice).toBe(mine.filter((r) => r.usdValue === null).length);
            expect(line?.stalePrice).toBe(mine.filter((r) => r.usdValue !== null && r.priceStale).length);
          }
          expect(lines.map((l) => l.network)).toEqual([...lines.map((l) => l.network)].sort());
        }),
      );
    });

    it('gives the same invoice page by page as in one read', () => {
      fc.assert(
        fc.property(fc.array(record, { maxLength: 40 }), fc.nat(40), (records, cut) => {
          const paged = addToAggregate(
            addToAggregate(EMPTY_AGGREGATE, records.slice(0, cut)),
            records.slice(cut),
          );
          expect(invoiceLines(paged)).toEqual(aggregateGasRecords(records));
        }),
      );
    });

    it('values a record at its stored USD value to the micro-dollar', () => {
      const out = aggregateGasRecords([
        { network: 'BSC', nativeAmount: 10n ** 15n, usdValue: '0.600001' },
        { network: 'BSC', nativeAmount: 1n, usdValue: '12.345678', priceStale: true },
        { network: 'TRON', nativeAmount: 5n, usdValue: null },
      ]);
      expect(out.totalUsdMicros).toBe(12_945_679n);
      expect(
        out.lines.map((l) => [l.network, l.nativeSymbol, l.usdMicros, l.withoutPrice, l.stalePrice]),
      ).toEqual([
        ['BSC', 'BNB', 12_945_679n, 0, 1],
        ['TRON', 'TRX', 0n, 1, 0],
      ]);
    });
  });

  describe('numbers and months', () => {
    it('formats the gapless sequence with its prefix and reads it back', () => {
      expect(invoiceNumber('GAS', 42)).toBe('GAS-000042');
      expect(invoiceSequence('GAS-1234567')).toBe(1234567);
      expect(() => invoiceSequence('GAS-42')).toThrow('Invalid invoice number');
    });

    it('bills the previous UTC month on the 1st, January included', () => {
      expect(previousMonth(new Date('2027-01-01T01:00:00Z'))).toBe('2026-12');
      expect(monthPeriod('2028-02')).toEqual({ periodFrom: '2028-02-01', periodTo: '2028-02-29' });
    });
  });

  describe('status', () => {
    it('follows the table: DRAFT→ISSUED→PAID, DRAFT|ISSUED→VOID, nothing from PAID or VOID', () => {
      expect(nextInvoiceStatus('DRAFT', 'ISSUE')).toBe('ISSUED');
      expect(nextInvoiceStatus('ISSUED', 'PAY')).toBe('PAID');
      expect(nextInvoiceStatus('DRAFT', 'VOID')).toBe('VOID');
      expect(nextInvoiceStatus('ISSUED', 'VOID')).toBe('VOID');
      for (const [from, event] of [
        ['DRAFT', 'PAY'],
        ['ISSUED', 'ISSUE'],
        ['PAID', 'VOID'],
        ['PAID', 'PAY'],
        ['VOID', 'ISSUE'],
      ] as const)
        expect(() => nextInvoiceStatus(from, event)).toThrow(
          expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
        );
    });
  });

  describe('credit notes', () => {
    const note = (amount: bigint, status: GasInvoice['status'] = 'ISSUED') =>
      invoice({
        number: 'GAS-000009',
        kind: 'CREDIT_NOTE',
        creditFor: 'GAS-000007',
        totalUsdMicros: amount,
        status,
      });

    it('credits an issued or paid invoice up to its total less earlier credit notes', () => {
      expect(checkCreditNote(invoice(), [note(4_000_000n)], 6_000_000n, ' wrong price ')).toEqual({
        amountUsdMicros: 6_000_000n,
        reason: 'wrong price',
      });
      expect(checkCreditNote(invoice({ status: 'PAID' }), [], 1n, 'x').amountUsdMicros).toBe(1n);
      // A voided credit note gives its amount back.
      expect(checkCreditNote(invoice(), [note(10_000_000n, 'VOID')], 10_000_000n, 'x').amountUsdMicros).toBe(
        10_000_000n,
      );
    });

    it('refuses more than remains, zero, no reason, a draft or void invoice, or a credit note', () => {
      expect(() => checkCreditNote(invoice(), [note(4_000_000n)], 6_000_001n, 'x')).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          fields: [expect.objectContaining({ path: 'amount' })],
        }),
      );
      expect(() => checkCreditNote(invoice(), [], 0n, 'x')).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
      expect(() => checkCreditNote(invoice(), [], 1n, '  ')).toThrow(
        expect.objectContaining({ fields: [expect.objectContaining({ path: 'reason' })] }),
      );
      for (const status of ['DRAFT', 'VOID'] as const)
        expect(() => checkCreditNote(invoice({ status }), [], 1n, 'x')).toThrow(
          expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
        );
      expect(() => checkCreditNote(note(5n), [], 1n, 'x')).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    });
  });

  describe('paying in a stablecoin', () => {
    it('converts USD micros exactly to the asset decimals (USDT@BSC has 18)', () => {
      expect(usdMicrosToAsset(12_345_678n, 18)).toBe(12_345_678_000_000_000_000n);
      expect(usdMicrosToAsset(12_345_678n, 6)).toBe(12_345_678n);
    });
  });
});

describe('the gas revenue account', () => {
  it('is a platform revenue account that may not go negative', () => {
    expect(parseAccount(accounts.gasRevenue('USDT@BSC'))).toMatchObject({
      kind: 'revenue',
      normal: 'credit',
      mustNotGoNegative: true,
      ownerPartnerId: null,
      path: 'revenue:gas',
    });
  });
});
