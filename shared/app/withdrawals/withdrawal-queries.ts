import { NotFoundError } from '../../domain/errors';
import type { WithdrawalListQuery } from '../../ports/withdrawals';
import type { WithdrawalRequestDeps } from './deps';
import { withdrawalView } from './withdrawal-view';

/** A partner's withdrawals, newest first, filtered; only the caller's partner is ever read. */
export async function listWithdrawals(
  deps: Pick<WithdrawalRequestDeps, 'withdrawals'>,
  partnerId: string,
  query: { limit: number } & Partial<Omit<WithdrawalListQuery, 'limit'>>,
) {
  const normalized: WithdrawalListQuery = {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to.length === 10 ? `${query.to}T23:59:59.999Z` : query.to } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.code ? { code: query.code } : {}),
    ...(query.txHash ? { txHash: query.txHash.toLowerCase() } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
  };
  const page = await deps.withdrawals.list(partnerId, normalized);
  return {
    withdrawals: page.items.map(withdrawalView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

export async function getWithdrawal(
  deps: Pick<WithdrawalRequestDeps, 'withdrawals'>,
  partnerId: string,
  code: string,
) {
  const w = await deps.withdrawals.get(partnerId, code);
  if (!w) throw new NotFoundError(`Withdrawal ${code} not found`);
  return withdrawalView(w);
}
