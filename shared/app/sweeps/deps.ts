import type { Clock } from '../../ports/clock';
import type { DepositRepository } from '../../ports/deposits';
import type { EnergyProvider } from '../../ports/energy';
import type { GasRecordStore } from '../../ports/gas-records';
import type { LedgerStore } from '../../ports/ledger';
import type {
  DepositAddressSigners,
  GasTankAlerts,
  GasTankSigners,
  SweepChain,
  SweepStore,
} from '../../ports/sweeps';
import type {
  TronLeftoverStore,
  TronMasterEnergyRequests,
  TronSweepChain,
  TronSweepStore,
  TronTxSigner,
} from '../../ports/tron-sweeps';
import type { WalletAddress, WalletRepository } from '../../ports/wallets';

export interface SweepLog {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Settings of the sweep process whatever the chain. */
export interface CommonSweepSettings {
  /** Threshold per asset (token units → smallest units): smaller credited amounts wait. */
  readonly minimumAmount: (asset: string) => bigint;
  /** Address-and-token groups worked on per run. */
  readonly maxGroupsPerRun: number;
  /** How long a run keeps following what it sent (receipts, approvals, finality) before it returns. */
  readonly followForMs: number;
  readonly pollIntervalMs: number;
  /** Below this native balance (smallest units) the gas tank raises GasTankLow. */
  readonly gasTankMinimum?: bigint;
  /** USD price of the native coin for gas records; undefined: USD value null. */
  readonly nativeUsdPrice: string | undefined;
  /** Native leftovers returned to the gas tank (ADR 0024); undefined: off. */
  readonly leftovers?: LeftoverSettings;
}

/** When a deposit address's native leftover goes back to the gas tank (shared/domain/sweeps/leftovers.ts). */
export interface LeftoverSettings {
  /** Smallest amount worth returning, native smallest units. */
  readonly minimum: bigint;
  /** The most a return may cost, whole percent of what it returns. */
  readonly maxCostPercent: number;
  /** Addresses looked at per run (0: off). */
  readonly maxPerRun: number;
}

/** What every chain's sweep run needs besides its chain, store and signers. */
export interface CommonSweepDeps {
  readonly deposits: DepositRepository;
  readonly wallets: Pick<WalletRepository, 'lookup'>;
  /** The partner's MASTER wallet on this network, created on first use. */
  readonly masterWallet: (partnerId: string) => Promise<WalletAddress>;
  readonly ledger: LedgerStore;
  readonly gasRecords: GasRecordStore;
  readonly alerts?: GasTankAlerts;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log?: SweepLog;
}

export interface SweepSettings extends CommonSweepSettings {
  /** Safety margin on gas estimates (and the approve's gas price), in whole percent. */
  readonly gasMarginPercent: number;
  /** A transaction without a receipt for this long is stuck: replaced (gas tank) or reported. */
  readonly stuckAfterMs: number;
  /** Signed versions of one gas-tank transaction at most (the first plus replacements). */
  readonly maxAttempts: number;
  readonly gasTankMinimum: bigint;
}

/** Everything one EVM network's sweep run needs (the EVM strategy). */
export interface SweepDeps extends CommonSweepDeps {
  readonly network: 'BSC' | 'POLYGON';
  readonly chain: SweepChain;
  readonly store: SweepStore;
  readonly gasTank: GasTankSigners;
  readonly addressSigners: DepositAddressSigners;
  readonly alerts: GasTankAlerts;
  readonly settings: SweepSettings;
}

export interface TronSweepSettings extends CommonSweepSettings {
  /** TRX (sun) the gas tank sends to activate an address. */
  readonly activationSun: bigint;
  /** Margin on the energy estimate (and on the burn top-up), percent. */
  readonly energyMarginPercent: number;
  /** How long to wait for delegated or rented energy to show before burning instead (default 5 min). */
  readonly energyWaitMs?: number;
}

/** Everything a TRON sweep run needs (the TRON strategy). */
export interface TronSweepDeps extends CommonSweepDeps {
  readonly chain: TronSweepChain;
  readonly store: TronSweepStore;
  /** TRX leftovers' queue and returns (ADR 0024); absent: no leftover is returned. */
  readonly leftoverStore?: TronLeftoverStore;
  /** Pays activations and burn top-ups (the TRON gas tank). */
  readonly gasTank: TronTxSigner;
  readonly addressSigner: (hdAccount: number, hdIndex: number) => Promise<TronTxSigner>;
  readonly energy: { readonly delegation?: EnergyProvider; readonly rental?: EnergyProvider };
  readonly settings: TronSweepSettings;
  /** TRON withdrawals' MASTER energy requests, served each round (ADR 0023); absent: none served. */
  readonly masterEnergy?: {
    readonly requests: TronMasterEnergyRequests;
    /**
     * Where the withdrawal stands: WAITING (not signed yet), SIGNED (its transfer is signed: it uses what
     * it got), ENDED (final, or ended without paying; also when not found).
     */
    withdrawalState(partnerId: string, code: string): Promise<'WAITING' | 'SIGNED' | 'ENDED'>;
  };
}
