import { formatAmount } from '../../domain/ledger/amount';
import type { GasInvoice, InvoiceStatus } from '../../domain/invoices/gas-invoice';
import { coinOf, usdFromMicros, usdText } from '../../domain/invoices/invoice-documents';
import type { NativeCoins } from '../../domain/invoices/invoice-documents';
import type { GasInvoicePdfRenderer } from '../../ports/gas-invoices';
import type { GasRecord } from '../../ports/gas-records';
import { renderTitledTablesPdf } from './titled-tables-pdf';
import type { PdfFonts, TitledTablesDocument } from './titled-tables-pdf';

const STAMP_COLORS: Readonly<Record<InvoiceStatus, string>> = {
  DRAFT: '#8a6d00',
  ISSUED: '#1d4ed8',
  PAID: '#15803d',
  VOID: '#b91c1c',
};

/** `2026-11-03T10:15:00.000Z` → `2026-11-03 10:15:00 UTC` (the instant as stored, UTC, no locale). */
const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/**
 * The invoice as a finance document (seed 000 §8.2): issuer, recipient, number, kind (a credit note
 * says so and names the invoice it corrects), period, status stamp, issued/paid times, one line per
 * network (transactions, native total with its symbol, USD total), the grand total in USD, then every
 * gas record (time, network, type, tx hash, native amount, USD) over as many pages as it takes. Every
 * amount is printed from its integer (formatAmount), exact to the minor unit.
 */
export function gasInvoiceDocument(
  invoice: GasInvoice,
  records: readonly GasRecord[],
  coins: NativeCoins,
): TitledTablesDocument {
  const creditNote = invoice.kind === 'CREDIT_NOTE';
  const facts: [string, string][] = [
    ['Period', `${invoice.periodFrom} to ${invoice.periodTo} (${invoice.month}, UTC)`],
    ['Status', invoice.status],
    ['Created', utc(invoice.createdAt)],
  ];
  if (creditNote && invoice.creditFor)
    facts.splice(1, 0, ['Credit note for', `invoice ${invoice.creditFor}`]);
  if (invoice.issuedAt) facts.push(['Issued', utc(invoice.issuedAt)]);
  if (invoice.paidAt) {
    const how = invoice.payment?.method === 'BALANCE' ? ' (from the partner balance)' : '';
    facts.push(['Paid', `${utc(invoice.paidAt)}${how}`]);
  }
  if (invoice.status === 'VOID') {
    facts.push([
      'Voided',
      `${invoice.voidedAt ? utc(invoice.voidedAt) : ''} ${invoice.voidReason ?? ''}`.trim(),
    ]);
  }

  const lineRows = invoice.lines.map((l) => [
    l.network,
    String(l.transactions),
    `${formatAmount(l.nativeAmount, l.nativeDecimals)} ${l.nativeSymbol}`,
    usdFromMicros(l.usdMicros),
    l.withoutPrice > 0 || l.stalePrice > 0 ? `${l.withoutPrice} / ${l.stalePrice}` : '',
  ]);
  const notes: string[] = [];
  const withoutPrice = invoice.lines.reduce((s, l) => s + l.withoutPrice, 0);
  const stale = invoice.lines.reduce((s, l) => s + l.stalePrice, 0);
  if (withoutPrice > 0)
    notes.push(`${withoutPrice} transaction(s) had no USD price: valued at 0 USD (marked "no price").`);
  if (stale > 0) notes.push(`${stale} transaction(s) were valued at a stale coin price (marked "*").`);
  const unbilled = creditNote ? 0 : records.length - invoice.recordCount;
  if (unbilled !== 0)
    notes.push(
      `${records.length} transactions are listed; the totals bill the ${invoice.recordCount} recorded when the invoice was made (${unbilled > 0 ? `${unbilled} recorded later` : `${-unbilled} missing`}: corrected by a later credit note or invoice).`,
    );
  notes.push('USD values use the coin price stored with each transaction when it was recorded.');
  notes.push(`All times UTC. Amounts are exact: native coin to its smallest unit, USD to 6 decimal places.`);

  return {
    title: creditNote ? 'CREDIT NOTE' : 'GAS INVOICE',
    subtitle: creditNote
      ? `Credit note for invoice ${invoice.creditFor ?? ''}`.trim()
      : 'Network fees paid on your behalf',
    reference: invoice.number,
    stamp: { text: invoice.status, color: STAMP_COLORS[invoice.status] },
    parties: [
      { heading: 'Issuer', lines: [invoice.issuer.name, invoice.issuer.code] },
      {
        heading: 'Recipient',
        lines: [invoice.recipient.name, `${invoice.recipient.code} (${invoice.recipient.partnerId})`],
      },
    ],
    facts,
    tables: [
      {
        title: creditNote ? 'Credited per network' : 'Per network',
        columns: [
          { header: 'Network', width: 14 },
          { header: 'Transactions', width: 14, align: 'right' },
          { header: 'Native total', width: 32, align: 'right' },
          { header: 'USD total', width: 22, align: 'right' },
          { header: 'No price / stale', width: 18, align: 'right' },
        ],
        rows: lineRows,
        empty: creditNote
          ? 'No per-network lines: the credited amount is the total below.'
          : 'No gas this period.',
        totals: [
          ['Total', String(invoice.recordCount), '', `USD ${usdFromMicros(invoice.totalUsdMicros)}`, ''],
        ],
        fontSize: 9,
      },
      ...(creditNote
        ? []
        : [
            {
              title: `Transactions (${records.length})`,
              columns: [
                { header: 'Time (UTC)', width: 15 },
                { header: 'Network', width: 8 },
                { header: 'Type', width: 10 },
                { header: 'Tx hash', width: 39 },
                { header: 'Native amount', width: 17, align: 'right' as const },
                { header: 'USD', width: 11, align: 'right' as const },
              ],
              rows: records.map((r) => {
                const coin = coinOf(r.network, invoice, coins);
                const usd =
                  r.usdValue === null ? 'no price' : `${usdText(r.usdValue)}${r.priceStale ? '*' : ''}`;
                return [
                  `${r.at.slice(0, 10)} ${r.at.slice(11, 19)}`,
                  r.network,
                  r.type,
                  r.txHash,
                  `${formatAmount(r.nativeAmount, coin.nativeDecimals)} ${coin.nativeSymbol}`,
                  usd,
                ];
              }),
              empty: 'No transactions.',
              fontSize: 7,
            },
          ]),
    ],
    notes,
    createdAt: new Date(invoice.issuedAt ?? invoice.createdAt),
    author: invoice.issuer.name,
    subject: `${creditNote ? 'Credit note' : 'Gas invoice'} ${invoice.number} for ${invoice.recipient.name}, ${invoice.month}`,
  };
}

/** The PDF renderer the publisher uses: pdfkit with the embedded fonts (Nanum Gothic in production). */
export class PdfkitGasInvoiceRenderer implements GasInvoicePdfRenderer {
  constructor(
    /** The faces, or how to load them on the first render. */
    private readonly fonts: PdfFonts | (() => PdfFonts),
    private readonly coins: NativeCoins,
  ) {}

  render(invoice: GasInvoice, records: readonly GasRecord[]): Promise<Uint8Array> {
    const fonts = typeof this.fonts === 'function' ? this.fonts() : this.fonts;
    return renderTitledTablesPdf(gasInvoiceDocument(invoice, records, this.coins), fonts);
  }
}
