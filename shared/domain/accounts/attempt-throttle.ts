import { GatewayError } from '../errors';

/**
 * Brute-force protection for secret checks (passwords, OTP codes). Failures are counted per key (an
 * account, keyed by its email hash so unknown emails behave like known ones, and a client IP). The
 * first `freeFailures` cost nothing; after that each failure doubles the wait before the next attempt
 * (exponential backoff), and at `lockAfterFailures` the key is locked out for `lockMs`. Failures older
 * than `windowMs` are forgotten. Pure: time comes in as epoch milliseconds.
 */
export interface ThrottlePolicy {
  readonly freeFailures: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly lockAfterFailures: number;
  readonly lockMs: number;
  readonly windowMs: number;
}

export interface ThrottleState {
  readonly failures: number;
  readonly lastFailureAt: number;
  /** No attempt is allowed before this instant (epoch ms); 0 when not blocked. */
  readonly blockedUntil: number;
}

export const ACCOUNT_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  lockAfterFailures: 10,
  lockMs: 15 * 60_000,
  windowMs: 60 * 60_000,
};

/** Offices share addresses behind NAT: the per-IP limits are looser and catch password spraying. */
export const IP_THROTTLE: ThrottlePolicy = {
  freeFailures: 20,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  lockAfterFailures: 100,
  lockMs: 15 * 60_000,
  windowMs: 60 * 60_000,
};

export type ThrottleVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: 'TOO_MANY_ATTEMPTS' | 'LOCKED_OUT'; readonly until: number };

/** The state as of `now`: failures outside the window are forgotten. */
export function currentState(
  state: ThrottleState | undefined,
  policy: ThrottlePolicy,
  now: number,
): ThrottleState {
  if (!state || now - state.lastFailureAt > policy.windowMs)
    return { failures: 0, lastFailureAt: 0, blockedUntil: 0 };
  return state;
}

export function throttleVerdict(
  state: ThrottleState | undefined,
  policy: ThrottlePolicy,
  now: number,
): ThrottleVerdict {
  const s = currentState(state, policy, now);
  if (s.blockedUntil > now) {
    return {
      allowed: false,
      code: s.failures >= policy.lockAfterFailures ? 'LOCKED_OUT' : 'TOO_MANY_ATTEMPTS',
      until: s.blockedUntil,
    };
  }
  return { allowed: true };
}

/** How long the key must wait after its `failures`-th failure. */
export function waitAfterFailures(failures: number, policy: ThrottlePolicy): number {
  if (failures >= policy.lockAfterFailures) return policy.lockMs;
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (failures - policy.freeFailures));
}

export function stateAfterFailure(
  state: ThrottleState | undefined,
  policy: ThrottlePolicy,
  now: number,
): ThrottleState {
  const failures = currentState(state, policy, now).failures + 1;
  const wait = waitAfterFailures(failures, policy);
  return { failures, lastFailureAt: now, blockedUntil: wait > 0 ? now + wait : 0 };
}

export function throttleError(
  verdict: Extract<ThrottleVerdict, { allowed: false }>,
  now: number,
): GatewayError {
  const retryAfterSeconds = Math.max(1, Math.ceil((verdict.until - now) / 1000));
  const until = new Date(verdict.until).toISOString();
  return verdict.code === 'LOCKED_OUT'
    ? new GatewayError('LOCKED_OUT', `Too many failed attempts; locked until ${until}`, {
        details: { unlockAt: until, retryAfterSeconds },
      })
    : new GatewayError('TOO_MANY_ATTEMPTS', `Too many failed attempts; retry in ${retryAfterSeconds} s`, {
        details: { retryAfterSeconds },
      });
}
