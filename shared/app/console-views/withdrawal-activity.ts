import { formatAmount, rescale } from '../../domain/ledger/amount';
import { findAsset } from '../../domain/ledger/asset';
import type { Withdrawal } from '../../domain/withdrawal/withdrawal';
import type { WithdrawalListQuery, WithdrawalRepository } from '../../ports/withdrawals';
import type { WithdrawalActivity, WithdrawalActivityReader } from './dashboard-summary';
import { USD_SCALE } from './dashboard-summary';
import type { TransactionRow, WithdrawalTransactionsReader } from './transactions';

const PAGE = 100;
/** The dashboard reads at most this many withdrawals per figure. */
const CAP = 5_000;
/** Requested but not going out: they do not count as today's withdrawals. */
const NOT_GOING_OUT: ReadonlySet<Withdrawal['status']> = new Set(['REJECTED', 'CANCELLED', 'FAILED']);

async function* all(
  repo: Pick<WithdrawalRepository, 'list'>,
  partnerId: string,
  query: Omit<WithdrawalListQuery, 'limit' | 'cursor'>,
) {
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = await repo.list(partnerId, { ...query, limit: PAGE, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    read += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && read < CAP);
}

/**
 * Today's withdrawals for the dashboard: requested since the start of the day and not rejected,
 * cancelled or failed (amount in USD, stablecoins 1:1, and count), and the approval queue.
 */
export function withdrawalActivityReader(repo: Pick<WithdrawalRepository, 'list'>): WithdrawalActivityReader {
  return {
    async activity(partnerId: string, since: string): Promise<WithdrawalActivity> {
      let amount = 0n;
      let count = 0;
      for await (const w of all(repo, partnerId, { from: since })) {
        if (NOT_GOING_OUT.has(w.status)) continue;
        amount += rescale(w.amount, findAsset(w.asset)?.decimals ?? 0, USD_SCALE);
        count += 1;
      }
      let pending = 0;
      for await (const _ of all(repo, partnerId, { status: 'PENDING_APPROVAL' })) pending += 1;
      return {
        todayAmountUsd: formatAmount(amount, USD_SCALE),
        todayCount: count,
        pendingApprovalCount: pending,
      };
    },
  };
}

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

/** The partner's withdrawals as rows of the unified transactions view. */
export function withdrawalTransactionsReader(
  repo: Pick<WithdrawalRepository, 'list'>,
): WithdrawalTransactionsReader {
  return {
    async rows(partnerId, query) {
      const page = await repo.list(partnerId, {
        limit: query.limit,
        ...(query.userId ? { userId: query.userId } : {}),
        ...(query.txHash
          ? { txHash: query.txHash.startsWith('0x') ? query.txHash : `0x${query.txHash}` }
          : {}),
      });
      const address = query.address?.toLowerCase();
      return page.items
        .map(row)
        .filter(
          (r) =>
            !address || r.toAddress?.toLowerCase() === address || r.fromAddress?.toLowerCase() === address,
        );
    },
  };
}
