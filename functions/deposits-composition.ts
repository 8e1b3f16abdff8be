import { DynamoDepositRepository } from '../shared/adapters/dynamodb/deposit-repository';
import { DynamoFeeSettingsRepository } from '../shared/adapters/dynamodb/fee-settings-repository';
import { DynamoPoolRequestStore } from '../shared/adapters/dynamodb/pool-request-store';
import { DynamoWalletRepository } from '../shared/adapters/dynamodb/wallet-repository';
import { EvmHdKeyring } from '../shared/adapters/evm/hd-keyring';
import { TronHdKeyring } from '../shared/adapters/tron/tron-hd-keyring';
import type { AddressDeps } from '../shared/app/deposits/deposit-addresses';
import { DepositIntakeService } from '../shared/app/deposits/deposit-intake';
import { isLargeDeposit } from '../shared/app/webhooks/large-deposit';
import { parseAmount } from '../shared/domain/ledger/amount';
import type { DepositRepository } from '../shared/ports/deposits';
import type { FeeSettingsStore } from '../shared/ports/fee-settings';
import type { PoolRequestStore } from '../shared/ports/pool-requests';
import type { WalletRepository } from '../shared/ports/wallets';
import { getDeps } from './composition';
import type { GatewayDeps } from './composition';

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
  readonly intake: DepositIntakeService;
}

export function buildDepositDeps(base: GatewayDeps): DepositDeps {
  const { db, config } = base;
  const wallets = new DynamoWalletRepository(db, config.tableName);
  const hdKeyring = new EvmHdKeyring(db, config.tableName, base.keyVault, () => base.clock.now());
  // TRON keys come from the same seed (m/44'/195'/…); the EVM keyring creates the seed when it is missing.
  const tronHdKeyring = new TronHdKeyring(db, config.tableName, base.keyVault, () => hdKeyring.deriveAddress(0, 0));
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
        const request = await poolRequests.fulfil(wallet.network, token, wallet.address, amount, depositId, at);
        return request ? { userId: request.userId } : undefined;
      },
    },
    onError: (message, e) => base.logger.error(message, { error: e as Error }),
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
    intake,
    clock: base.clock,
    audit: base.audit,
    knownExchangeAddresses: new Set(config.deposits.knownExchangeAddresses),
  };
}

let cached: DepositDeps | undefined;

export function getDepositDeps(): DepositDeps {
  cached ??= buildDepositDeps(getDeps());
  return cached;
}
