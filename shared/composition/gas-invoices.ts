import { DynamoGasInvoiceStore } from '../adapters/dynamodb/gas-invoice-store';
import { DynamoGasRecordStore } from '../adapters/dynamodb/gas-record-store';
import type { GasInvoiceDeps, InvoiceJobMonitor } from '../app/invoices/gas-invoices';
import type { InvoiceDocumentLinks, InvoiceDocumentPublisher } from '../ports/gas-invoices';
import type { IdempotencyDeps } from '../app/idempotency/run-idempotent';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import type { CoreDeps } from './core';
import { invoiceDocumentLinks } from './documents';
import type { LedgerAdapters } from './ledger';
import type { PartnerAuthAdapters } from './partner-auth';

/**
 * What the invoice job, the invoice API and the operator CLI use. The document publisher (PDF + CSV to
 * the document store, `invoiceDocumentPublisher` in invoice-documents.ts: pdfkit) is passed by the
 * functions that render — the issuing job and the operator CLI; the API functions only link to the
 * documents (pre-signed URLs, `invoiceDocumentLinks`, bound to the bucket on first use).
 */
export function gasInvoiceDeps(
  base: CoreDeps & LedgerAdapters & Pick<PartnerAuthAdapters, 'partners'>,
  extras: {
    readonly publisher?: InvoiceDocumentPublisher;
    readonly monitor?: InvoiceJobMonitor;
    readonly documentLinks?: InvoiceDocumentLinks;
  } = {},
): GasInvoiceDeps & IdempotencyDeps & { readonly documentLinks: InvoiceDocumentLinks } {
  const { db, config } = base;
  const invoices = new DynamoGasInvoiceStore(db, config.tableName);
  let links: InvoiceDocumentLinks | undefined;
  const documentLinks: InvoiceDocumentLinks = extras.documentLinks ?? {
    link: (...args) => (links ??= invoiceDocumentLinks(config, base.clock, invoices)).link(...args),
  };
  return {
    invoices,
    gasRecords: new DynamoGasRecordStore(db, config.tableName),
    partners: base.partners,
    ledger: base.ledger,
    audit: base.audit,
    clock: base.clock,
    platformCode: config.invoices.platformCode,
    prefix: config.invoices.prefix,
    ...(extras.publisher ? { publisher: extras.publisher } : {}),
    ...(extras.monitor ? { monitor: extras.monitor } : {}),
    documentLinks,
    idempotency: new DynamoIdempotencyStore(db, config.tableName),
  };
}
