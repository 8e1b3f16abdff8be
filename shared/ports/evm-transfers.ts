import type { NetworkCode, TokenSymbol } from '../domain/chains/networks';

/**
 * What a chain scanner reports: ERC-20 (or TRC-20) Transfer events of the configured token contracts,
 * from successful transactions only, with removed (reorged) logs already dropped. Addresses are
 * checksummed (EVM) / base58 (TRON); tx hashes are lowercase 0x-hex (EVM) / the txID as 64 lowercase hex
 * without 0x (TRON, whose log index counts within the transaction, see tron-transfer-scanner.ts).
 */
export interface ObservedTransfer {
  readonly network: NetworkCode;
  readonly token: TokenSymbol;
  readonly tokenAddress: string;
  readonly txHash: string;
  readonly logIndex: number;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly blockTime?: string;
  readonly from: string;
  readonly to: string;
  readonly amount: bigint;
}

export interface ChainHeadInfo {
  readonly latest: number;
  /** Highest block counted final by the network's policy (finalized tag, or depth fallback). */
  readonly finalized: number;
}

export interface TransferScanner {
  readonly network: NetworkCode;
  head(): Promise<ChainHeadInfo>;
  /**
   * Transfers of the configured tokens in [fromBlock, toBlock]. The number of RPC calls depends on
   * the block range only, never on how many deposit addresses exist.
   */
  scan(fromBlock: number, toBlock: number): Promise<ObservedTransfer[]>;
  /** Hash of the canonical block at that height now, or undefined above the head. */
  canonicalBlockHash(blockNumber: number): Promise<string | undefined>;
  /** The transfers of one transaction as it stands now (empty when failed, unknown or not yet mined). */
  transfersInTransaction(txHash: string): Promise<ObservedTransfer[]>;
}

/**
 * Where the poller hands what it saw. Implemented by the deposits use-cases: matching recipients and
 * senders against the address index in bulk, recording deposits idempotently, and moving open deposits
 * to CONFIRMED (with the ledger credit) or FAILED (reorged out).
 *
 * Neither call fails because of one transfer or one deposit: a transfer that cannot be processed is
 * recorded FAILED / INTAKE_ERROR and alerted, a deposit that cannot be credited stays open and is
 * alerted. They reject only when the store or the chain is unavailable, so the poller retries the round.
 */
export interface DepositIntake {
  ingest(
    network: NetworkCode,
    transfers: readonly ObservedTransfer[],
    head: ChainHeadInfo,
  ): Promise<{ readonly detected: number }>;
  confirm(
    network: NetworkCode,
    head: ChainHeadInfo,
    scanner: TransferScanner,
  ): Promise<{ readonly confirmed: number; readonly failed: number }>;
}
