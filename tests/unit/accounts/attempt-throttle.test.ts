import fc from 'fast-check';
import {
  ACCOUNT_THROTTLE,
  IP_THROTTLE,
  stateAfterFailure,
  throttleError,
  throttleVerdict,
  waitAfterFailures,
} from '../../../shared/domain/accounts/attempt-throttle';
import type { ThrottleState } from '../../../shared/domain/accounts/attempt-throttle';

const T0 = Date.parse('2026-11-20T12:00:00Z');

function failTimes(n: number, at = T0): ThrottleState | undefined {
  let s: ThrottleState | undefined;
  for (let i = 0; i < n; i++) s = stateAfterFailure(s, ACCOUNT_THROTTLE, at);
  return s;
}

describe('attempt throttle', () => {
  it('lets the first five failures through without waiting', () => {
    expect(throttleVerdict(failTimes(4), ACCOUNT_THROTTLE, T0).allowed).toBe(true);
    expect(throttleVerdict(failTimes(5), ACCOUNT_THROTTLE, T0)).toEqual({
      allowed: false,
      code: 'TOO_MANY_ATTEMPTS',
      until: T0 + 1000,
    });
    expect(throttleVerdict(failTimes(5), ACCOUNT_THROTTLE, T0 + 1000).allowed).toBe(true);
  });

  it('doubles the wait with each further failure, up to a minute', () => {
    expect([5, 6, 7, 8, 9].map((f) => waitAfterFailures(f, ACCOUNT_THROTTLE))).toEqual([
      1000, 2000, 4000, 8000, 16000,
    ]);
    expect(waitAfterFailures(30, IP_THROTTLE)).toBe(60_000);
  });

  it('locks the key out for 15 minutes at ten failures', () => {
    const s = failTimes(10);
    const v = throttleVerdict(s, ACCOUNT_THROTTLE, T0 + 14 * 60_000);
    expect(v).toEqual({ allowed: false, code: 'LOCKED_OUT', until: T0 + 15 * 60_000 });
    expect(throttleVerdict(s, ACCOUNT_THROTTLE, T0 + 15 * 60_000).allowed).toBe(true);
  });

  it('forgets failures after an hour of quiet', () => {
    const s = failTimes(9);
    expect(stateAfterFailure(s, ACCOUNT_THROTTLE, T0 + 61 * 60_000).failures).toBe(1);
    expect(stateAfterFailure(s, ACCOUNT_THROTTLE, T0 + 59 * 60_000).failures).toBe(10);
  });

  it('reports when to retry and when the lock ends', () => {
    const e = throttleError({ allowed: false, code: 'LOCKED_OUT', until: T0 + 900_000 }, T0);
    expect(e.code).toBe('LOCKED_OUT');
    expect(e.details).toEqual({ unlockAt: '2026-11-20T12:15:00.000Z', retryAfterSeconds: 900 });
    expect(throttleError({ allowed: false, code: 'TOO_MANY_ATTEMPTS', until: T0 + 1 }, T0).details).toEqual({
      retryAfterSeconds: 1,
    });
  });

  it('never lets more than ten failures through within the lockout period (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 40 }), (gaps) => {
        let s: ThrottleState | undefined;
        let now = T0;
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          if (!throttleVerdict(s, ACCOUNT_THROTTLE, now).allowed) continue;
          allowed += 1;
          s = stateAfterFailure(s, ACCOUNT_THROTTLE, now);
        }
        // The gaps add up to at most 200 s, well inside the 15-minute lockout that starts at failure ten.
        return allowed <= ACCOUNT_THROTTLE.lockAfterFailures;
      }),
    );
  });
});
