import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoLedgerStore } from '../adapters/dynamodb/ledger-store';
import type { LedgerStore } from '../ports/ledger';
import type { CoreDeps } from './core';
import { extendOnce } from './lazy';

export interface LedgerAdapters {
  readonly ledger: LedgerStore;
}

/** Adds the ledger to a core wiring, in place and once (see `extendOnce`). */
export function withLedger<B extends CoreDeps>(core: B): B & LedgerAdapters {
  const { config } = core;
  return extendOnce<B, LedgerAdapters>(core, 'ledger', () => ({
    // Ledger amounts exceed 2^53, so the ledger reads numbers through a client that keeps them as strings.
    ledger: () =>
      new DynamoLedgerStore(
        createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint, wrapNumbers: true }),
        config.tableName,
      ),
  }));
}
