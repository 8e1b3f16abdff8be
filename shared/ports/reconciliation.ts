import type { NetworkCode } from '../config/networks';
import type { AccountId } from '../domain/ledger/accounts';
import type { AssetCode } from '../domain/ledger/asset';

/**
 * On-chain holdings behind the custody accounts. Each chain adapter implements it for its networks
 * (it knows which wallet addresses a custody account stands for); undefined = not readable here.
 */
export interface ChainCustodyReader {
  readCustody(asset: AssetCode, custodyAccounts: readonly AccountId[]): Promise<ReadonlyMap<AccountId, bigint> | undefined>;
}

export interface CustodyDrift {
  readonly account: AccountId;
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

export type Alert = { readonly type: 'LEDGER_DRIFT'; readonly asset: AssetCode; readonly report: ReconciliationReport } | DepositNeedsReviewAlert;

export interface AlertPublisher {
  raise(alert: Alert): Promise<void>;
}
