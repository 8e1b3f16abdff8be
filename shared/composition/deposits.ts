import { DynamoDepositRepository } from '../adapters/dynamodb/deposit-repository';
import { DynamoFeeSettingsRepository } from '../adapters/dynamodb/fee-settings-repository';
import { DynamoPoolRequestStore } from '../adapters/dynamodb/pool-request-store';
import { DynamoWalletRepository } from '../adapters/dynamodb/wallet-repository';
import { EvmHdKeyring } from '../adapters/evm/hd-keyring';
import { TronHdKeyring } from '../adapters/tron/tron-hd-keyring';
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
  readonly hdKeyring: EvmHdKeyring;
  readonly tronHdKeyring: TronHdKeyring;
  readonly deposits: DepositRepository;
  readonly fees: FeeSettingsStore;
  readonly poolRequests: PoolRequestStore;
  /** Idempotency records of the POSTs that create deposit-relevant state (shared/app/idempotency). */
  readonly idempotency: IdempotencyStore;
  readonly intake: DepositIntakeService;
}

export function buildDepositDeps(base: GatewayDeps): DepositDeps {
  const { db, config } = base;
  const wallets = new DynamoWalletRepository(db, config.tableName);
  const { hdKeyring, tronHdKeyring } = hdKeyrings(base);
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
    hd: hdKeyring,
    hdKeyring,
    tronHd: tronHdKeyring,
    tronHdKeyring,
    deposits,
    fees,
    poolRequests,
    idempotency: new DynamoIdempotencyStore(db, config.tableName),
    intake,
    clock: base.clock,
    audit: base.audit,
    knownExchangeAddresses: new Set(config.deposits.knownExchangeAddresses),
    destinations: destinationRules(config, { hdKeyring, tronHdKeyring }),
  };
}

/** The HD keyrings of the gateway's seed (EVM and TRON). */
export function hdKeyrings(base: Pick<GatewayDeps, 'db' | 'config' | 'keyVault' | 'clock'>): {
  readonly hdKeyring: EvmHdKeyring;
  readonly tronHdKeyring: TronHdKeyring;
} {
  const { db, config } = base;
  const hdKeyring = new EvmHdKeyring(db, config.tableName, base.keyVault, () => base.clock.now());
  // TRON keys come from the same seed (m/44'/195'/…); the EVM keyring creates the seed when it is missing.
  const tronHdKeyring = new TronHdKeyring(db, config.tableName, base.keyVault, () =>
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

export function getDepositDeps(): DepositDeps {
  cached ??= buildDepositDeps(getDeps());
  return cached;
}
