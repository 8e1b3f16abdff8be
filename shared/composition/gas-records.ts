import { DynamoGasRecordStore } from '../adapters/dynamodb/gas-record-store';
import type { GasRecordsDeps } from '../app/gas/gas-records';
import type { CoreDeps } from './core';

/** What the gas-record lists read (partner API and console), on the core base: the store and the networks. */
export function gasRecordsDeps(core: CoreDeps): GasRecordsDeps {
  return {
    gasRecords: new DynamoGasRecordStore(core.db, core.config.tableName),
    networks: core.config.networks,
    clock: core.clock,
  };
}
