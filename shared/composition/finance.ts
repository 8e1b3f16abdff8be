import { DynamoFinanceContactStore } from '../adapters/dynamodb/finance-contact-store';
import type { FinanceContactDeps } from '../app/finance/finance-contacts';
import type { CoreDeps } from './core';

/** Finance contacts on the table of the core wiring (the API, the console and the export job). */
export function financeContactDeps(core: CoreDeps): FinanceContactDeps {
  return {
    financeContacts: new DynamoFinanceContactStore(core.db, core.config.tableName),
    audit: core.audit,
    clock: core.clock,
  };
}
