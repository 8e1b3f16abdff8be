import { Metrics } from '@aws-lambda-powertools/metrics';
import { pricedGasRecordStore } from './gas-records';
import { DynamoSweepStore } from '../adapters/dynamodb/sweep-store';
import { EvmSweepChain } from '../adapters/evm/sweep-chain';
import { HdDepositAddressSigners, HdGasTankSigners } from '../adapters/evm/sweep-signers';
import { MetricGasTankAlerts } from '../adapters/lambda/gas-tank-alerts';
import type { SweepDeps, SweepSettings } from '../app/sweeps/deps';
import type { GasTankFundingDeps } from '../app/sweeps/gas-tank-funding';
import type { NetworkCode } from '../config/networks';
import { parseAmount } from '../domain/ledger/amount';
import { assetOf } from '../domain/ledger/asset';
import type { GasRecordStore } from '../ports/gas-records';
import type {
  DepositAddressSigners,
  GasTankAlerts,
  GasTankSigners,
  SweepChain,
  SweepStore,
} from '../ports/sweeps';
import type { DepositDeps } from './deposits';
import { getDepositDeps } from './deposits';
import { hdSigningKeyrings } from './hd-signing';
import { masterWalletsFor } from './master-wallets';

/**
 * Sweep wiring, on top of the deposit wiring: the sweep store, gas records, the gas tank and
 * deposit-address signers (HD seed through the key vault; a KMS signer for the gas tank plugs in here
 * on AWS), and one chain adapter per EVM network, kept for the life of the process.
 */
export type SweepNetwork = 'BSC' | 'POLYGON';

export interface SweepWiring {
  readonly depositDeps: DepositDeps;
  readonly store: SweepStore;
  readonly gasRecords: GasRecordStore;
  readonly gasTank: GasTankSigners;
  readonly addressSigners: DepositAddressSigners;
  readonly metrics: Metrics;
  readonly alerts: GasTankAlerts;
  chain(network: SweepNetwork): SweepChain;
  /** Everything a sweep run on `network` needs. */
  forNetwork(network: SweepNetwork, overrides?: Partial<SweepDeps>): SweepDeps;
  funding(network: SweepNetwork): GasTankFundingDeps;
}

export function sweepSettings(depositDeps: DepositDeps, network: SweepNetwork): SweepSettings {
  const { config } = depositDeps.base;
  const s = config.sweeps;
  const net = config.networks[network];
  return {
    minimumAmount: (asset) => parseAmount(s.minimumAmount, assetOf(asset).decimals, { allowZero: true }),
    gasMarginPercent: s.gasMarginPercent,
    stuckAfterMs: s.stuckAfterMs,
    maxAttempts: s.maxAttempts,
    maxGroupsPerRun: s.maxGroupsPerRun,
    followForMs: s.followForMs,
    pollIntervalMs: Math.max(250, net.blockTimeMs),
    gasTankMinimum: parseAmount(s.gasTankMinimum[network] ?? '0', net.nativeDecimals, { allowZero: true }),
    nativeUsdPrice: s.nativeUsdPrice[network],
    leftovers: {
      minimum: parseAmount(s.leftovers.minimum[network] ?? '0', net.nativeDecimals, { allowZero: true }),
      maxCostPercent: s.leftovers.maxCostPercent,
      maxPerRun: s.leftovers.maxPerRun,
    },
  };
}

export function buildSweepWiring(
  depositDeps: DepositDeps,
  options: { readonly chains?: Partial<Record<SweepNetwork, SweepChain>> } = {},
): SweepWiring {
  const { base } = depositDeps;
  const { db, config } = base;
  const store = new DynamoSweepStore(db, config.tableName);
  // Sweeps go where withdrawals pay from: the partner's HD MASTER, or the KMS MASTER key (MASTER_SIGNER=kms).
  const masterWallets = masterWalletsFor(depositDeps);
  const gasRecords = pricedGasRecordStore(base);
  const gasTank = new HdGasTankSigners(hdSigningKeyrings(depositDeps).evm);
  const addressSigners = new HdDepositAddressSigners(hdSigningKeyrings(depositDeps).evm);
  const metrics = new Metrics({ namespace: 'Gateway', serviceName: config.serviceName });
  const alerts = new MetricGasTankAlerts(metrics, base.logger);
  const chains = new Map<SweepNetwork, SweepChain>(
    Object.entries(options.chains ?? {}) as [SweepNetwork, SweepChain][],
  );
  const chain = (network: SweepNetwork): SweepChain => {
    let c = chains.get(network);
    if (!c) {
      c = EvmSweepChain.connect(config.networks[network], { timeoutMs: config.poller.rpcTimeoutMs });
      chains.set(network, c);
    }
    return c;
  };
  return {
    depositDeps,
    store,
    gasRecords,
    gasTank,
    addressSigners,
    metrics,
    alerts,
    chain,
    forNetwork: (network, overrides = {}) => ({
      network,
      chain: chain(network),
      store,
      deposits: depositDeps.deposits,
      wallets: depositDeps.wallets,
      masterWallet: (partnerId) => masterWallets.masterWallet(partnerId, network as NetworkCode),
      ledger: base.ledger,
      gasRecords,
      gasTank,
      addressSigners,
      alerts,
      clock: base.clock,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      settings: sweepSettings(depositDeps, network),
      log: {
        info: (message, details) => base.logger.info(message, details ?? {}),
        warn: (message, details) => base.logger.warn(message, details ?? {}),
        error: (message, details) => base.logger.error(message, details ?? {}),
      },
      ...overrides,
    }),
    funding: (network) => ({ network, chain: chain(network), gasTank, ledger: base.ledger }),
  };
}

let cached: SweepWiring | undefined;

export function getSweepWiring(): SweepWiring {
  cached ??= buildSweepWiring(getDepositDeps());
  return cached;
}
