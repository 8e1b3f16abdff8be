import { transitionDeposit } from '../../domain/deposit/deposit';
import type { DepositEvent, DepositStatus } from '../../domain/deposit/deposit';
import { isGatewayError } from '../../domain/errors';
import { settledInPlace } from '../../domain/sweeps/sweep-plan';
import type { DepositRepository, StoredDeposit } from '../../ports/deposits';
import type { SweepLog } from './deps';

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

/**
 * The deposits of one sweep through its life, for every chain, once the write that recorded the sweep
 * claimed them (`sweepTxId` = the sweep record's id; the stores' create): each move is conditional on
 * the deposit's status and on that claim, so two runs, or a run after a crash, never move a deposit
 * twice or move one that another sweep holds.
 */
export class SweepDeposits {
  constructor(
    private readonly deps: { readonly deposits: DepositRepository; readonly log?: SweepLog },
    private readonly now: () => string,
  ) {}

  move(
    id: string,
    from: DepositStatus,
    event: DepositEvent,
    patch: Partial<StoredDeposit>,
  ): Promise<boolean> {
    return moveDeposit(this.deps.deposits, this.now(), id, from, event, patch);
  }

  private async current(ids: readonly string[]): Promise<StoredDeposit[]> {
    const found = await Promise.all(ids.map((id) => this.deps.deposits.get(id)));
    return found.filter((d): d is StoredDeposit => !!d);
  }

  /** The deposits' codes (the ones that exist), for the sweep's gas record. */
  async codes(ids: readonly string[]): Promise<string[]> {
    return (await this.current(ids)).map((d) => d.code);
  }

  /** The sweep is mined with success: its deposits are COLLECTED. */
  async collect(ids: readonly string[], claim: string, hash: string, collectedAt: string): Promise<void> {
    for (const d of await this.current(ids)) {
      if (d.status === 'COLLECTING' && d.sweepTxId === claim)
        await this.move(d.id, 'COLLECTING', 'SWEEP_CONFIRMED', { sweepTxHash: hash, collectedAt });
    }
  }

  /** The sweep is final with success: its deposits are SETTLED. Returns how many this call settled. */
  async settle(ids: readonly string[], claim: string, hash: string, collectedAt: string): Promise<number> {
    await this.collect(ids, claim, hash, collectedAt);
    let settled = 0;
    for (const d of await this.current(ids)) {
      if (
        d.status === 'COLLECTED' &&
        d.sweepTxId === claim &&
        (await this.move(d.id, 'COLLECTED', 'SETTLED', { settledAt: this.now() }))
      )
        settled += 1;
    }
    return settled;
  }

  /**
   * The sweep reverted, expired or was dropped — it did not move the funds and never will: its deposits
   * go back to CONFIRMED for a later sweep. Deposits it had COLLECTED (it was mined, then reorged out
   * of the chain) go back too, reported with their exact amounts — never left COLLECTED for a
   * transaction that no longer exists.
   */
  async release(ids: readonly string[], claim: string): Promise<void> {
    const reorged: { id: string; amount: string; status: 'COLLECTED' }[] = [];
    for (const d of await this.current(ids)) {
      if (d.sweepTxId !== claim) continue;
      if (d.status === 'COLLECTING') await this.move(d.id, 'COLLECTING', 'SWEEP_FAILED', {});
      else if (
        d.status === 'COLLECTED' &&
        (await this.move(
          d.id,
          'COLLECTED',
          'SWEEP_REORGED',
          d.confirmedAt ? { confirmedAt: d.confirmedAt } : {},
        ))
      )
        reorged.push({ id: d.id, amount: d.amount.toString(), status: 'COLLECTED' });
    }
    if (reorged.length > 0)
      this.deps.log?.error(
        'sweep reorged out after its deposits were COLLECTED; they are CONFIRMED again and will be swept again',
        {
          sweepTxId: claim,
          deposits: reorged,
          amount: reorged.reduce((sum, d) => sum + BigInt(d.amount), 0n).toString(),
        },
      );
  }
}
