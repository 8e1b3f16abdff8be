import type { NetworkCode, NetworkConfig } from '../../domain/chains/networks';
import type { Asset } from '../../domain/ledger/asset';
import type { Clock } from '../../ports/clock';
import type { GasRecordStore } from '../../ports/gas-records';
import type { IdempotencyStore } from '../../ports/idempotency';
import type { LedgerStore } from '../../ports/ledger';
import type { MasterGasRequests, SweepTrigger } from '../../ports/sweeps';
import type { WalletAddress } from '../../ports/wallets';
import type { WebhookPublisher } from '../../ports/webhooks';
import type {
  TronWithdrawalDeps,
  MasterSigners,
  WithdrawalAlerts,
  WithdrawalChain,
  WithdrawalRepository,
  WithdrawalSettingsStore,
  WithdrawalWorkflow,
} from '../../ports/withdrawals';

export interface WithdrawalTimings {
  /** A broadcast transaction not mined after this long is replaced with a higher price. */
  readonly stuckAfterMs: number;
  /** How long a whitelist entry cools before it can be used. */
  readonly whitelistCoolingMs: number;
  /** Replacements before the pipeline stops bumping and alerts (the last one keeps being tracked). */
  readonly maxAttempts: number;
  /** Gas limit margin over the estimate, in percent. */
  readonly gasMarginPercent: number;
}

/**
 * What requesting, deciding, listing and restarting withdrawals need: the partner API and console
 * functions and the stall sweeper. No chain, no signer, no MASTER: wired by
 * shared/composition/withdrawal-requests.ts, so those functions carry none of it (ADR 0025).
 */
export interface WithdrawalRequestDeps {
  readonly withdrawals: WithdrawalRepository;
  readonly settings: WithdrawalSettingsStore;
  readonly ledger: LedgerStore;
  readonly clock: Clock;
  readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>;
  readonly workflow: WithdrawalWorkflow;
  /** Idempotency records of withdrawal requests (shared/app/idempotency). */
  readonly idempotency: IdempotencyStore;
  readonly webhooks?: WebhookPublisher;
  /** The 24-hour credential-change lock of the partner (shared with the console). */
  readonly partnerSecurity: {
    get(partnerId: string): Promise<{ readonly withdrawalLockedUntil?: string | undefined }>;
  };
  /**
   * The gateway's gas tanks on a network, refused as destinations (DestinationRules); absent when
   * DESTINATION_REFUSE_GAS_TANKS=false.
   */
  gasTanks?(network: NetworkCode): Promise<readonly string[]>;
  /** Whether an address is one of the partner's own gateway addresses (HOT, MASTER, POOL). */
  isOwnAddress(partnerId: string, network: NetworkCode, address: string): Promise<boolean>;
  /** Whether a contract is deployed at an EVM address (eth_getCode): the console's destination check. */
  hasCode(network: NetworkCode, address: string): Promise<boolean>;
  /** The smallest withdrawal of an asset (WITHDRAWAL_MIN_AMOUNT(S)), in its minor units. */
  minimumWithdrawal(asset: Asset): bigint;
  /** The withdrawal fee charged on top of the amount (0 when none is configured). */
  feeFor(partnerId: string, asset: Asset): Promise<bigint>;
  readonly timings: Pick<WithdrawalTimings, 'whitelistCoolingMs'>;
  readonly onError?: (message: string, e: unknown) => void;
  /**
   * The partner's ancestors, its parent first: recorded on the withdrawal for the sub-partner counters
   * (ADR 0032). A partner never moves in the tree, so a cached answer stays right.
   */
  ancestryOf?(partnerId: string): Promise<readonly string[]>;
}

/**
 * What executing a withdrawal needs besides (the withdrawal task function): the chains, MASTER and
 * its signers, alerts, gas records and the requests to the sweep process. Wired by
 * shared/composition/withdrawals.ts.
 */
export interface WithdrawalDeps extends WithdrawalRequestDeps {
  /** The partner's MASTER wallet on a network, created on first use. */
  masterWallet(partnerId: string, network: NetworkCode): Promise<WalletAddress>;
  chain(network: NetworkCode): WithdrawalChain;
  /** TRON: no nonces, transactions that expire; absent where TRON is not wired. */
  readonly tron?: TronWithdrawalDeps;
  readonly signers: MasterSigners;
  readonly alerts: WithdrawalAlerts;
  readonly gasRecords: GasRecordStore;
  /** Asks for an immediate sweep when MASTER cannot pay (absent: the schedule brings the funds). */
  readonly sweepTrigger?: SweepTrigger;
  /**
   * EVM: MASTER short of gas asks the sweep process (the one writer of the gas tank's nonces) for a
   * top-up from the gas tank; absent: an operator funds MASTER (masterGasLow).
   */
  readonly masterGas?: {
    readonly requests: MasterGasRequests;
    /** The gas tank that pays the top-up: its balance decides between asking and alerting. */
    gasTank(network: NetworkCode): Promise<string>;
  };
  readonly timings: WithdrawalTimings;
  /** USD price of a network's native coin, for gas records (undefined: no price configured). */
  readonly nativeUsdPrice?: (network: NetworkCode) => string | undefined;
}
