/**
 * When a failed webhook delivery is tried again. The first attempt goes out at once; each failure
 * waits the next delay of the schedule, stretched or shrunk by up to ±JITTER_RATIO so that many
 * deliveries failing together (a partner outage) do not come back in lock step. After the last delay's
 * attempt fails the delivery is FAILED and its message goes to the dead-letter queue.
 *
 * Default: 1 m, 5 m, 15 m, 1 h, 2 h, 4 h, 8 h, 12 h → 9 attempts over 27.35 h (at least 24.6 h with
 * the largest negative jitter), so a receiver that is down for a whole day still gets every event.
 */
export const DEFAULT_RETRY_DELAYS_SECONDS: readonly number[] = [
  60,
  5 * 60,
  15 * 60,
  60 * 60,
  2 * 60 * 60,
  4 * 60 * 60,
  8 * 60 * 60,
  12 * 60 * 60,
];

export const JITTER_RATIO = 0.1;

/** SQS DelaySeconds cannot exceed 15 minutes; longer waits are reached in hops of at most this. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** Attempts in one round: the first plus one per delay. */
export function maxAttempts(schedule: readonly number[] = DEFAULT_RETRY_DELAYS_SECONDS): number {
  return schedule.length + 1;
}

/**
 * Seconds to wait before the next attempt, after `attemptsMade` attempts of the round have failed;
 * undefined when the schedule is exhausted. `random` is a number in [0, 1) (injected: the domain has no
 * randomness of its own); 0.5 gives the nominal delay.
 */
export function retryDelaySeconds(
  attemptsMade: number,
  random: number,
  schedule: readonly number[] = DEFAULT_RETRY_DELAYS_SECONDS,
): number | undefined {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError('attemptsMade must be ≥ 1');
  const base = schedule[attemptsMade - 1];
  if (base === undefined) return undefined;
  const r = Math.min(Math.max(random, 0), 1);
  const factor = 1 - JITTER_RATIO + 2 * JITTER_RATIO * r;
  return Math.max(1, Math.round(base * factor));
}

/** The shortest total time a round can span, every delay at its largest negative jitter. */
export function minimumRetryWindowSeconds(
  schedule: readonly number[] = DEFAULT_RETRY_DELAYS_SECONDS,
): number {
  return schedule.reduce((sum, _, i) => sum + (retryDelaySeconds(i + 1, 0, schedule) ?? 0), 0);
}

/** Delay of the next queue hop towards `notBefore` (milliseconds since epoch), capped at the queue's maximum. */
export function queueHopSeconds(notBeforeMs: number, nowMs: number): number {
  const remaining = Math.ceil((notBeforeMs - nowMs) / 1000);
  return Math.min(Math.max(remaining, 0), MAX_QUEUE_DELAY_SECONDS);
}
