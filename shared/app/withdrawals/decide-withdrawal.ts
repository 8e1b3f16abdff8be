import { ConflictError, GatewayError, NotFoundError } from '../../domain/errors';
import type { Withdrawal, WithdrawalEvent } from '../../domain/withdrawal/withdrawal';
import { transitionWithdrawal } from '../../domain/withdrawal/withdrawal';
import type { WithdrawalRequestDeps } from './deps';
import { releaseHold } from './withdrawal-lifecycle';
import { publishWithdrawalEvent } from './withdrawal-view';

export interface DecisionActor {
  readonly kind: 'user' | 'apiKey';
  readonly id: string;
}

async function load(deps: WithdrawalRequestDeps, partnerId: string, code: string): Promise<Withdrawal> {
  const w = await deps.withdrawals.get(partnerId, code);
  if (!w) throw new NotFoundError(`Withdrawal ${code} not found`);
  return w;
}

/**
 * One decision on a withdrawal: the conditional status write is where concurrent decisions (approve
 * racing cancel, two approvers) are settled — exactly one wins, the others get ILLEGAL_TRANSITION with
 * the status that won. Then the hold is released (reject, cancel) and a waiting execution resumed.
 */
async function decide(
  deps: WithdrawalRequestDeps,
  partnerId: string,
  code: string,
  actor: DecisionActor,
  event: Extract<WithdrawalEvent, 'APPROVE' | 'REJECT' | 'CANCEL'>,
  patch: { readonly rejectReason?: string } = {},
): Promise<Withdrawal> {
  const w = await load(deps, partnerId, code);
  const to = transitionWithdrawal(w.status, event);
  if (event === 'APPROVE' || event === 'REJECT') {
    // Four-eyes, always: whoever asked for the money cannot be the one who lets it go.
    if (w.requestedBy.kind === actor.kind && w.requestedBy.id === actor.id) {
      throw new GatewayError(
        'FOUR_EYES_VIOLATION',
        'A second person must decide on a withdrawal you requested',
      );
    }
  }
  // Read before the write: the status write clears the token.
  const token =
    w.status === 'PENDING_APPROVAL' ? await deps.withdrawals.taskToken(partnerId, code) : undefined;
  let next: Withdrawal;
  try {
    next = await deps.withdrawals.transition(
      partnerId,
      code,
      w.status,
      { status: to, at: deps.clock.now().toISOString(), by: `${actor.kind}:${actor.id}` },
      { ...(event !== 'CANCEL' ? { decidedBy: `${actor.kind}:${actor.id}` } : {}), ...patch },
    );
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    const now = await load(deps, partnerId, code);
    throw new GatewayError('ILLEGAL_TRANSITION', `Withdrawal ${code} is already ${now.status}`, {
      details: { status: now.status },
    });
  }
  if (to === 'REJECTED' || to === 'CANCELLED') await releaseHold(deps, next);
  if (token) await deps.workflow.resume(token, { decision: to });
  await publishWithdrawalEvent(deps, next);
  return next;
}

export function approveWithdrawal(
  deps: WithdrawalRequestDeps,
  partnerId: string,
  code: string,
  actor: DecisionActor,
): Promise<Withdrawal> {
  return decide(deps, partnerId, code, actor, 'APPROVE');
}

export function rejectWithdrawal(
  deps: WithdrawalRequestDeps,
  partnerId: string,
  code: string,
  actor: DecisionActor,
  reason: string,
): Promise<Withdrawal> {
  return decide(deps, partnerId, code, actor, 'REJECT', { rejectReason: reason });
}

/** Cancel while not broadcast (REQUESTED, PENDING_APPROVAL, APPROVED, FAILED); later it is ILLEGAL_TRANSITION. */
export function cancelWithdrawal(
  deps: WithdrawalRequestDeps,
  partnerId: string,
  code: string,
  actor: DecisionActor,
): Promise<Withdrawal> {
  return decide(deps, partnerId, code, actor, 'CANCEL');
}
