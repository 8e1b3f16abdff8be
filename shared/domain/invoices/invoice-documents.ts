import type { NetworkCode } from '../chains/networks';
import { formatAmount, parseAmount } from '../ledger/amount';
import type { GasInvoice } from './gas-invoice';

/**
 * What the invoice documents (PDF and CSV) share: where they are kept, their file names, and how they
 * print amounts — exact decimal strings from integers, as the partner API does, never through a float.
 */

/** A network's native coin as documents print it (from the network configuration). */
export interface NativeCoin {
  readonly nativeSymbol: string;
  readonly nativeDecimals: number;
}
export type NativeCoins = Readonly<Partial<Record<NetworkCode, NativeCoin>>>;

export type InvoiceDocumentFormat = 'pdf' | 'csv';

export const INVOICE_DOCUMENT_CONTENT_TYPES: Readonly<Record<InvoiceDocumentFormat, string>> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

/** `GAS-000042.pdf`: the download's file name and the last part of its key. */
export const invoiceDocumentFileName = (number: string, format: InvoiceDocumentFormat): string =>
  `${number}.${format}`;

/** `exports/<partnerId>/<YYYY-MM>/<number>.<format>` (the DocumentStore key layout). */
export const invoiceDocumentKey = (
  invoice: Pick<GasInvoice, 'number' | 'month' | 'recipient'>,
  format: InvoiceDocumentFormat,
): string =>
  `exports/${invoice.recipient.partnerId}/${invoice.month}/${invoiceDocumentFileName(invoice.number, format)}`;

/** USD micro-dollars as the wire prints them ("12.345678", "3.5", "0"). */
export const usdFromMicros = (micros: bigint): string => formatAmount(micros, 6);

/** A stored USD value ("12.345678", 6 places at most) as the wire prints it; empty without a price. */
export function usdText(usdValue: string | null): string {
  return usdValue === null ? '' : usdFromMicros(parseAmount(usdValue, 6, { allowZero: true }));
}

/** The coin of a network on an invoice: the invoice's line for it, else the configured networks. */
export function coinOf(
  network: NetworkCode,
  invoice: Pick<GasInvoice, 'lines'>,
  coins: NativeCoins,
): NativeCoin {
  const coin = invoice.lines.find((l) => l.network === network) ?? coins[network];
  if (!coin) throw new Error(`No native coin known for network ${network}`);
  return coin;
}
