import { DynamoFeeSettingsRepository } from '../adapters/dynamodb/fee-settings-repository';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { DynamoSubPartnerStore } from '../adapters/dynamodb/sub-partner-store';
import type { SubPartnerDeps } from '../app/partners/sub-partners';
import { getAccountDeps } from './accounts';
import type { AccountsWiring } from './accounts';
import { extendOnce } from './lazy';

type SubPartnerAdapters = Pick<SubPartnerDeps, 'subPartners' | 'fees' | 'idempotency'>;

/**
 * Sub-partner management (both APIs): the console-account wiring (the new partner's OWNER, its
 * email; no ledger or webhook delivery) with the sub-partner store, fee items and idempotency records. No MASTER wiring: a chain's
 * MASTER is made by the one MASTER resolution on first use (ADR 0031: it does not fit the API budget).
 */
export function withSubPartners<B extends AccountsWiring>(base: B): B & SubPartnerDeps {
  const { db, config } = base;
  return extendOnce<B, SubPartnerAdapters>(base, 'sub-partners', () => ({
    subPartners: () => new DynamoSubPartnerStore(db, config.tableName),
    fees: () => new DynamoFeeSettingsRepository(db, config.tableName),
    idempotency: () => new DynamoIdempotencyStore(db, config.tableName),
  }));
}

export function getSubPartnerDeps(): AccountsWiring & SubPartnerDeps {
  return withSubPartners(getAccountDeps());
}
