import { formatAmount } from '../../domain/ledger/amount';
import { assetOf } from '../../domain/ledger/asset';
import type { Withdrawal } from '../../domain/withdrawal/withdrawal';
import type { WebhookEventType } from '../../ports/webhooks';
import type { WithdrawalRequestDeps } from './deps';

/** The withdrawal as the API, the console and webhooks show it: amounts as decimal strings. */
export function withdrawalView(w: Withdrawal) {
  const { decimals } = assetOf(w.asset);
  const lastAttempt = w.tx?.attempts.at(-1);
  return {
    code: w.code,
    type: w.type,
    network: w.network,
    token: w.token,
    asset: w.asset,
    amount: formatAmount(w.amount, decimals),
    fee: formatAmount(w.fee, decimals),
    total: formatAmount(w.amount + w.fee, decimals),
    address: w.address,
    ...(w.whitelistEntryId ? { whitelistEntryId: w.whitelistEntryId } : {}),
    ...(w.userId ? { userId: w.userId } : {}),
    ...(w.reference ? { reference: w.reference } : {}),
    status: w.status,
    requiresApproval: w.requiresApproval,
    ...(w.tx?.minedHash || lastAttempt ? { txHash: w.tx?.minedHash ?? lastAttempt?.hash } : {}),
    ...(w.tx ? { from: w.tx.from, nonce: w.tx.nonce, attempts: w.tx.attempts.length } : {}),
    ...(w.tx?.blockNumber !== undefined ? { blockNumber: w.tx.blockNumber } : {}),
    requestedBy: w.requestedBy,
    ...(w.decidedBy ? { decidedBy: w.decidedBy } : {}),
    ...(w.rejectReason ? { rejectReason: w.rejectReason } : {}),
    ...(w.failureReason ? { failureReason: w.failureReason } : {}),
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    ...(w.confirmedAt ? { confirmedAt: w.confirmedAt } : {}),
    history: w.history,
  };
}
export type WithdrawalView = ReturnType<typeof withdrawalView>;

const EVENT_FOR: Partial<Record<Withdrawal['status'], WebhookEventType>> = {
  REQUESTED: 'WITHDRAWAL_REQUESTED',
  APPROVED: 'WITHDRAWAL_APPROVED',
  REJECTED: 'WITHDRAWAL_REJECTED',
  CONFIRMED: 'WITHDRAWAL_CONFIRMED',
  FAILED: 'WITHDRAWAL_FAILED',
  CANCELLED: 'WITHDRAWAL_CANCELLED',
};

/**
 * Publishes the webhook of the status the withdrawal just reached (one id per withdrawal and status,
 * so a retried step never sends twice). A webhook failure never undoes the money movement: it is
 * reported and the delivery pipeline's own retries take over.
 */
export async function publishWithdrawalEvent(
  deps: Pick<WithdrawalRequestDeps, 'webhooks' | 'onError'>,
  w: Withdrawal,
): Promise<void> {
  const type = EVENT_FOR[w.status];
  if (!type || !deps.webhooks) return;
  const at = [...w.history].reverse().find((h) => h.status === w.status)?.at ?? w.updatedAt;
  try {
    await deps.webhooks.publish({
      id: `${type}:${w.code}`,
      type,
      partnerId: w.partnerId,
      occurredAt: at,
      data: { withdrawal: withdrawalView(w) },
    });
  } catch (e) {
    deps.onError?.(`webhook ${type} for ${w.code} not published`, e);
  }
}
