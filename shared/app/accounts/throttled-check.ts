import {
  ACCOUNT_THROTTLE,
  IP_THROTTLE,
  stateAfterFailure,
  throttleError,
  throttleVerdict,
} from '../../domain/accounts/attempt-throttle';
import type { ThrottlePolicy } from '../../domain/accounts/attempt-throttle';
import { GatewayError } from '../../domain/errors';
import type { AccountsDeps } from './deps';
import { sha256Hex } from './deps';

/**
 * Runs one secret check (password, OTP, recovery code) under brute-force protection. The account
 * counter is charged before the check with a conditional write, so parallel guesses against one
 * account cannot all get through; a success clears it. The IP counter is charged only on failure
 * (many honest users share an office address).
 */
export const accountThrottleKey = (email: string) => `ACCOUNT#${sha256Hex(email)}`;
export const ipThrottleKey = (ip: string) => `IP#${ip}`;

const ttlSeconds = (p: ThrottlePolicy) => Math.ceil((p.windowMs + p.lockMs) / 1000);

export async function throttledCheck<R extends string>(
  deps: Pick<AccountsDeps, 'throttles' | 'clock'>,
  keys: { readonly email: string; readonly ip?: string },
  check: () => Promise<R | 'OK'>,
): Promise<R | 'OK'> {
  const now = deps.clock.now().getTime();
  const accountKey = accountThrottleKey(keys.email);
  const ipKey = keys.ip ? ipThrottleKey(keys.ip) : undefined;
  const states = await deps.throttles.read(ipKey ? [accountKey, ipKey] : [accountKey]);

  for (const [key, policy] of [[accountKey, ACCOUNT_THROTTLE], ...(ipKey ? [[ipKey, IP_THROTTLE]] : [])] as [
    string,
    ThrottlePolicy,
  ][]) {
    const verdict = throttleVerdict(states.get(key), policy, now);
    if (!verdict.allowed) throw throttleError(verdict, now);
  }

  const stored = states.get(accountKey);
  const charged = await deps.throttles.recordAttempt(
    accountKey,
    stored,
    stateAfterFailure(stored, ACCOUNT_THROTTLE, now),
    ttlSeconds(ACCOUNT_THROTTLE),
  );
  if (!charged) {
    // Another attempt on the same account is in flight: this one waits its turn.
    throw new GatewayError('TOO_MANY_ATTEMPTS', 'Another attempt is in progress; retry in a second', {
      details: { retryAfterSeconds: 1 },
    });
  }

  const result = await check();
  if (result === 'OK') {
    await deps.throttles.clear(accountKey);
  } else if (ipKey) {
    await deps.throttles.recordFailure(
      ipKey,
      (current) => stateAfterFailure(current, IP_THROTTLE, now),
      ttlSeconds(IP_THROTTLE),
    );
  }
  return result;
}
