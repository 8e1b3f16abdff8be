import { GatewayError } from '../errors';

/**
 * The life of every sweep record, EVM and TRON alike (docs/adr/0006, 0007):
 *
 *   PREPARING ──SIGN──▶ SIGNED ──BROADCAST──▶ SENT ──MINE──▶ MINED ──FINALIZED──────────▶ FINAL
 *                        │ │ ▲                 │ ▲ REPLACED  │ │  └──FINALIZED_REVERTED──▶ FAILED
 *                        │ │ └────────REORGED_OUT────────────┘ │
 *                        │ └──────────────MINE─────────────────┘
 *                        ├──NONCE_CONSUMED (also from SENT)──▶ DROPPED
 *                        └──EXPIRE──▶ EXPIRED ──DROP──▶ DROPPED
 *
 * - PREPARING: recorded, the chain's prerequisites under way (TRON: activation, energy). An EVM record
 *   is written already signed, so it starts at SIGNED.
 * - SIGNED: the signed bytes are recorded, not known to be out; a run (re)broadcasts them. EVM moves to
 *   SENT once a node took them; TRON stays SIGNED while out (its expiration, not a nonce, ends it).
 * - SENT (EVM): out; REPLACED adds a higher-priced attempt with the same nonce.
 * - MINED: in a block, not final; REORGED_OUT (that block left the canonical chain, the transaction is
 *   in none) takes it back to SIGNED, and the recorded bytes are sent again.
 * - FINAL / FAILED: final, booked once. DROPPED: can never be mined (EVM: another transaction took the
 *   nonce; TRON: EXPIRED unmined, its own steps booked).
 *
 * `STEP` records progress within a status (an activation, an energy order, a release). Every write is
 * conditioned on the stored status (and, TRON, its revision), so of two runs only one takes a
 * transition or records a step; FINAL, FAILED and DROPPED take no event at all.
 */
export const SWEEP_STATUSES = [
  'PREPARING',
  'SIGNED',
  'SENT',
  'MINED',
  'EXPIRED',
  'FINAL',
  'FAILED',
  'DROPPED',
] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

export const SWEEP_EVENTS = [
  'STEP',
  'SIGN',
  'BROADCAST',
  'REPLACED',
  'MINE',
  'REORGED_OUT',
  'FINALIZED',
  'FINALIZED_REVERTED',
  'NONCE_CONSUMED',
  'EXPIRE',
  'DROP',
] as const;
export type SweepEvent = (typeof SWEEP_EVENTS)[number];

const TRANSITIONS: Readonly<Record<SweepStatus, Partial<Record<SweepEvent, SweepStatus>>>> = {
  PREPARING: { STEP: 'PREPARING', SIGN: 'SIGNED' },
  SIGNED: { STEP: 'SIGNED', BROADCAST: 'SENT', MINE: 'MINED', NONCE_CONSUMED: 'DROPPED', EXPIRE: 'EXPIRED' },
  SENT: { REPLACED: 'SENT', MINE: 'MINED', NONCE_CONSUMED: 'DROPPED' },
  MINED: { STEP: 'MINED', REORGED_OUT: 'SIGNED', FINALIZED: 'FINAL', FINALIZED_REVERTED: 'FAILED' },
  EXPIRED: { STEP: 'EXPIRED', DROP: 'DROPPED' },
  FINAL: {},
  FAILED: {},
  DROPPED: {},
};

/** Statuses that are done: the record leaves the open queue and frees its address. */
export const CLOSED_SWEEP_STATUSES: readonly SweepStatus[] = ['FINAL', 'FAILED', 'DROPPED'];
/** Statuses a run still works on. */
export const OPEN_SWEEP_STATUSES: readonly SweepStatus[] = SWEEP_STATUSES.filter(
  (s) => !CLOSED_SWEEP_STATUSES.includes(s),
);

/** The status after `event`, or ILLEGAL_TRANSITION — never a silent overwrite. */
export function nextSweepStatus(from: SweepStatus, event: SweepEvent): SweepStatus {
  const to = TRANSITIONS[from][event];
  if (!to)
    throw new GatewayError('ILLEGAL_TRANSITION', `A sweep cannot ${event} from ${from}`, {
      details: { from, event },
    });
  return to;
}

/** Whether some event takes a sweep from `from` to `to` (the stores refuse any other write). */
export function isSweepTransition(from: SweepStatus, to: SweepStatus): boolean {
  return Object.values(TRANSITIONS[from]).includes(to);
}
