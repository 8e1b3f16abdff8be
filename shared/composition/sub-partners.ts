import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { DynamoSubPartnerStore } from '../adapters/dynamodb/sub-partner-store';
import type { SubPartnerDeps } from '../app/partners/sub-partners';
import { getAccountDeps } from './accounts';
import type { AccountsWiring } from './accounts';
import { withFeeSettings } from './fee-settings';
import { extendOnce } from './lazy';

type SubPartnerAdapters = Pick<SubPartnerDeps, 'subPartners' | 'idempotency'>;

/**
 * Sub-partner management (both APIs): the console-account wiring (the new partner's OWNER, its
 * email; no ledger or webhook delivery) with the sub-partner store, fee items and idempotency records. No MASTER wiring: a chain's
 * MASTER is made by the one MASTER resolution on first use (ADR 0031: it does not fit the API budget).
 */
export function withSubPartners<B extends AccountsWiring>(base: B): B & SubPartnerDeps {
  const { db, config } = base;
  // Fee items in their own group: the sub-partner reports read them on the same core (npm start).
  return extendOnce<B & Pick<SubPartnerDeps, 'fees'>, SubPartnerAdapters>(
    withFeeSettings(base),
    'sub-partners',
    () => ({
      subPartners: () => new DynamoSubPartnerStore(db, config.tableName),
      idempotency: () => new DynamoIdempotencyStore(db, config.tableName),
    }),
  );
}

export function getSubPartnerDeps(): AccountsWiring & SubPartnerDeps {
  return withSubPartners(getAccountDeps());
}
