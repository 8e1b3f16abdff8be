import { createHash } from 'node:crypto';
import { parseCsv } from '../../../shared/domain/csv';
import { formatAmount, parseAmount } from '../../../shared/domain/ledger/amount';
import type { GasInvoice } from '../../../shared/domain/invoices/gas-invoice';
import type { NativeCoins } from '../../../shared/domain/invoices/invoice-documents';
import { GAS_INVOICE_CSV_HEADER, gasInvoiceCsv } from '../../../shared/app/invoices/gas-invoice-csv';
import { PdfkitGasInvoiceRenderer } from '../../../shared/adapters/pdf/gas-invoice-pdf';
import { nanumGothic } from '../../../shared/adapters/pdf/nanum-gothic-font';
import type { GasRecord } from '../../../shared/ports/gas-records';

import { pdfText } from '../../support/pdf-text';

const COINS: NativeCoins = {
  BSC: { nativeSymbol: 'BNB', nativeDecimals: 18 },
  TRON: { nativeSymbol: 'TRX', nativeDecimals: 6 },
};
const PARTNER = 'p-01JDOCS';
const hash = (i: number) => `0x${createHash('sha256').update(`tx${i}`).digest('hex')}`;

/** n records alternating BSC and TRON over November, amounts with every digit significant. */
function records(n: number): GasRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const bsc = i % 2 === 0;
    const gasUsed = BigInt(21_000 + i * 7);
    const price = bsc ? 1_000_000_007n + BigInt(i) : 420n;
    const day = String(1 + (i % 28)).padStart(2, '0');
    return {
      network: bsc ? 'BSC' : 'TRON',
      type: i % 5 === 0 ? 'WITHDRAWAL' : 'SWEEP',
      partnerId: PARTNER,
      txHash: bsc ? hash(i) : hash(i).slice(2),
      address: '0xabc',
      token: 'USDT',
      blockNumber: 1000 + i,
      gasUsed,
      effectiveGasPrice: price,
      nativeAmount: gasUsed * price,
      nativeAsset: bsc ? 'BNB' : 'TRX',
      transferredAmount: 0n,
      // Every 7th has no price; every 11th a stale one.
      usdValue: i % 7 === 3 ? null : `${i}.${String(100_000 + i * 13).slice(0, 6)}`,
      success: true,
      at: `2026-11-${day}T${String(i % 24).padStart(2, '0')}:15:07.123Z`,
      ...(i % 5 === 0 ? { reference: `W2611${String(i).padStart(4, '0')}` } : {}),
      ...(i % 7 === 3 ? {} : { usdPrice: bsc ? '612.5' : '0.25', priceSource: 'FEED' as const }),
      ...(i % 11 === 4 ? { priceStale: true } : {}),
    } satisfies GasRecord;
  });
}

/** The invoice of those records, summed here independently of the invoice job. */
function invoiceOf(rs: readonly GasRecord[], over: Partial<GasInvoice> = {}): GasInvoice {
  const lines = (['BSC', 'TRON'] as const).map((network) => {
    const mine = rs.filter((r) => r.network === network);
    const usd = mine.reduce(
      (s, r) => s + (r.usdValue === null ? 0n : BigInt(r.usdValue.replace('.', '').replace(/^0+(?=\d)/, ''))),
      0n,
    );
    return {
      network,
      nativeSymbol: COINS[network]!.nativeSymbol,
      nativeDecimals: COINS[network]!.nativeDecimals,
      transactions: mine.length,
      nativeAmount: mine.reduce((s, r) => s + r.nativeAmount, 0n),
      usdMicros: usd,
      withoutPrice: mine.filter((r) => r.usdValue === null).length,
      stalePrice: mine.filter((r) => r.priceStale).length,
    };
  });
  return {
    number: 'GAS-000042',
    kind: 'INVOICE',
    issuer: { partnerId: '_platform', code: 'GATEWAY', name: 'Stablecoin Gateway Ltd.' },
    recipient: { partnerId: PARTNER, code: 'SEOUL_PAY', name: '서울페이 주식회사' },
    month: '2026-11',
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    lines,
    totalUsdMicros: lines.reduce((s, l) => s + l.usdMicros, 0n),
    recordCount: rs.length,
    status: 'ISSUED',
    createdAt: '2026-12-01T00:05:00.000Z',
    issuedAt: '2026-12-01T00:05:02.000Z',
    ...over,
  };
}

