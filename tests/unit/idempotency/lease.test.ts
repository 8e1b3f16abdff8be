import { FUNCTIONS } from '../../../functions/catalog';
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_WAIT_MS } from '../../../shared/app/idempotency/run-idempotent';

/** The POST routes that run under an idempotency claim (ADR 0012). */
const KEYED_POSTS = [
  'POST /v1/withdrawals',
  'POST /console/withdrawals',
  'POST /v1/deposit-requests',
  'POST /v1/deposit-reservations',
  'POST /console/deposit-reservations',
  'POST /v1/external-wallets',
  'POST /console/external-wallets',
  'POST /console/withdrawal-whitelist',
];

describe('idempotency lease', () => {
  const serving = KEYED_POSTS.map((route) => {
    const fn = FUNCTIONS.find((f) => (f.routes ?? []).some((r) => `${r.method} ${r.path}` === route));
    return { route, fn };
  });

  it('finds the function serving every keyed POST', () => {
    expect(serving.filter((s) => !s.fn).map((s) => s.route)).toEqual([]);
  });

  it('outlasts every function that serves a keyed POST, so a lease only passes when its owner is gone', () => {
    for (const { route, fn } of serving) {
      const timeoutMs = (fn?.timeoutSeconds ?? Infinity) * 1000;
      expect({ route, outlasts: IDEMPOTENCY_LEASE_MS > timeoutMs }).toEqual({ route, outlasts: true });
      // A duplicate's bounded wait fits in the function too, with room for the work around it.
      expect({ route, fits: IDEMPOTENCY_WAIT_MS < timeoutMs }).toEqual({ route, fits: true });
    }
  });
});
