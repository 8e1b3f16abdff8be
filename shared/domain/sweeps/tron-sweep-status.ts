import { GatewayError } from '../errors';

/**
 * The life of a TRON sweep (docs/adr/0007-tron-energy-and-sweeps.md):
 *
 *   PREPARING ──SIGN──▶ SIGNED ──MINE──▶ MINED ──SETTLE──▶ FINAL
 *                         │  ▲             │ └────FAIL───▶ FAILED
 *                       EXPIRE └─FORK_OUT──┘
 *                         ▼
 *                      EXPIRED ──DROP──▶ DROPPED
 *
 * SIGNED means the bytes are recorded; they are broadcast only once every deposit is claimed
 * (COLLECTING for this transaction). EXPIRE: the transaction expired unmined, or a deposit could not
 * be claimed before the first broadcast.
 *
 * `STEP` records progress within a status (an activation, a top-up, an energy order, a release). Every
 * write is conditioned on the stored status and revision, so of two runs only one takes a transition
 * or records a step; FINAL, FAILED and DROPPED take no event at all.
 */
export const TRON_SWEEP_STATUSES = [
  'PREPARING',
  'SIGNED',
  'MINED',
  'EXPIRED',
  'FINAL',
  'FAILED',
  'DROPPED',
] as const;
export type TronSweepStatus = (typeof TRON_SWEEP_STATUSES)[number];
export type TronSweepEvent = 'STEP' | 'SIGN' | 'MINE' | 'EXPIRE' | 'FORK_OUT' | 'SETTLE' | 'FAIL' | 'DROP';

const TRANSITIONS: Readonly<Record<TronSweepStatus, Partial<Record<TronSweepEvent, TronSweepStatus>>>> = {
  PREPARING: { STEP: 'PREPARING', SIGN: 'SIGNED' },
  SIGNED: { STEP: 'SIGNED', MINE: 'MINED', EXPIRE: 'EXPIRED' },
  MINED: { STEP: 'MINED', FORK_OUT: 'SIGNED', SETTLE: 'FINAL', FAIL: 'FAILED' },
  EXPIRED: { STEP: 'EXPIRED', DROP: 'DROPPED' },
  FINAL: {},
  FAILED: {},
  DROPPED: {},
};

/** Statuses that free the address for the next sweep. */
export const CLOSED_TRON_SWEEP_STATUSES: readonly TronSweepStatus[] = ['FINAL', 'FAILED', 'DROPPED'];

/** The status after `event`, or ILLEGAL_TRANSITION — never a silent overwrite. */
export function nextTronSweepStatus(from: TronSweepStatus, event: TronSweepEvent): TronSweepStatus {
  const to = TRANSITIONS[from][event];
  if (!to)
    throw new GatewayError('ILLEGAL_TRANSITION', `A TRON sweep cannot ${event} from ${from}`, {
      details: { from, event },
    });
  return to;
}