const renderer = new PdfkitGasInvoiceRenderer(nanumGothic(), COINS);
/** PDF text without line breaks and the spaces pdf.js puts between text runs. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('gas invoice documents', () => {
  describe('PDF', () => {
    it('shows the number, the Korean recipient, exact per-network and grand totals and the status', async () => {
      const rs = records(12);
      const invoice = invoiceOf(rs);
      const { text, pages: total } = await pdfText(await renderer.render(invoice, rs));
      const flat = squeeze(text);

      expect(text).toContain('GAS-000042');
      expect(text).toContain('서울페이 주식회사');
      expect(text).toContain('Stablecoin Gateway Ltd.');
      expect(text).toContain('ISSUED');
      expect(text).toContain('2026-11-01 to 2026-11-30');
      for (const line of invoice.lines) {
        expect(flat).toContain(
          squeeze(`${formatAmount(line.nativeAmount, line.nativeDecimals)} ${line.nativeSymbol}`),
        );
        expect(flat).toContain(squeeze(formatAmount(line.usdMicros, 6)));
      }
      expect(flat).toContain(squeeze(`USD ${formatAmount(invoice.totalUsdMicros, 6)}`));
      expect(invoice.lines[0]!.nativeAmount.toString().length).toBeGreaterThan(13); // a BNB total needs 18 decimals
      for (const r of rs) expect(flat).toContain(r.txHash);
      expect(total).toBe(1);
    });

    it('runs the transactions over as many pages as they need, every one on a page, pages numbered', async () => {
      const rs = records(150);
      const { text, pages: total } = await pdfText(await renderer.render(invoiceOf(rs), rs));
      expect(total).toBeGreaterThanOrEqual(3);
      expect(text).toContain(`Page ${total} of ${total}`);
      const flat = squeeze(text);
      for (const r of rs) expect(flat).toContain(r.txHash);
    });

    it('names a credit note and the invoice it corrects, and stamps PAID and VOID', async () => {
      const credit = invoiceOf([], {
        number: 'GAS-000043',
        kind: 'CREDIT_NOTE',
        creditFor: 'GAS-000042',
        lines: [],
        totalUsdMicros: 12_500_001n,
        recordCount: 0,
      });
      const creditText = (await pdfText(await renderer.render(credit, []))).text;
      expect(creditText).toContain('CREDIT NOTE');
      expect(creditText).toContain('Credit note for invoice GAS-000042');
      expect(squeeze(creditText)).toContain('USD12.500001');

      const rs = records(3);
      const paid = invoiceOf(rs, { status: 'PAID', paidAt: '2026-12-03T09:00:00.000Z' });
      const paidText = (await pdfText(await renderer.render(paid, rs))).text;
      expect(paidText).toContain('PAID');
      expect(paidText).toContain('2026-12-03 09:00:00 UTC');
      const voided = invoiceOf(rs, {
        status: 'VOID',
        voidedAt: '2026-12-02T00:00:00.000Z',
        voidReason: 'wrong month',
      });
      expect((await pdfText(await renderer.render(voided, rs))).text).toContain('wrong month');
    });

    it('gives the same bytes for the same invoice, and embeds only the glyphs it uses', async () => {
      const rs = records(40);
      const invoice = invoiceOf(rs);
      const first = await renderer.render(invoice, rs);
      const second = await renderer.render(invoice, rs);
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      // Faces parsed afresh (a new PdfFonts) and faces kept from earlier documents give the same bytes.
      const fresh = { regular: nanumGothic().regular.slice(), bold: nanumGothic().bold.slice() };
      const third = await new PdfkitGasInvoiceRenderer(fresh, COINS).render(invoice, rs);
      expect(Buffer.from(third).equals(Buffer.from(first))).toBe(true);
      expect(Buffer.from(first.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      // Both faces whole are 0.76 MB as WOFF2 (several MB as the TrueType a PDF holds): subsets are far smaller.
      expect(first.byteLength).toBeLessThan(150_000);
    });
  });

  describe('CSV', () => {
    it('has one row per gas record, equal to the record, under the header', () => {
      const rs = records(30);
      const invoice = invoiceOf(rs);
      const [header, ...rows] = parseCsv(gasInvoiceCsv(invoice, rs, COINS));

      expect(header).toEqual([...GAS_INVOICE_CSV_HEADER]);
      expect(rows).toHaveLength(rs.length);
      rows.forEach((row, i) => {
        const r = rs[i]!;
        const f = Object.fromEntries(header!.map((h, j) => [h, row[j]]));
        const decimals = COINS[r.network]!.nativeDecimals;
        expect(f).toEqual({
          invoice_number: 'GAS-000042',
          time: r.at,
          network: r.network,
          type: r.type,
          tx_hash: r.txHash,
          reference: r.reference ?? '',
          gas_used: r.gasUsed.toString(),
          gas_price: r.effectiveGasPrice.toString(),
          native_amount: formatAmount(r.nativeAmount, decimals),
          native_symbol: COINS[r.network]!.nativeSymbol,
          usd_price: r.usdPrice ?? '',
          usd_value: r.usdValue === null ? '' : formatAmount(BigInt(r.usdValue.replace('.', '')), 6),
          price_stale: r.priceStale ? 'true' : 'false',
        });
        // Back to the record's integers exactly.
        expect(parseAmount(f['native_amount']!, decimals, { allowZero: true })).toBe(r.nativeAmount);
      });
    });

    it('is the header alone for a credit note', () => {
      const credit = invoiceOf([], { number: 'GAS-000043', kind: 'CREDIT_NOTE', creditFor: 'GAS-000042' });
      expect(parseCsv(gasInvoiceCsv(credit, [], COINS))).toEqual([[...GAS_INVOICE_CSV_HEADER]]);
    });
  });
});
