import type { GasInvoice, InvoiceStatus } from '../domain/invoices/gas-invoice';
import type { GasRecord } from './gas-records';

/**
 * Reading issued gas invoices (the invoice store implements it; documents and finance exports read
 * through it). Every read is scoped by the partner the invoice was issued to.
 */
export interface GasInvoiceReader {
  /** The partner's invoice or credit note with this number; undefined when it is not theirs or absent. */
  get(partnerId: string, number: string): Promise<GasInvoice | undefined>;
  /** The partner's invoices and credit notes of one month (`YYYY-MM`), oldest number first. */
  listForMonth(partnerId: string, month: string): Promise<GasInvoice[]>;
}

/** Where an invoice's documents were written (DocumentStore keys) and when. */
export interface InvoiceDocumentRefs {
  readonly pdfKey: string;
  readonly csvKey: string;
  readonly publishedAt: string;
}

/**
 * Renders an invoice (or credit note) as PDF and CSV (with its gas records as rows) and writes both to
 * the document store under `exports/<partnerId>/<month>/<number>.pdf|.csv`. Idempotent: publishing the
 * same invoice in the same status again writes the same documents. The issuing job publishes before it
 * marks an invoice ISSUED, and again when its status changes (PAID, VOID), so an issued invoice always
 * has its documents.
 */
export interface InvoiceDocumentPublisher {
  publish(invoice: GasInvoice): Promise<InvoiceDocumentRefs>;
}

/**
 * Renders an invoice (or credit note) and its gas records (oldest first; none for a credit note) as a
 * PDF: the same input gives the same bytes (shared/adapters/pdf/gas-invoice-pdf.ts).
 */
export interface GasInvoicePdfRenderer {
  render(invoice: GasInvoice, records: readonly GasRecord[]): Promise<Uint8Array>;
}

/** One page of a partner's invoices and credit notes, newest number first. */
export interface GasInvoicePage {
  readonly items: GasInvoice[];
  readonly nextCursor?: string;
}

export interface GasInvoiceListQuery {
  readonly status?: InvoiceStatus | undefined;
  /** `YYYY`: invoices whose billed month is in that year. */
  readonly year?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** What a status change writes besides the status (times, payment, void reason, documents). */
export type InvoicePatch = Partial<
  Pick<GasInvoice, 'issuedAt' | 'paidAt' | 'payment' | 'voidedAt' | 'voidReason' | 'documents'>
>;

/**
 * The invoice store: numbers are gapless per issuer because an invoice and its number are written in
 * one transaction with the issuer's counter (a refused transaction consumes no number), and a
 * (partner, month) marker in the same transaction lets a month be invoiced at most once.
 */
export interface GasInvoiceStore extends GasInvoiceReader {
  /**
   * Numbers and writes the month's invoice unless the partner's month has one; then returns that one
   * (`created: false`) and writes nothing.
   */
  createInvoice(
    draft: Omit<GasInvoice, 'number'>,
    prefix: string,
  ): Promise<{ readonly invoice: GasInvoice; readonly created: boolean }>;
  /** The partner's invoice of a month (kind INVOICE), if it was made. */
  findForMonth(partnerId: string, month: string): Promise<GasInvoice | undefined>;
  /** The credit notes that name this invoice of the partner, oldest first. */
  creditNotesFor(partnerId: string, number: string): Promise<GasInvoice[]>;
  /** Any partner's invoice by number (operator tools). */
  findByNumber(number: string): Promise<GasInvoice | undefined>;
  list(partnerId: string, query: GasInvoiceListQuery): Promise<GasInvoicePage>;
  /** Moves the invoice from `from` to `to` with `patch`, conditioned on `from`: ILLEGAL_TRANSITION otherwise. */
  transition(
    invoice: GasInvoice,
    from: InvoiceStatus,
    to: InvoiceStatus,
    patch: InvoicePatch,
  ): Promise<GasInvoice>;
  /** The same write as `transition`, prepared to commit with a ledger entry (`PREPARED_WRITES`). */
  prepareTransition(
    invoice: GasInvoice,
    from: InvoiceStatus,
    to: InvoiceStatus,
    patch: InvoicePatch,
  ): readonly unknown[];
  /**
   * Numbers and writes a credit note on `invoice` in one transaction with the counter and the
   * invoice's credited sum, conditioned on that sum still being `creditedBefore` (CONFLICT otherwise:
   * another credit note came first; re-check and retry) and the invoice's status unchanged.
   */
  createCreditNote(
    invoice: GasInvoice,
    note: Omit<GasInvoice, 'number'>,
    prefix: string,
    creditedBefore: bigint,
  ): Promise<GasInvoice>;
}

/**
 * Short-lived links to an invoice's documents (pre-signed URLs of the document store), answered by
 * `GET …/invoices/{number}.pdf|.csv` as a 302. Wired by the documents slice; absent, those are 404.
 */
export interface InvoiceDocumentLinks {
  link(
    partnerId: string,
    number: string,
    format: 'pdf' | 'csv',
  ): Promise<{ readonly url: string; readonly expiresAt: string }>;
}
