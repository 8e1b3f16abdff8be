import { accounts } from '../../domain/ledger/accounts';
import type { EntryRequest, Posting } from '../../domain/ledger/entry';
import { gasCost, usdValue } from '../../domain/sweeps/gas';
import type { SweepTx, SweepTxReceipt } from '../../domain/sweeps/sweep-transaction';
import type { GasRecord } from '../../ports/gas-records';

/**
 * The ledger side of the sweeper. Custody accounts mirror the chain:
 * - `custody:platform:HOT/<native>` is the gas tank; it is funded from `world` when a funding is recorded.
 * - A TOPUP moves native coin from the gas tank to `custody:<pid>:<HOT|POOL>/<native>` (the address
 *   holds it until its approve spends it; the rest stays there) and expenses the top-up's own gas.
 * - An APPROVE expenses its gas from that address's native custody; a SWEEP from the gas tank's.
 * - A SWEEP moves the token custody `custody:<pid>:<HOT|POOL>` → `custody:<pid>:MASTER`.
 * Every entry id is deterministic from the transaction hash, so a retry never posts twice.
 */
export const PLATFORM_CUSTODY = 'platform';

export function sweepEntry(tx: SweepTx, receipt: SweepTxReceipt, at: string): EntryRequest {
  return {
    id: `sweep:${tx.network}:${receipt.hash}`,
    kind: 'POSTED',
    reason: 'SWEEP',
    cause: { type: 'sweep', id: `${tx.network}.${receipt.hash}` },
    postings: [
      {
        debit: accounts.custody(tx.partnerId, 'MASTER', assetOf(tx)),
        credit: accounts.custody(tx.partnerId, tx.walletType, assetOf(tx)),
        amount: tx.amount,
      },
    ],
    effectiveAt: at,
    metadata: {
      from: tx.address,
      to: tx.destination ?? '',
      deposits: String(tx.depositIds.length),
      sweepTxId: tx.id,
    },
  };
}

function assetOf(tx: Pick<SweepTx, 'token' | 'network'>): string {
  return `${tx.token}@${tx.network}`;
}

/** The gas entry of one mined transaction; undefined when it cost nothing (a zero-price chain). */
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
  if (fee > 0n) postings.push({ debit: gas, credit: tx.type === 'APPROVE' ? address : tank, amount: fee });
  if (postings.length === 0) return undefined;
  return {
    id: `gas:${tx.network}:${receipt.hash}`,
    kind: 'POSTED',
    reason: 'GAS',
    cause: { type: 'gas', id: `${tx.network}.${receipt.hash}` },
    postings,
    effectiveAt: at,
    metadata: {
      type: tx.type,
      partnerId: tx.partnerId,
      address: tx.address,
      token: tx.token,
      success: String(receipt.success),
    },
  };
}

export function gasRecord(
  tx: SweepTx,
  receipt: SweepTxReceipt,
  native: { asset: string; decimals: number; usdPrice: string | undefined },
  at: string,
): GasRecord {
  const nativeAmount = gasCost(receipt.gasUsed, receipt.effectiveGasPrice);
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
    transferredAmount: tx.type === 'TOPUP' && receipt.success ? tx.value : 0n,
    usdValue: usdValue(nativeAmount, native.decimals, native.usdPrice),
    success: receipt.success,
    at,
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
