import { formatAmount } from '../../domain/ledger/amount';
import { findAsset } from '../../domain/ledger/asset';
import type { Withdrawal } from '../../domain/withdrawal/withdrawal';
import type { WithdrawalRepository } from '../../ports/withdrawals';
import type { TransactionRow, WithdrawalTransactionsReader } from './transactions';

function row(w: Withdrawal): TransactionRow {
  const decimals = findAsset(w.asset)?.decimals ?? 0;
  const hash = w.tx?.minedHash ?? w.tx?.attempts.at(-1)?.hash ?? null;
  return {
    kind: 'WITHDRAWAL',
    code: w.code,
    network: w.network,
    token: w.token,
    amount: formatAmount(w.amount, decimals),
    status: w.status,
    userId: w.userId ?? null,
    fromAddress: w.tx?.from ?? null,
    toAddress: w.address,
    txHash: hash,
    at: w.createdAt,
  };
}

/** The partner's withdrawals as rows of the unified transactions view, a page at a time. */
export function withdrawalTransactionsReader(
  repo: Pick<WithdrawalRepository, 'list'>,
): WithdrawalTransactionsReader {
  return {
    async page(partnerId, query) {
      const page = await repo.list(partnerId, {
        limit: query.limit,
        maxReads: query.maxReads,
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.userId ? { userId: query.userId } : {}),
        ...(query.address ? { address: query.address } : {}),
        ...(query.txHash
          ? { txHash: query.txHash.startsWith('0x') ? query.txHash : `0x${query.txHash}` }
          : {}),
      });
      return { rows: page.items.map(row), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
  };
}
