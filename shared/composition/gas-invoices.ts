import { DynamoGasInvoiceStore } from '../adapters/dynamodb/gas-invoice-store';
import { DynamoGasRecordStore } from '../adapters/dynamodb/gas-record-store';
import type { GasInvoiceDeps, InvoiceJobMonitor } from '../app/invoices/gas-invoices';
import type { InvoiceDocumentPublisher } from '../ports/gas-invoices';
import type { CoreDeps } from './core';
import type { LedgerAdapters } from './ledger';
import type { PartnerAuthAdapters } from './partner-auth';

/**
 * What the invoice job, the invoice API and the operator CLI use. The document publisher (PDF + CSV to
 * the document store) is optional: without one, invoices are issued without documents (ADR 0033).
 */
export function gasInvoiceDeps(
  base: CoreDeps & LedgerAdapters & Pick<PartnerAuthAdapters, 'partners'>,
  extras: { readonly publisher?: InvoiceDocumentPublisher; readonly monitor?: InvoiceJobMonitor } = {},
): GasInvoiceDeps {
  const { db, config } = base;
  return {
    invoices: new DynamoGasInvoiceStore(db, config.tableName),
    gasRecords: new DynamoGasRecordStore(db, config.tableName),
    partners: base.partners,
    ledger: base.ledger,
    audit: base.audit,
    clock: base.clock,
    platformCode: config.invoices.platformCode,
    prefix: config.invoices.prefix,
    ...(extras.publisher ? { publisher: extras.publisher } : {}),
    ...(extras.monitor ? { monitor: extras.monitor } : {}),
  };
}
