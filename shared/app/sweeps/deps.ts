import type { Clock } from '../../ports/clock';
import type { DepositRepository } from '../../ports/deposits';
import type { GasRecordStore } from '../../ports/gas-records';
import type { LedgerStore } from '../../ports/ledger';
import type {
  DepositAddressSigners,
  GasTankAlerts,
  GasTankSigners,
  SweepChain,
  SweepStore,
} from '../../ports/sweeps';
import type { WalletAddress, WalletRepository } from '../../ports/wallets';

export interface SweepSettings {
  /** Threshold per asset (token units → smallest units): smaller credited amounts wait. */
  readonly minimumAmount: (asset: string) => bigint;
  /** Safety margin on gas estimates (and the approve's gas price), in whole percent. */
  readonly gasMarginPercent: number;
  /** A transaction without a receipt for this long is stuck: replaced (gas tank) or reported. */
  readonly stuckAfterMs: number;
  /** Signed versions of one gas-tank transaction at most (the first plus replacements). */
  readonly maxAttempts: number;
  /** Address-and-token groups worked on per run. */
  readonly maxGroupsPerRun: number;
  /** How long a run keeps following what it sent (receipts, approvals, finality) before it returns. */
  readonly followForMs: number;
  readonly pollIntervalMs: number;
  /** Below this native balance (smallest units) the gas tank raises GasTankLow. */
  readonly gasTankMinimum: bigint;
  /** USD price of the native coin for gas records; undefined: USD value null. */
  readonly nativeUsdPrice: string | undefined;
}

export interface SweepLog {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Everything one network's sweep run needs. */
export interface SweepDeps {
  readonly network: 'BSC' | 'POLYGON';
  readonly chain: SweepChain;
  readonly store: SweepStore;
  readonly deposits: DepositRepository;
  readonly wallets: Pick<WalletRepository, 'lookup'>;
  /** The partner's MASTER wallet on this network, created on first use. */
  readonly masterWallet: (partnerId: string) => Promise<WalletAddress>;
  readonly ledger: LedgerStore;
  readonly gasRecords: GasRecordStore;
  readonly gasTank: GasTankSigners;
  readonly addressSigners: DepositAddressSigners;
  readonly alerts: GasTankAlerts;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly settings: SweepSettings;
  readonly log?: SweepLog;
}
