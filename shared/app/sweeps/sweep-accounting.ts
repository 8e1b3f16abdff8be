import { accounts } from '../../domain/ledger/accounts';
import type { EntryRequest, Posting } from '../../domain/ledger/entry';
import { gasCost, usdValue } from '../../domain/sweeps/gas';
import type { SweepTx, SweepTxReceipt } from '../../domain/sweeps/sweep-transaction';
import type { GasRecord } from '../../ports/gas-records';

/**
 * The ledger side of the sweeper. Custody accounts mirror the chain:
 * - `custody:platform:HOT/<native>` is the gas tank; it is funded from `world` when a funding is recorded.
 * - A TOPUP moves native coin from the gas tank to `custody:<pid>:<HOT|POOL>/<native>` (the address
 *   holds it until its approve spends it; the rest stays there) and expenses the top-up's own gas. A
 *   MASTER top-up (a waiting withdrawal's gas) is the same entry to `custody:<pid>:MASTER/<native>`.
 * - An APPROVE expenses its gas from that address's native custody; a SWEEP from the gas tank's.
 * - A RETURN is a TOPUP the other way (ADR 0024): the address's native custody → the gas tank, and its
 *   gas expensed from the address's native custody (the address pays it).
 * - A SWEEP moves the token custody `custody:<pid>:<HOT|POOL>` → `custody:<pid>:MASTER`.
 * Every entry id is deterministic from the transaction hash, so a retry never posts twice.
 */
export const PLATFORM_CUSTODY = 'platform';

/** Funds a sweep moved, on any chain: what its ledger entry needs. */
export interface SweptFunds {
  readonly network: string;
  /** The chain transaction's hash (EVM) or id (TRON): the entry id is derived from it. */
  readonly hash: string;
  readonly partnerId: string;
  readonly walletType: 'HOT' | 'POOL';
  readonly asset: string;
  readonly amount: bigint;
  readonly from: string;
  readonly to: string;
  readonly deposits: number;
  /** The sweep record's id. */
  readonly sweepId: string;
}

/** HOT/POOL custody → MASTER custody, once per chain transaction. */
export function sweepEntry(s: SweptFunds, at: string): EntryRequest {
  return {
    id: `sweep:${s.network}:${s.hash}`,
    kind: 'POSTED',
    reason: 'SWEEP',
    cause: { type: 'sweep', id: `${s.network}.${s.hash}` },
    postings: [
      {
        debit: accounts.custody(s.partnerId, 'MASTER', s.asset),
        credit: accounts.custody(s.partnerId, s.walletType, s.asset),
        amount: s.amount,
      },
    ],
    effectiveAt: at,
    metadata: { from: s.from, to: s.to, deposits: String(s.deposits), sweepTxId: s.sweepId },
  };
}

/** The gas entry of one chain transaction (fees burned, native coin sent to an address), once. */
export function gasEntryOf(
  network: string,
  hash: string,
  postings: Posting[],
  at: string,
  metadata: Record<string, string>,
): EntryRequest {
  return {
    id: `gas:${network}:${hash}`,
    kind: 'POSTED',
    reason: 'GAS',
    cause: { type: 'gas', id: `${network}.${hash}` },
    postings,
    effectiveAt: at,
    metadata,
  };
}

/** EVM: the swept funds of a mined SWEEP transaction. */
export function evmSweptFunds(tx: SweepTx, receipt: SweepTxReceipt): SweptFunds {
  if (tx.walletType === 'MASTER') throw new Error(`sweep ${tx.id} is not from a deposit address`);
  return {
    network: tx.network,
    hash: receipt.hash,
    partnerId: tx.partnerId,
    walletType: tx.walletType,
    asset: `${tx.token}@${tx.network}`,
    amount: tx.amount,
    from: tx.address,
    to: tx.destination ?? '',
    deposits: tx.depositIds.length,
    sweepId: tx.id,
  };
}

