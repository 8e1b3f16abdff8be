import fc from 'fast-check';
import { WITHDRAWAL_STATUSES } from '../../../shared/domain/withdrawal/withdrawal';
import {
  depositActivity,
  usdValue,
  withdrawalActivity,
} from '../../../shared/domain/activity/daily-activity';

const dep = (status: string, amount = 25n * 10n ** 18n) => ({
  partnerId: 'pt_1',
  status,
  amount,
  asset: 'USDT@BSC',
  detectedAt: '2026-11-20T23:59:59.999Z',
});
const wd = (status: string) => ({
  partnerId: 'pt_1',
  status,
  amount: 12_500_000n,
  asset: 'USDT@POLYGON',
  createdAt: '2026-11-21T00:00:00.000Z',
  ...(status === 'CONFIRMED' ? { confirmedAt: '2026-11-22T03:00:00.000Z' } : {}),
});

describe('dashboard counters: what a change counts (ADR 0027)', () => {
  it('a deposit counts on its UTC detection day in USD at 18 decimals, unless recorded FAILED; failing takes it back once', () => {
    expect(depositActivity(undefined, dep('DETECTED'))).toMatchObject({
      day: '2026-11-20',
      depositCount: 1,
      depositUsd: 25n * 10n ** 18n,
      withdrawalCount: 0,
      pendingApprovals: 0,
    });
    expect(depositActivity(undefined, dep('FAILED'))).toBeUndefined();
    expect(depositActivity({ status: 'CONFIRMED' }, dep('FAILED'))).toMatchObject({
      depositCount: -1,
      depositUsd: -(25n * 10n ** 18n),
    });
    expect(depositActivity({ status: 'DETECTED' }, dep('CONFIRMED'))).toBeUndefined();
    expect(usdValue(12_500_000n, 'USDT@TRON')).toBe(125n * 10n ** 17n);
  });

  it('a withdrawal counts on the UTC day it is CONFIRMED (processed); before that it is in progress, and in the approval queue while PENDING_APPROVAL', () => {
    expect(withdrawalActivity(undefined, wd('REQUESTED'))).toBeUndefined();
    expect(withdrawalActivity({ status: 'REQUESTED' }, wd('PENDING_APPROVAL'))).toMatchObject({
      withdrawalCount: 0,
      withdrawalUsd: 0n,
      withdrawalsInProgress: 1,
      pendingApprovals: 1,
    });
    expect(withdrawalActivity({ status: 'PENDING_APPROVAL' }, wd('APPROVED'))).toMatchObject({
      withdrawalCount: 0,
      withdrawalsInProgress: 0,
      pendingApprovals: -1,
    });
    expect(withdrawalActivity({ status: 'PENDING_APPROVAL' }, wd('REJECTED'))).toMatchObject({
      withdrawalCount: 0,
      withdrawalsInProgress: -1,
      pendingApprovals: -1,
    });
    expect(withdrawalActivity({ status: 'PROCESSING' }, wd('BROADCASTING'))).toBeUndefined();
    // Confirmed on the 22nd although requested on the 21st: it counts on the 22nd, and leaves "in progress".
    expect(withdrawalActivity({ status: 'BROADCASTING' }, wd('CONFIRMED'))).toMatchObject({
      day: '2026-11-22',
      withdrawalCount: 1,
      withdrawalUsd: 125n * 10n ** 17n,
      withdrawalsInProgress: -1,
      pendingApprovals: 0,
    });
    expect(withdrawalActivity({ status: 'BROADCASTING' }, wd('FAILED'))).toMatchObject({
      withdrawalCount: 0,
      withdrawalsInProgress: -1,
    });
  });

  it('any path of status changes sums to what the final status counts on its own', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WITHDRAWAL_STATUSES), { minLength: 1, maxLength: 8 }),
        (path) => {
          let count = 0;
          let queue = 0;
          let inProgress = 0;
          let before: ReturnType<typeof wd> | undefined;
          for (const status of path) {
            const d = withdrawalActivity(before, wd(status));
            count += d?.withdrawalCount ?? 0;
            queue += d?.pendingApprovals ?? 0;
            inProgress += d?.withdrawalsInProgress ?? 0;
            before = wd(status);
          }
          const last = withdrawalActivity(undefined, wd(path.at(-1) as string));
          expect(count).toBe(last?.withdrawalCount ?? 0);
          expect(queue).toBe(last?.pendingApprovals ?? 0);
          expect(inProgress).toBe(last?.withdrawalsInProgress ?? 0);
        },
      ),
    );
  });
});
