import { DynamoFeeSettingsRepository } from '../adapters/dynamodb/fee-settings-repository';
import type { FeeSettingsStore } from '../ports/fee-settings';
import type { CoreDeps } from './core';
import { extendOnce } from './lazy';

export interface FeeSettingsAdapters {
  readonly fees: FeeSettingsStore;
}

/**
 * The fee items' adapter as a group of its own: sub-partner management and the sub-partner reports
 * both read fees, and `npm start` runs every function on one process core, so whichever comes first
 * adds it and the other reuses it (a second `fees` would be refused by `extendLazily`).
 */
export function withFeeSettings<B extends CoreDeps>(base: B): B & FeeSettingsAdapters {
  const { db, config } = base;
  return extendOnce<B, FeeSettingsAdapters>(base, 'fee-settings', () => ({
    fees: () => new DynamoFeeSettingsRepository(db, config.tableName),
  }));
}