/** EVM: the gas entry of one mined transaction; undefined when it cost nothing (a zero-price chain). */
export function gasEntry(
  tx: SweepTx,
  receipt: SweepTxReceipt,
  nativeAsset: string,
  at: string,
): EntryRequest | undefined {
  const fee = gasCost(receipt.gasUsed, receipt.effectiveGasPrice);
  const tank = accounts.custody(PLATFORM_CUSTODY, 'HOT', nativeAsset);
  const address = accounts.custody(tx.partnerId, tx.walletType, nativeAsset);
  const gas = accounts.gas(tx.network, nativeAsset);
  const postings: Posting[] = [];
  if (tx.type === 'TOPUP' && receipt.success && tx.value > 0n)
    postings.push({ debit: address, credit: tank, amount: tx.value, reason: 'TRANSFER' });
  if (tx.type === 'RETURN' && receipt.success && tx.value > 0n)
    postings.push({ debit: tank, credit: address, amount: tx.value, reason: 'TRANSFER' });
  const paidByAddress = tx.type === 'APPROVE' || tx.type === 'RETURN';
  if (fee > 0n) postings.push({ debit: gas, credit: paidByAddress ? address : tank, amount: fee });
  if (postings.length === 0) return undefined;
  return gasEntryOf(tx.network, receipt.hash, postings, at, {
    type: tx.type,
    partnerId: tx.partnerId,
    address: tx.address,
    token: tx.token,
    success: String(receipt.success),
  });
}

export function gasRecord(
  tx: SweepTx,
  receipt: SweepTxReceipt,
  native: { asset: string; decimals: number; usdPrice: string | undefined },
  at: string,
  depositCodes: readonly string[] = [],
): GasRecord {
  const nativeAmount = gasCost(receipt.gasUsed, receipt.effectiveGasPrice);
  // A MASTER top-up names the withdrawal it funds (masterGasRequestId = network#partner#code).
  const withdrawal = tx.masterGasRequest?.split('#')[2];
  const reference = depositCodes[0] ?? withdrawal;
  return {
    network: tx.network,
    type: tx.type,
    partnerId: tx.partnerId,
    txHash: receipt.hash,
    address: tx.address,
    token: tx.token,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    effectiveGasPrice: receipt.effectiveGasPrice,
    nativeAmount,
    nativeAsset: native.asset,
    transferredAmount: (tx.type === 'TOPUP' || tx.type === 'RETURN') && receipt.success ? tx.value : 0n,
    usdValue: usdValue(nativeAmount, native.decimals, native.usdPrice),
    success: receipt.success,
    at,
    ...(reference ? { reference } : {}),
    ...(depositCodes.length > 0 ? { deposits: depositCodes } : {}),
  };
}

/** A native-coin funding of the gas tank: world → the gas tank's custody. */
export function gasTankFundingEntry(
  network: string,
  txHash: string,
  nativeAsset: string,
  amount: bigint,
  at: string,
): EntryRequest {
  return {
    id: `gastank:${network}:${txHash.toLowerCase()}`,
    kind: 'POSTED',
    reason: 'ADJUSTMENT',
    cause: { type: 'adjustment', id: `gastank.${network}.${txHash.toLowerCase()}` },
    postings: [
      {
        debit: accounts.custody(PLATFORM_CUSTODY, 'HOT', nativeAsset),
        credit: accounts.world(nativeAsset),
        amount,
      },
    ],
    effectiveAt: at,
    metadata: { kind: 'GAS_TANK_FUNDING' },
  };
}

/**
 * A native-coin funding of a partner's MASTER (it pays its own withdrawal gas): world → the MASTER's
 * native custody. With one KMS MASTER for every partner, the operator books it to the partner whose
 * withdrawals it is meant for; the reconciliation compares that address with every partner's MASTER
 * custody together.
 */
export function masterFundingEntry(
  network: string,
  txHash: string,
  partnerId: string,
  nativeAsset: string,
  amount: bigint,
  at: string,
): EntryRequest {
  return {
    id: `masterfund:${network}:${txHash.toLowerCase()}`,
    kind: 'POSTED',
    reason: 'ADJUSTMENT',
    cause: { type: 'adjustment', id: `masterfund.${network}.${txHash.toLowerCase()}` },
    postings: [
      {
        debit: accounts.custody(partnerId, 'MASTER', nativeAsset),
        credit: accounts.world(nativeAsset),
        amount,
      },
    ],
    effectiveAt: at,
    metadata: { kind: 'MASTER_GAS_FUNDING' },
  };
}
