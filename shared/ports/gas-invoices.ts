import type { GasInvoice } from '../domain/invoices/gas-invoice';
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
