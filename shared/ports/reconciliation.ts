import type { AccountId, WalletType } from '../domain/ledger/accounts';
import type { NetworkCode } from '../domain/chains/networks';
import type { AssetCode } from '../domain/ledger/asset';

/**
 * What a set of on-chain addresses holds of one asset, and the custody accounts that stand for it: a
 * partner's HOT addresses ↔ `custody:{pid}:HOT`, its MASTER ↔ `custody:{pid}:MASTER`, or one MASTER
 * key shared by every partner (KMS mode) ↔ every partner's `custody:{pid}:MASTER`, the gas tank ↔
 * `custody:platform:HOT`. The ledger side is the sum of the accounts, compared with `onChain`.
 */
export interface CustodyHolding {
  readonly asset: AssetCode;
  readonly accounts: readonly AccountId[];
  readonly addresses: readonly string[];
  readonly onChain: bigint;
}

/**
 * On-chain holdings behind the custody accounts of one network, read in batches (every asset of the
 * network in one pass). `custodyAccounts` are the ledger's custody accounts of the network's assets
 * (they name the partners whose wallets to read); undefined = the network is not readable here.
 */
export interface ChainCustodyReader {
  readCustody(
    network: NetworkCode,
    custodyAccounts: readonly AccountId[],
  ): Promise<readonly CustodyHolding[] | undefined>;
}

export interface CustodyDrift {
  /** The first of `accounts` (the only one unless an address stands for several). */
  readonly account: AccountId;
  readonly accounts: readonly AccountId[];
  /** The on-chain addresses compared (empty: custody the gateway has no address for). */
  readonly addresses: readonly string[];
  /** Posted balance of the accounts together. */
  readonly ledger: bigint;
  readonly onChain: bigint;
}

export interface ReconciliationReport {
  readonly asset: AssetCode;
  readonly at: string;
  readonly status: 'OK' | 'DRIFT';
  /** Partner, client and revenue balances the gateway owes. */
  readonly liabilities: bigint;
  /** What the custody accounts say the gateway holds. */
  readonly custody: bigint;
  /** custody − liabilities; must be zero for stablecoins. */
  readonly ledgerDrift: bigint;
  /** Sum of debits − credits over every account of the asset; must be zero (double entry). */
  readonly unbalanced: bigint;
  readonly onChain: 'MATCHED' | 'DRIFT' | 'NOT_CHECKED';
  readonly custodyDrifts: readonly CustodyDrift[];
  readonly accounts: number;
}

export interface ReconciliationReports {
  save(report: ReconciliationReport): Promise<void>;
  latest(asset: AssetCode): Promise<ReconciliationReport | undefined>;
}

/**
 * A deposit the intake could not process (issue 12 §0). `INTAKE`: the transfer was recorded as FAILED /
 * INTAKE_ERROR instead of stopping the poller. `CONFIRM`: an open deposit keeps failing to confirm or
 * credit; it stays open and is retried every round (its ledger entry id makes that safe).
 */
export interface DepositNeedsReviewAlert {
  readonly type: 'DEPOSIT_NEEDS_REVIEW';
  readonly stage: 'INTAKE' | 'CONFIRM';
  readonly network: NetworkCode;
  readonly depositId: string;
  readonly txHash: string;
  readonly logIndex: number;
  readonly partnerId: string;
  readonly reason: string;
}

export type Alert =
  | { readonly type: 'LEDGER_DRIFT'; readonly asset: AssetCode; readonly report: ReconciliationReport }
  | DepositNeedsReviewAlert;

export interface AlertPublisher {
  raise(alert: Alert): Promise<void>;
  /** Once per run, drift or not, so the alarm sees a value every period and clears when drift is gone. */
  reconciled?(summary: { readonly assets: number; readonly drifting: number }): Promise<void>;
}

/**
 * Where custody lives on chain, per network: every address of a partner's custody by wallet type
 * (all its HOT addresses, released reservations too, its POOL and its MASTER), and the gas tank.
 */
export interface CustodyAddressSource {
  partnerAddresses(
    partnerId: string,
    network: NetworkCode,
  ): Promise<readonly { readonly wallet: WalletType; readonly address: string }[]>;
  /** The network's gas tank (sweep relayer; on TRON also the energy staker): `custody:platform:HOT`. */
  gasTank(network: NetworkCode): Promise<string | undefined>;
}

/**
 * Token and native-coin balances of many addresses on one network, in batches (Multicall3 on EVM).
 * Keys: the address as given; values: every asset of the network (tokens and the native coin).
 */
export interface CustodyBalanceReader {
  balances(addresses: readonly string[]): Promise<ReadonlyMap<string, ReadonlyMap<AssetCode, bigint>>>;
}
