import { pricedGasRecordStore } from './gas-records';
import { DynamoWithdrawalRepository } from '../adapters/dynamodb/withdrawal-repository';
import { DelegationEnergyProvider } from '../adapters/tron/delegation-energy-provider';
import { RentalEnergyProvider } from '../adapters/tron/rental-energy-provider';
import { TronChainGateway } from '../adapters/tron/tron-chain-gateway';
import { TRON_HD_ACCOUNTS } from '../adapters/tron/tron-hd-addresses';
import type { TronSigner } from '../adapters/tron/tron-signer';
import { DynamoTronSweepStore } from '../adapters/tron/tron-sweep-store';
import type { TronSweepDeps } from '../app/sweeps/run-sweeps';
import { parseAmount } from '../domain/ledger/amount';
import { assetOf } from '../domain/ledger/asset';
import type { WithdrawalStatus } from '../domain/withdrawal/withdrawal';
import type { EnergyProvider } from '../ports/energy';
import type { DepositDeps } from './deposits';
import { hdSigningKeyrings } from './hd-signing';
import { masterWalletsFor } from './master-wallets';
import { getDepositDeps } from './deposits';

/**
 * TRON sweep wiring on top of the deposit wiring: the chain gateway, the sweep store, the gas tank (HD
 * account 3, `m/44'/195'/3'/0/0`, which is also the staking account whose energy is delegated; a KMS
 * signer plugs in here on AWS), deposit-address keys from the HD seed, and the energy sources
 * (delegation always; rental when TRON_ENERGY_RENTAL_URL and its key are configured).
 */
export interface TronSweepWiring {
  readonly chain: TronChainGateway;
  gasTank(): Promise<TronSigner>;
  deps(overrides?: Partial<TronSweepDeps>): Promise<TronSweepDeps>;
}

export function buildTronSweepWiring(
  depositDeps: DepositDeps,
  options: { readonly chain?: TronChainGateway; readonly rental?: EnergyProvider | null } = {},
): TronSweepWiring {
  const { base } = depositDeps;
  const { db, config } = base;
  const chain =
    options.chain ??
    TronChainGateway.connect(config.networks.TRON, {
      timeoutMs: config.poller.rpcTimeoutMs,
      ...(config.tron.apiKey ? { apiKey: config.tron.apiKey } : {}),
    });
  // Sweeps go where withdrawals pay from: the partner's HD MASTER, or the KMS MASTER key (MASTER_SIGNER=kms).
  const masterWallets = masterWalletsFor(depositDeps);
  let tank: Promise<TronSigner> | undefined;
  const gasTank = () =>
    (tank ??= hdSigningKeyrings(depositDeps).tron.signerFor(TRON_HD_ACCOUNTS.GAS_TANK, 0));
  const rental =
    options.rental === null
      ? undefined
      : (options.rental ??
        (config.tron.rental
          ? new RentalEnergyProvider({ ...config.tron.rental, timeoutMs: config.poller.rpcTimeoutMs })
          : undefined));
  const net = config.networks.TRON;
  return {
    chain,
    gasTank,
    deps: async (overrides = {}) => {
      const signer = await gasTank();
      const store = new DynamoTronSweepStore(db, config.tableName);
      const withdrawals = new DynamoWithdrawalRepository(db, config.tableName);
      return {
        chain,
        store,
        leftoverStore: store,
        // TRON withdrawals' MASTER energy requests (ADR 0023): served from the same energy sources.
        masterEnergy: {
          requests: store,
          withdrawalState: async (partnerId, code) => {
            const w = await withdrawals.get(partnerId, code);
            if (!w || ENDED.includes(w.status)) return 'ENDED';
            return (w.tx?.attempts.length ?? 0) > 0 ? 'SIGNED' : 'WAITING';
          },
        },
        deposits: depositDeps.deposits,
        wallets: depositDeps.wallets,
        masterWallet: (partnerId) => masterWallets.masterWallet(partnerId, 'TRON'),
        ledger: base.ledger,
        gasRecords: pricedGasRecordStore(base),
        gasTank: signer,
        addressSigner: (hdAccount, hdIndex) =>
          hdSigningKeyrings(depositDeps).tron.signerFor(hdAccount, hdIndex),
        energy: {
          delegation: new DelegationEnergyProvider(chain, signer, {
            opportunityCostSunPerEnergy: BigInt(config.tron.delegationCostSunPerEnergy),
          }),
          ...(rental ? { rental } : {}),
        },
        clock: base.clock,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        settings: {
          minimumAmount: (asset) =>
            parseAmount(config.sweeps.minimumAmount, assetOf(asset).decimals, { allowZero: true }),
          activationSun: parseAmount(config.tron.activationTrx, 6, { allowZero: false }),
          energyMarginPercent: config.sweeps.gasMarginPercent,
          maxGroupsPerRun: config.sweeps.maxGroupsPerRun,
          followForMs: config.sweeps.followForMs,
          pollIntervalMs: Math.max(250, net.blockTimeMs),
          nativeUsdPrice: config.sweeps.nativeUsdPrice.TRON,
          gasTankMinimum: parseAmount(config.sweeps.gasTankMinimum.TRON ?? '0', 6, { allowZero: true }),
          leftovers: {
            minimum: parseAmount(config.sweeps.leftovers.minimum.TRON ?? '0', 6, { allowZero: true }),
            maxCostPercent: config.sweeps.leftovers.maxCostPercent,
            maxPerRun: config.sweeps.leftovers.maxPerRun,
          },
        },
        log: {
          info: (message, details) => base.logger.info(message, details ?? {}),
          warn: (message, details) => base.logger.warn(message, details ?? {}),
          error: (message, details) => base.logger.error(message, details ?? {}),
        },
        ...overrides,
      };
    },
  };
}

/** A withdrawal in one of these no longer needs MASTER's energy (CONFIRMED: final on chain). */
const ENDED: readonly WithdrawalStatus[] = ['CONFIRMED', 'FAILED', 'CANCELLED', 'REJECTED'];

let cached: TronSweepWiring | undefined;

export function getTronSweepWiring(): TronSweepWiring {
  cached ??= buildTronSweepWiring(getDepositDeps());
  return cached;
}
