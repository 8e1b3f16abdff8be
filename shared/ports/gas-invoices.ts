import type { GasInvoice } from '../domain/invoices/gas-invoice';

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
