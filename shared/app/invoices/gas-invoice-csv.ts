import { toCsv } from '../../domain/csv';
import { formatAmount } from '../../domain/ledger/amount';
import type { GasInvoice } from '../../domain/invoices/gas-invoice';
import { coinOf, usdText } from '../../domain/invoices/invoice-documents';
import type { NativeCoins } from '../../domain/invoices/invoice-documents';
import type { GasRecord } from '../../ports/gas-records';

/** The invoice CSV's columns, one row per gas record. */
export const GAS_INVOICE_CSV_HEADER = [
  'invoice_number',
  'time',
  'network',
  'type',
  'tx_hash',
  'reference',
  'gas_used',
  'gas_price',
  'native_amount',
  'native_symbol',
  'usd_price',
  'usd_value',
  'price_stale',
] as const;

/**
 * The invoice's gas records as RFC 4180 CSV (shared/domain/csv.ts), in the order given (oldest first):
 * every amount an exact decimal string — native amount in the coin's units, gas price in its smallest
 * unit (wei, sun) as the record has it, USD to 6 places at most — with the coin price the record used and
 * whether it was stale. A record without a price has empty `usd_price` and `usd_value`. A credit note
 * has no records: its CSV is the header alone.
 */
export function gasInvoiceCsv(
  invoice: GasInvoice,
  records: readonly GasRecord[],
  coins: NativeCoins,
): string {
  return toCsv(
    GAS_INVOICE_CSV_HEADER,
    records.map((r) => {
      const coin = coinOf(r.network, invoice, coins);
      return [
        invoice.number,
        r.at,
        r.network,
        r.type,
        r.txHash,
        r.reference ?? '',
        r.gasUsed.toString(),
        r.effectiveGasPrice.toString(),
        formatAmount(r.nativeAmount, coin.nativeDecimals),
        coin.nativeSymbol,
        r.usdPrice ?? '',
        usdText(r.usdValue),
        r.priceStale === true ? 'true' : 'false',
      ];
    }),
  );
}
