import { DynamoFeeSettingsRepository } from '../adapters/dynamodb/fee-settings-repository';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { DynamoSubPartnerStore } from '../adapters/dynamodb/sub-partner-store';
import type { SubPartnerDeps } from '../app/partners/sub-partners';
import type { GatewayDeps } from './gateway';
import { getDeps } from './gateway';
import { extendOnce } from './lazy';

type SubPartnerAdapters = Pick<SubPartnerDeps, 'subPartners' | 'fees' | 'idempotency'>;

/**
 * Sub-partner management (both APIs): the full base (console accounts: the new partner's OWNER, its
 * email) with the sub-partner store, fee items and idempotency records. No MASTER wiring: a chain's
 * MASTER is made by the one MASTER resolution on first use (ADR 0031: it does not fit the API budget).
 */
export function withSubPartners(base: GatewayDeps): GatewayDeps & SubPartnerDeps {
  const { db, config } = base;
  return extendOnce<GatewayDeps, SubPartnerAdapters>(base, 'sub-partners', () => ({
    subPartners: () => new DynamoSubPartnerStore(db, config.tableName),
    fees: () => new DynamoFeeSettingsRepository(db, config.tableName),
    idempotency: () => new DynamoIdempotencyStore(db, config.tableName),
  }));
}

export function getSubPartnerDeps(): GatewayDeps & SubPartnerDeps {
  return withSubPartners(getDeps());
}
