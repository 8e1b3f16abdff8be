import { findAsset } from '../../domain/ledger/asset';
import type { GasInvoice } from '../../domain/invoices/gas-invoice';
import { creditedMicros } from '../../domain/invoices/invoice-rules';
import { formatAmount } from '../../domain/ledger/amount';
import type { GasInvoiceListQuery, GasInvoiceStore, InvoiceDocumentLinks } from '../../ports/gas-invoices';
import { NotFoundError } from '../../domain/errors';

/** An invoice on the wire (partner API, console, CLI): amounts as exact decimal strings. */
export interface InvoiceView {
  readonly number: string;
  readonly kind: GasInvoice['kind'];
  readonly creditFor: string | null;
  readonly status: GasInvoice['status'];
  readonly month: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly issuer: { readonly code: string; readonly name: string };
  readonly recipient: { readonly code: string; readonly name: string };
  readonly lines: {
    readonly network: GasInvoice['lines'][number]['network'];
    readonly nativeSymbol: string;
    readonly transactions: number;
    readonly nativeAmount: string;
    readonly usdTotal: string;
    readonly withoutPrice: number;
    readonly stalePrice: number;
  }[];
  readonly totalUsd: string;
  readonly recordCount: number;
  readonly createdAt: string;
  readonly issuedAt: string | null;
  readonly paidAt: string | null;
  readonly voidedAt: string | null;
  readonly voidReason: string | null;
  readonly creditReason: string | null;
  readonly payment: {
    readonly method: 'BALANCE' | 'EXTERNAL';
    readonly asset: string | null;
    readonly amount: string | null;
    readonly reference: string | null;
  } | null;
  readonly documentsAvailable: boolean;
}

export interface InvoiceDetailView extends InvoiceView {
  /** Credit notes that name this invoice, and what is left to pay after them. */
  readonly creditNotes: InvoiceView[];
  readonly creditedUsd: string;
  readonly dueUsd: string;
}

export const usd = (micros: bigint): string => formatAmount(micros, 6);

export function invoiceView(i: GasInvoice): InvoiceView {
  const asset = i.payment?.asset ? findAsset(i.payment.asset) : undefined;
  return {
    number: i.number,
    kind: i.kind,
    creditFor: i.creditFor ?? null,
    status: i.status,
    month: i.month,
    periodFrom: i.periodFrom,
    periodTo: i.periodTo,
    issuer: { code: i.issuer.code, name: i.issuer.name },
    recipient: { code: i.recipient.code, name: i.recipient.name },
    lines: i.lines.map((l) => ({
      network: l.network,
      nativeSymbol: l.nativeSymbol,
      transactions: l.transactions,
      nativeAmount: formatAmount(l.nativeAmount, l.nativeDecimals),
      usdTotal: usd(l.usdMicros),
      withoutPrice: l.withoutPrice,
      stalePrice: l.stalePrice,
    })),
    totalUsd: usd(i.totalUsdMicros),
    recordCount: i.recordCount,
    createdAt: i.createdAt,
    issuedAt: i.issuedAt ?? null,
    paidAt: i.paidAt ?? null,
    voidedAt: i.voidedAt ?? null,
    voidReason: i.voidReason ?? null,
    creditReason: i.creditReason ?? null,
    payment: i.payment
      ? {
          method: i.payment.method,
          asset: i.payment.asset ?? null,
          amount:
            i.payment.amount !== undefined && asset ? formatAmount(i.payment.amount, asset.decimals) : null,
          reference: i.payment.reference ?? null,
        }
      : null,
    documentsAvailable: i.documents !== undefined,
  };
}

/** A partner's invoices and credit notes, newest first (the store's cursor pages). */
export async function listInvoices(
  deps: { readonly invoices: Pick<GasInvoiceStore, 'list'> },
  partnerId: string,
  query: GasInvoiceListQuery,
): Promise<{ items: InvoiceView[]; nextCursor?: string }> {
  const page = await deps.invoices.list(partnerId, query);
  return { items: page.items.map(invoiceView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** One of the partner's invoices with its credit notes; NOT_FOUND when it is not theirs. */
export async function getInvoice(
  deps: { readonly invoices: Pick<GasInvoiceStore, 'get' | 'creditNotesFor'> },
  partnerId: string,
  number: string,
): Promise<InvoiceDetailView> {
  const invoice = await deps.invoices.get(partnerId, number);
  if (!invoice) throw new NotFoundError(`Invoice ${number} not found`);
  const notes = invoice.kind === 'INVOICE' ? await deps.invoices.creditNotesFor(partnerId, number) : [];
  const credited = creditedMicros(invoice, notes);
  return {
    ...invoiceView(invoice),
    creditNotes: notes.map(invoiceView),
    creditedUsd: usd(credited),
    dueUsd: usd(invoice.status === 'ISSUED' ? invoice.totalUsdMicros - credited : 0n),
  };
}

/**
 * `GET …/invoices/{number}` where the segment may end in `.pdf` or `.csv` (API Gateway cannot route a
 * suffix): the invoice, or a redirect to its document through `links` (404 when none is wired, or the
 * invoice is not the partner's).
 */
export async function invoiceOrDocument(
  deps: {
    readonly invoices: Pick<GasInvoiceStore, 'get' | 'creditNotesFor'>;
    readonly documentLinks?: InvoiceDocumentLinks | undefined;
  },
  partnerId: string,
  segment: { readonly number: string; readonly format?: 'pdf' | 'csv' | undefined },
): Promise<{ invoice: InvoiceDetailView } | { redirect: { url: string; expiresAt: string } }> {
  if (!segment.format) return { invoice: await getInvoice(deps, partnerId, segment.number) };
  if (!deps.documentLinks) throw new NotFoundError(`No documents for invoice ${segment.number}`);
  const invoice = await deps.invoices.get(partnerId, segment.number);
  if (!invoice) throw new NotFoundError(`Invoice ${segment.number} not found`);
  return { redirect: await deps.documentLinks.link(partnerId, segment.number, segment.format) };
}
