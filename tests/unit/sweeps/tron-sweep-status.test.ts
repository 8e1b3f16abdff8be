import { isGatewayError } from '../../../shared/domain/errors';
import {
  CLOSED_TRON_SWEEP_STATUSES,
  nextTronSweepStatus,
  TRON_SWEEP_STATUSES,
} from '../../../shared/domain/sweeps/tron-sweep-status';
import type { TronSweepEvent, TronSweepStatus } from '../../../shared/domain/sweeps/tron-sweep-status';

const EVENTS: readonly TronSweepEvent[] = [
  'STEP',
  'SIGN',
  'MINE',
  'EXPIRE',
  'FORK_OUT',
  'SETTLE',
  'FAIL',
  'DROP',
];

function outcome(from: TronSweepStatus, event: TronSweepEvent): TronSweepStatus | 'ILLEGAL' {
  try {
    return nextTronSweepStatus(from, event);
  } catch (e) {
    if (isGatewayError(e, 'ILLEGAL_TRANSITION')) return 'ILLEGAL';
    throw e;
  }
}

describe('TRON sweep transitions', () => {
  it('allows exactly the documented moves', () => {
    const legal = TRON_SWEEP_STATUSES.flatMap((from) =>
      EVENTS.map((event) => [from, event, outcome(from, event)] as const).filter(
        ([, , to]) => to !== 'ILLEGAL',
      ),
    ).map(([from, event, to]) => `${from} -${event}-> ${to}`);
    expect(legal.sort()).toEqual(
      [
        'PREPARING -STEP-> PREPARING',
        'PREPARING -SIGN-> SIGNED',
        'SIGNED -STEP-> SIGNED',
        'SIGNED -MINE-> MINED',
        'SIGNED -EXPIRE-> EXPIRED',
        'MINED -STEP-> MINED',
        'MINED -FORK_OUT-> SIGNED',
        'MINED -SETTLE-> FINAL',
        'MINED -FAIL-> FAILED',
        'EXPIRED -STEP-> EXPIRED',
        'EXPIRED -DROP-> DROPPED',
      ].sort(),
    );
  });

  it('closed sweeps take no event, so a late writer cannot reopen one', () => {
    for (const closed of CLOSED_TRON_SWEEP_STATUSES)
      for (const event of EVENTS) expect(outcome(closed, event)).toBe('ILLEGAL');
  });

  it('a sweep is signed (its bytes recorded) before it can be mined or expire unmined', () => {
    expect(outcome('PREPARING', 'MINE')).toBe('ILLEGAL');
    expect(outcome('PREPARING', 'EXPIRE')).toBe('ILLEGAL');
  });
});
