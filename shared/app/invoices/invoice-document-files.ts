import { NotFoundError } from '../../domain/errors';
import type { GasInvoice } from '../../domain/invoices/gas-invoice';
import {
  INVOICE_DOCUMENT_CONTENT_TYPES,
  invoiceDocumentFileName,
  invoiceDocumentKey,
} from '../../domain/invoices/invoice-documents';
import type { InvoiceDocumentFormat, NativeCoins } from '../../domain/invoices/invoice-documents';
import type { Clock } from '../../ports/clock';
import type { DocumentStore } from '../../ports/documents';
import type {
  GasInvoicePdfRenderer,
  GasInvoiceReader,
  InvoiceDocumentPublisher,
  InvoiceDocumentRefs,
} from '../../ports/gas-invoices';
import type { GasRecord, GasRecordStore } from '../../ports/gas-records';
import { gasInvoiceCsv } from './gas-invoice-csv';

/** How long a download link works. */
export const INVOICE_LINK_SECONDS = 300;
/** Records read per page when collecting an invoice's month (the store's query page). */
const RECORD_PAGE = 500;

export interface InvoiceDocumentPublisherDeps {
  readonly gasRecords: Pick<GasRecordStore, 'listByPartnerMonth'>;
  readonly documents: Pick<DocumentStore, 'put'>;
  readonly pdf: GasInvoicePdfRenderer;
  /** Native coin symbol and decimals per network (the configuration's networks). */
  readonly coins: NativeCoins;
  readonly clock: Clock;
  /** Records per read (default 500). */
  readonly pageSize?: number;
}

/** Every gas record of a partner's month, oldest first, all pages. */
export async function monthRecords(
  gasRecords: Pick<GasRecordStore, 'listByPartnerMonth'>,
  partnerId: string,
  month: string,
  pageSize = RECORD_PAGE,
): Promise<GasRecord[]> {
  const all: GasRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await gasRecords.listByPartnerMonth(partnerId, month, {
      limit: pageSize,
      ...(cursor ? { cursor } : {}),
    });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * Writes an invoice's PDF and CSV to `exports/<partnerId>/<month>/<number>.pdf|.csv`: the month's gas
 * records (every page; none for a credit note, which credits an amount), rendered, then put. A record
 * written for the month after the invoice summed it (a late record) is listed, and the PDF says how many
 * listed transactions the totals do not bill — publishing never fails on it, so a status change (PAID)
 * always gets its documents. Rendering
 * is deterministic and the store skips a put of the same bytes, so publishing the same invoice in the
 * same status again changes nothing; a new status (PAID, VOID) writes a new version of both files.
 */
export class InvoiceDocumentFiles implements InvoiceDocumentPublisher {
  constructor(private readonly deps: InvoiceDocumentPublisherDeps) {}

  async publish(invoice: GasInvoice): Promise<InvoiceDocumentRefs> {
    const { gasRecords, documents, pdf, coins, clock, pageSize } = this.deps;
    const records =
      invoice.kind === 'CREDIT_NOTE'
        ? []
        : await monthRecords(gasRecords, invoice.recipient.partnerId, invoice.month, pageSize);
    const pdfKey = invoiceDocumentKey(invoice, 'pdf');
    const csvKey = invoiceDocumentKey(invoice, 'csv');
    const [pdfBytes, csvText] = [await pdf.render(invoice, records), gasInvoiceCsv(invoice, records, coins)];
    await documents.put(csvKey, new TextEncoder().encode(csvText), INVOICE_DOCUMENT_CONTENT_TYPES.csv);
    await documents.put(pdfKey, pdfBytes, INVOICE_DOCUMENT_CONTENT_TYPES.pdf);
    return { pdfKey, csvKey, publishedAt: clock.now().toISOString() };
  }
}

export interface InvoiceDocumentLinkDeps {
  readonly invoices: GasInvoiceReader;
  readonly documents: Pick<DocumentStore, 'head' | 'presignedUrl'>;
  /** Renders and writes the documents when they are missing (an invoice published before the store, a lost file). */
  readonly publisher: InvoiceDocumentPublisher;
}

export interface InvoiceDocumentLink {
  readonly url: string;
  readonly expiresAt: string;
  readonly fileName: string;
}

/**
 * A short-lived (5-minute) download link to the partner's invoice PDF or CSV. The invoice is read as the
 * partner's (another partner's number is NOT_FOUND, the same as a number that does not exist); a
 * document that is not in the store yet is published first, so a link always points at a file.
 */
export async function invoiceDocumentLink(
  deps: InvoiceDocumentLinkDeps,
  partnerId: string,
  number: string,
  format: InvoiceDocumentFormat,
): Promise<InvoiceDocumentLink> {
  const invoice = await deps.invoices.get(partnerId, number);
  if (!invoice || invoice.recipient.partnerId !== partnerId)
    throw new NotFoundError(`Invoice ${number} not found`);
  const key = invoiceDocumentKey(invoice, format);
  if (!(await deps.documents.head(key))) await deps.publisher.publish(invoice);
  const fileName = invoiceDocumentFileName(invoice.number, format);
  const link = await deps.documents.presignedUrl(key, { expiresInSeconds: INVOICE_LINK_SECONDS, fileName });
  return { ...link, fileName };
}
