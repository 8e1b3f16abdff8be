import { transitionDeposit } from '../../domain/deposit/deposit';
import type { DepositEvent, DepositStatus } from '../../domain/deposit/deposit';
import { isGatewayError } from '../../domain/errors';
import { settledInPlace } from '../../domain/sweeps/sweep-plan';
import type { DepositRepository, StoredDeposit } from '../../ports/deposits';

/**
 * Deposit status moves shared by the EVM and TRON sweepers: one conditional write per move, and
 * "someone else moved it first" (an illegal transition or a lost condition) is an answer, not an error.
 */
export async function moveDeposit(
  deposits: Pick<DepositRepository, 'update'>,
  now: string,
  id: string,
  from: DepositStatus,
  event: DepositEvent,
  patch: Partial<StoredDeposit>,
): Promise<boolean> {
  try {
    await deposits.update(id, from, { ...patch, status: transitionDeposit(from, event), updatedAt: now });
    return true;
  } catch (e) {
    if (isGatewayError(e, 'ILLEGAL_TRANSITION') || isGatewayError(e, 'CONFLICT')) return false;
    throw e;
  }
}

/**
 * Funds that arrived in MASTER are where a sweep would put them: they settle without a transaction
 * (CONFIRMED → COLLECTING → COLLECTED → SETTLED, each step conditional). Returns how many settled.
 */
export async function settleDepositsInPlace(
  deposits: Pick<DepositRepository, 'update'>,
  queue: readonly StoredDeposit[],
  now: () => string,
  onError: (what: string, e: unknown) => void,
): Promise<number> {
  let settled = 0;
  for (const d of settledInPlace(queue)) {
    try {
      const at = now();
      let status = d.status;
      if (status === 'CONFIRMED' && (await moveDeposit(deposits, at, d.id, 'CONFIRMED', 'SWEEP_STARTED', {})))
        status = 'COLLECTING';
      if (
        status === 'COLLECTING' &&
        (await moveDeposit(deposits, at, d.id, 'COLLECTING', 'SWEEP_CONFIRMED', { collectedAt: at }))
      )
        status = 'COLLECTED';
      if (
        status === 'COLLECTED' &&
        (await moveDeposit(deposits, at, d.id, 'COLLECTED', 'SETTLED', { settledAt: at }))
      )
        settled += 1;
    } catch (e) {
      onError(`settling ${d.id} in place`, e);
    }
  }
  return settled;
}
