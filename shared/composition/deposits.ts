import { DynamoDepositRepository } from '../adapters/dynamodb/deposit-repository';
import { DynamoFeeSettingsRepository } from '../adapters/dynamodb/fee-settings-repository';
import { DynamoPoolRequestStore } from '../adapters/dynamodb/pool-request-store';
import { DynamoWalletRepository } from '../adapters/dynamodb/wallet-repository';
import { EvmHdAddresses } from '../adapters/evm/hd-addresses';
import { TronHdAddresses } from '../adapters/tron/tron-hd-addresses';
import type { AddressDeps } from '../app/deposits/deposit-addresses';
import { DepositIntakeService } from '../app/deposits/deposit-intake';
import { isLargeDeposit } from '../app/webhooks/large-deposit';
import { parseAmount } from '../domain/ledger/amount';
import type { DepositRepository } from '../ports/deposits';
import type { FeeSettingsStore } from '../ports/fee-settings';
import type { PoolRequestStore } from '../ports/pool-requests';
import type { WalletRepository } from '../ports/wallets';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { MetricAlertPublisher } from '../adapters/lambda/metric-alerts';
import type { IdempotencyStore } from '../ports/idempotency';
import type { DestinationRules } from '../app/withdrawals/destinations';
import type { AppConfig } from '../config/config';
import { gasTankAddresses } from './gas-tanks';
import { getDeps } from './gateway';
import type { GatewayDeps } from './gateway';

/**
 * Deposit wiring (addresses, HD keyring, deposits, fees, POOL requests, the poller's intake), built on
 * the gateway's base wiring once per process.
 */
export interface DepositDeps extends AddressDeps {
  readonly base: GatewayDeps;
  readonly wallets: WalletRepository;
  /** The seed's addresses, from its public keys; the signing keyrings are in composition/hd-signing.ts. */
  readonly hdKeyring: EvmHdAddresses;
  readonly tronHdKeyring: TronHdAddresses;
  readonly deposits: DepositRepository;
  readonly fees: FeeSettingsStore;
  readonly poolRequests: PoolRequestStore;
  /** Idempotency records of the POSTs that create deposit-relevant state (shared/app/idempotency). */
  readonly idempotency: IdempotencyStore;
  readonly intake: DepositIntakeService;
}

/**
 * The deposit records and the intake, without the HD keyrings: what listing, reading and rescanning
 * deposits needs. A function that uses only this (`depositsApi`) does not bundle address derivation.
 */
export type DepositRecords = Pick<
  DepositDeps,
  'base' | 'wallets' | 'deposits' | 'fees' | 'poolRequests' | 'idempotency' | 'intake'
>;

export function buildDepositRecords(base: GatewayDeps): DepositRecords {
  const { db, config } = base;
  const wallets = new DynamoWalletRepository(db, config.tableName);
  const deposits = new DynamoDepositRepository(db, config.tableName);
  const fees = new DynamoFeeSettingsRepository(db, config.tableName);
  const poolRequests = new DynamoPoolRequestStore(db, config.tableName);
  const intake = new DepositIntakeService({
    wallets,
    deposits,
    ledger: base.ledger,
    partners: base.partners,
    fees,
    clock: base.clock,
    networks: config.networks,
    minimumAmount: (asset) => parseAmount(config.deposits.minimumAmount, asset.decimals, { allowZero: true }),
    // Webhook events go to the outbox with the deposit writes; the outbox relay publishes them.
    isLargeDeposit: (partnerId: string, amountUsd: string) => isLargeDeposit(base, partnerId, amountUsd),
    poolMatcher: {
      claim: async (wallet, token, amount, depositId, at) => {
        const request = await poolRequests.fulfil(
          wallet.network,
          token,
          wallet.address,
          amount,
          depositId,
          at,
        );
        return request ? { userId: request.userId } : undefined;
      },
    },
    onError: (message, e) => base.logger.error(message, { error: e as Error }),
    // A transfer flagged for review (FAILED / INTAKE_ERROR) pages through Gateway/DepositNeedsReview.
    alerts: new MetricAlertPublisher(
      new Metrics({ namespace: 'Gateway', serviceName: config.serviceName }),
      base.logger,
    ),
  });
  return {
    base,
    wallets,
    deposits,
    fees,
    poolRequests,
    idempotency: new DynamoIdempotencyStore(db, config.tableName),
    intake,
  };
}

export function buildDepositDeps(base: GatewayDeps, records = buildDepositRecords(base)): DepositDeps {
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

/**
 * The addresses of the gateway's HD seed (EVM and TRON), from its public keys; the signing keyrings
 * are in composition/hd-signing.ts.
 */
export function hdKeyrings(base: Pick<GatewayDeps, 'db' | 'config' | 'keyVault' | 'clock'>): {
  readonly hdKeyring: EvmHdAddresses;
  readonly tronHdKeyring: TronHdAddresses;
} {
  const { db, config } = base;
  const hdKeyring = new EvmHdAddresses(db, config.tableName, base.keyVault, () => base.clock.now());
  // TRON keys come from the same seed (m/44'/195'/…); the EVM keyring creates the seed when it is missing.
  const tronHdKeyring = new TronHdAddresses(db, config.tableName, base.keyVault, () =>
    hdKeyring.deriveAddress(0, 0),
  );
  return { hdKeyring, tronHdKeyring };
}

/** The burn rules' inputs: the networks and, unless DESTINATION_REFUSE_GAS_TANKS=false, the gas tanks. */
export function destinationRules(
  config: AppConfig,
  keyrings: Parameters<typeof gasTankAddresses>[0],
): DestinationRules {
  if (!config.destinations.refuseGasTanks) return { networks: config.networks };
  const gasTank = gasTankAddresses(keyrings);
  return { networks: config.networks, gasTanks: async (network) => [await gasTank(network)] };
}

let cached: DepositDeps | undefined;
let cachedRecords: DepositRecords | undefined;

/** The process's deposit records (shared with `getDepositDeps` when both are used). */
export function getDepositRecords(): DepositRecords {
  cachedRecords ??= cached ?? buildDepositRecords(getDeps());
  return cachedRecords;
}

export function getDepositDeps(): DepositDeps {
  cached ??= buildDepositDeps(getDeps(), getDepositRecords());
  return cached;
}
