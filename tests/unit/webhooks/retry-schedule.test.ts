import fc from 'fast-check';
import {
  DEFAULT_RETRY_DELAYS_SECONDS,
  JITTER_RATIO,
  MAX_QUEUE_DELAY_SECONDS,
  maxAttempts,
  minimumRetryWindowSeconds,
  queueHopSeconds,
  retryDelaySeconds,
} from '../../../shared/domain/webhooks/retry-schedule';

const DAY = 24 * 3600;

describe('webhook retry schedule', () => {
  describe('backoff', () => {
    it('retries after 1 m, 5 m, 15 m, 1 h, 2 h, 4 h, 8 h and 12 h: 9 attempts', () => {
      expect(DEFAULT_RETRY_DELAYS_SECONDS).toEqual([60, 300, 900, 3600, 7200, 14400, 28800, 43200]);
      expect(maxAttempts()).toBe(9);
      expect(DEFAULT_RETRY_DELAYS_SECONDS.map((_, i) => retryDelaySeconds(i + 1, 0.5))).toEqual([
        ...DEFAULT_RETRY_DELAYS_SECONDS,
      ]);
    });

    it('keeps retrying for at least 24 hours even with the largest negative jitter', () => {
      expect(minimumRetryWindowSeconds()).toBeGreaterThanOrEqual(DAY);
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
            minLength: 8,
            maxLength: 8,
          }),
          (randoms) => {
            const total = randoms.reduce((sum, r, i) => sum + (retryDelaySeconds(i + 1, r) ?? 0), 0);
            return total >= DAY && total <= 1.1 * 98_460;
          },
        ),
      );
    });

    it('grows exponentially-ish: each nominal delay is longer than the one before', () => {
      for (let i = 1; i < DEFAULT_RETRY_DELAYS_SECONDS.length; i++) {
        expect(DEFAULT_RETRY_DELAYS_SECONDS[i]!).toBeGreaterThan(DEFAULT_RETRY_DELAYS_SECONDS[i - 1]!);
      }
    });

    it('spreads each delay by at most ±10% jitter', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 8 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (attempt, r) => {
            const base = DEFAULT_RETRY_DELAYS_SECONDS[attempt - 1]!;
            const d = retryDelaySeconds(attempt, r)!;
            return d >= Math.floor(base * (1 - JITTER_RATIO)) && d <= Math.ceil(base * (1 + JITTER_RATIO));
          },
        ),
      );
    });

    it('gives up after the last delay and refuses nonsense attempt numbers', () => {
      expect(retryDelaySeconds(9, 0.5)).toBeUndefined();
      expect(retryDelaySeconds(2, 0.5, [10])).toBeUndefined();
      expect(() => retryDelaySeconds(0, 0.5)).toThrow(RangeError);
    });
  });

  describe('queue hops', () => {
    it('waits in hops of at most 15 minutes (SQS DelaySeconds) until the attempt is due', () => {
      const now = Date.UTC(2026, 10, 20);
      expect(queueHopSeconds(now + 12 * 3600_000, now)).toBe(MAX_QUEUE_DELAY_SECONDS);
      expect(queueHopSeconds(now + 61_500, now)).toBe(62);
      expect(queueHopSeconds(now - 5_000, now)).toBe(0);
      // 12 hours are reached in 48 hops.
      let t = now;
      let hops = 0;
      const due = now + 12 * 3600_000;
      while (t < due) {
        t += queueHopSeconds(due, t) * 1000;
        hops++;
      }
      expect(hops).toBe(48);
    });
  });
});
