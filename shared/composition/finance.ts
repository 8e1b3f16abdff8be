import { DynamoFinanceContactStore } from '../adapters/dynamodb/finance-contact-store';
import { DynamoGasInvoiceStore } from '../adapters/dynamodb/gas-invoice-store';
import { DynamoLedgerHistoryReader } from '../adapters/dynamodb/ledger-history-reader';
import { DynamoSubtreeActivity } from '../adapters/dynamodb/subtree-activity-reader';
import type { FinanceExportDeps } from '../app/finance/export-finance-month';
import type { FinanceContactDeps } from '../app/finance/finance-contacts';
import type { DocumentStore } from '../ports/documents';
import type { EmailSender } from '../ports/email';
import type { GasInvoiceReader } from '../ports/gas-invoices';
import { buildEmailSender } from './accounts';
import type { CoreDeps } from './core';
import type { PartnerAuthAdapters } from './partner-auth';

/** Finance contacts on the table of the core wiring (the API, the console and the export job). */
export function financeContactDeps(core: CoreDeps): FinanceContactDeps {
  return {
    financeContacts: new DynamoFinanceContactStore(core.db, core.config.tableName),
    audit: core.audit,
    clock: core.clock,
  };
}

/**
 * The monthly finance export (function exportFinanceMonth and `npm run cli -- exports run`): the ledger's
 * history and the sub-partner counters on the table, the document store and the invoice reader the
 * caller wires (S3 and the invoice store), email through the configured transport (outbox locally).
 */
export function financeExportDeps(
  base: CoreDeps & Pick<PartnerAuthAdapters, 'partners'>,
  parts: {
    readonly documents: DocumentStore;
    readonly invoices?: GasInvoiceReader;
    readonly email?: EmailSender;
  },
): FinanceExportDeps & { readonly partners: PartnerAuthAdapters['partners'] } {
  const { db, config } = base;
  const contacts = new DynamoFinanceContactStore(db, config.tableName);
  return {
    partners: base.partners,
    history: new DynamoLedgerHistoryReader(db, config.tableName),
    subtree: new DynamoSubtreeActivity(db, config.tableName),
    invoices: parts.invoices ?? new DynamoGasInvoiceStore(db, config.tableName),
    documents: parts.documents,
    contacts,
    notices: contacts,
    email: parts.email ?? buildEmailSender(config, db),
    clock: base.clock,
  };
}
