import { isGatewayError } from '../../../shared/domain/errors';
import {
  CLOSED_SWEEP_STATUSES,
  OPEN_SWEEP_STATUSES,
  SWEEP_EVENTS,
  SWEEP_STATUSES,
  isSweepTransition,
  nextSweepStatus,
} from '../../../shared/domain/sweeps/sweep-status';
import type { SweepEvent, SweepStatus } from '../../../shared/domain/sweeps/sweep-status';
import {
  askPending,
  isMasterEnergyTransition,
  masterEnergyRequestId,
} from '../../../shared/domain/sweeps/sweep-transaction';
import type { MasterEnergyStatus } from '../../../shared/domain/sweeps/sweep-transaction';

function outcome(from: SweepStatus, event: SweepEvent): SweepStatus | 'ILLEGAL' {
  try {
    return nextSweepStatus(from, event);
  } catch (e) {
    if (isGatewayError(e, 'ILLEGAL_TRANSITION')) return 'ILLEGAL';
    throw e;
  }
}

/** One table for the EVM and the TRON sweep records (shared/domain/sweeps/sweep-status.ts). */
describe('sweep transitions (EVM and TRON)', () => {
  it('allows exactly the documented moves', () => {
    const legal = SWEEP_STATUSES.flatMap((from) =>
      SWEEP_EVENTS.map((event) => [from, event, outcome(from, event)] as const).filter(
        ([, , to]) => to !== 'ILLEGAL',
      ),
    ).map(([from, event, to]) => `${from} -${event}-> ${to}`);
    expect(legal.sort()).toEqual(
      [
        // TRON: recorded before its prerequisites (activation, energy), then signed.
        'PREPARING -STEP-> PREPARING',
        'PREPARING -SIGN-> SIGNED',
        'SIGNED -STEP-> SIGNED',
        'SIGNED -BROADCAST-> SENT',
        'SIGNED -MINE-> MINED',
        'SIGNED -NONCE_CONSUMED-> DROPPED',
        'SIGNED -EXPIRE-> EXPIRED',
        'SENT -REPLACED-> SENT',
        'SENT -MINE-> MINED',
        'SENT -NONCE_CONSUMED-> DROPPED',
        'MINED -STEP-> MINED',
        'MINED -REORGED_OUT-> SIGNED',
        'MINED -FINALIZED-> FINAL',
        'MINED -FINALIZED_REVERTED-> FAILED',
        'EXPIRED -STEP-> EXPIRED',
        'EXPIRED -DROP-> DROPPED',
      ].sort(),
    );
  });

  it('closed sweeps take no event, so a late writer cannot reopen one', () => {
    for (const closed of CLOSED_SWEEP_STATUSES) {
      for (const event of SWEEP_EVENTS) expect(outcome(closed, event)).toBe('ILLEGAL');
      for (const to of SWEEP_STATUSES) expect(isSweepTransition(closed, to)).toBe(false);
    }
    expect([...OPEN_SWEEP_STATUSES, ...CLOSED_SWEEP_STATUSES].sort()).toEqual([...SWEEP_STATUSES].sort());
  });

  it('a sweep is signed (its bytes recorded) before it can be sent, mined or expire unmined', () => {
    for (const event of ['BROADCAST', 'MINE', 'EXPIRE', 'NONCE_CONSUMED'] as const)
      expect(outcome('PREPARING', event)).toBe('ILLEGAL');
  });

  it('knows which status writes the stores may make', () => {
    expect(isSweepTransition('SIGNED', 'SENT')).toBe(true);
    expect(isSweepTransition('MINED', 'SIGNED')).toBe(true);
    expect(isSweepTransition('SENT', 'SIGNED')).toBe(false);
    expect(isSweepTransition('PREPARING', 'MINED')).toBe(false);
    expect(isSweepTransition('FINAL', 'SENT')).toBe(false);
  });
});

describe('MASTER energy request statuses (TRON withdrawals, ADR 0023)', () => {
  it('REQUESTED (asked again: → REQUESTED) → SERVING (steps recorded while serving) → DONE, and DONE for good', () => {
    const all: MasterEnergyStatus[] = ['REQUESTED', 'SERVING', 'DONE'];
    const allowed = all.flatMap((from) =>
      all.filter((to) => isMasterEnergyTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      'REQUESTED→REQUESTED',
      'REQUESTED→SERVING',
      'REQUESTED→DONE',
      'SERVING→SERVING',
      'SERVING→DONE',
    ]);
  });

  it('a signed withdrawal’s ask is pending until an answer at or after it', () => {
    expect(askPending({})).toBe(false);
    expect(askPending({ askedAt: '2026-12-07T10:00:00.000Z' })).toBe(true);
    expect(askPending({ askedAt: '2026-12-07T10:00:00.000Z', answeredAt: '2026-12-07T09:59:59.999Z' })).toBe(
      true,
    );
    expect(askPending({ askedAt: '2026-12-07T10:00:00.000Z', answeredAt: '2026-12-07T10:00:00.000Z' })).toBe(
      false,
    );
    expect(askPending({ answeredAt: '2026-12-07T10:00:00.000Z' })).toBe(false);
  });

  it('one id per (partner, withdrawal): the rental client order ids derive from it', () => {
    expect(masterEnergyRequestId('pt_1', 'W1')).toBe('TRON#pt_1#W1');
    expect(masterEnergyRequestId('pt_1', 'W1')).not.toBe(masterEnergyRequestId('pt_1', 'W2'));
  });
});
