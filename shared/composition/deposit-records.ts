import { DynamoDepositRepository } from '../adapters/dynamodb/deposit-repository';
import { DynamoFeeSettingsRepository } from '../adapters/dynamodb/fee-settings-repository';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { DynamoPoolRequestStore } from '../adapters/dynamodb/pool-request-store';
import { DynamoWalletRepository } from '../adapters/dynamodb/wallet-repository';
import type { EvmHdAddresses } from '../adapters/evm/hd-addresses';
import type { TronHdAddresses } from '../adapters/tron/tron-hd-addresses';
import type { AddressDeps } from '../app/deposits/deposit-addresses';
import type { DepositRepository } from '../ports/deposits';
import type { FeeSettingsStore } from '../ports/fee-settings';
import type { IdempotencyStore } from '../ports/idempotency';
import type { PoolRequestStore } from '../ports/pool-requests';
import type { WalletRepository } from '../ports/wallets';
import { getCoreDeps } from './core';
import type { CoreDeps } from './core';
import { destinationRules, hdKeyrings } from './hd-addresses';

/**
 * The deposit records (wallets, deposits, fees, POOL requests, idempotency) on a base wiring: what
 * listing and reading deposits needs. The intake that takes deposits in is `deposit-intake.ts`'s.
 */
export interface DepositRecords<Base extends CoreDeps = CoreDeps> {
  readonly base: Base;
  readonly wallets: WalletRepository;
  readonly deposits: DepositRepository;
  readonly fees: FeeSettingsStore;
  readonly poolRequests: PoolRequestStore;
  /** Idempotency records of the POSTs that create deposit-relevant state (shared/app/idempotency). */
  readonly idempotency: IdempotencyStore;
}

/**
 * The records plus the seed's addresses (from its public keys; the signing keyrings are in
 * composition/hd-signing.ts): what handing out, listing and showing addresses needs. No intake, no
 * MASTER signers: the functions that use only this (depositAddressesApi, consoleDeposits,
 * consoleWallets) run on the core base (docs/adr/0025-lambda-bundles.md).
 */
export interface DepositAddressDeps<Base extends CoreDeps = CoreDeps>
  extends DepositRecords<Base>, AddressDeps {
  readonly hdKeyring: EvmHdAddresses;
  readonly tronHdKeyring: TronHdAddresses;
}

export function buildDepositRecords<Base extends CoreDeps>(base: Base): DepositRecords<Base> {
  const { db, config } = base;
  return {
    base,
    wallets: new DynamoWalletRepository(db, config.tableName),
    deposits: new DynamoDepositRepository(db, config.tableName),
    fees: new DynamoFeeSettingsRepository(db, config.tableName),
    poolRequests: new DynamoPoolRequestStore(db, config.tableName),
    idempotency: new DynamoIdempotencyStore(db, config.tableName),
  };
}

export function buildDepositAddressDeps<Base extends CoreDeps>(
  base: Base,
  records: DepositRecords<Base> = buildDepositRecords(base),
): DepositAddressDeps<Base> {
  const { config } = base;
  const { hdKeyring, tronHdKeyring } = hdKeyrings(base);
  return {
    ...records,
    hd: hdKeyring,
    hdKeyring,
    tronHd: tronHdKeyring,
    tronHdKeyring,
    clock: base.clock,
    audit: base.audit,
    knownExchangeAddresses: new Set(config.deposits.knownExchangeAddresses),
    destinations: destinationRules(config, { hdKeyring, tronHdKeyring }),
  };
}

export { destinationRules, hdKeyrings };

let records: DepositRecords | undefined;
let addressDeps: DepositAddressDeps | undefined;

/** The process's deposit records, on the core base (shared by the address wiring and the intake). */
export function getDepositRecords(): DepositRecords {
  records ??= buildDepositRecords(getCoreDeps());
  return records;
}

/** The process's address wiring, on the core base. */
export function getDepositAddressDeps(): DepositAddressDeps {
  addressDeps ??= buildDepositAddressDeps(getCoreDeps(), getDepositRecords());
  return addressDeps;
}
