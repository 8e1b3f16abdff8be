import {
  assertNotRequester,
  assertWithdrawalsAllowed,
  assertWithdrawalTwoFactor,
  WITHDRAWAL_LOCK_MS,
  withdrawalLockAfterChange,
} from '../../../shared/domain/accounts/security-locks';
import { GatewayError } from '../../../shared/domain/errors';
import { codeOf } from './support';

const NOW = new Date('2026-11-20T12:00:00.000Z');

describe('withdrawal lock after a security change', () => {
  it('locks withdrawals for 24 hours and reports the unlock time', () => {
    const until = withdrawalLockAfterChange(undefined, NOW);
    expect(Date.parse(until) - NOW.getTime()).toBe(WITHDRAWAL_LOCK_MS);
    try {
      assertWithdrawalsAllowed(
        { withdrawalLockedUntil: until },
        new Date(NOW.getTime() + WITHDRAWAL_LOCK_MS - 1),
      );
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(GatewayError);
      expect((e as GatewayError).code).toBe('WITHDRAWAL_LOCKED');
      expect((e as GatewayError).details).toEqual({ unlockAt: '2026-11-21T12:00:00.000Z' });
    }
    expect(
      codeOf(() =>
        assertWithdrawalsAllowed(
          { withdrawalLockedUntil: until },
          new Date(NOW.getTime() + WITHDRAWAL_LOCK_MS),
        ),
      ),
    ).toBe('OK');
    expect(codeOf(() => assertWithdrawalsAllowed({}, NOW))).toBe('OK');
  });

  it('extends but never shortens a lock', () => {
    const later = '2026-11-25T00:00:00.000Z';
    expect(withdrawalLockAfterChange(later, NOW)).toBe(later);
    expect(withdrawalLockAfterChange('2026-11-20T13:00:00.000Z', NOW)).toBe('2026-11-21T12:00:00.000Z');
  });
});

describe('2FA and four-eyes rules for withdrawals', () => {
  it('refuses withdrawals by users without 2FA unless the partner allows it', () => {
    expect(
      codeOf(() =>
        assertWithdrawalTwoFactor({ twoFactorEnabled: false }, { allowWithdrawalsWithout2fa: false }),
      ),
    ).toBe('TWO_FACTOR_REQUIRED');
    expect(
      codeOf(() =>
        assertWithdrawalTwoFactor({ twoFactorEnabled: false }, { allowWithdrawalsWithout2fa: true }),
      ),
    ).toBe('OK');
    expect(
      codeOf(() =>
        assertWithdrawalTwoFactor({ twoFactorEnabled: true }, { allowWithdrawalsWithout2fa: false }),
      ),
    ).toBe('OK');
  });

  it('stops the requester from approving their own withdrawal when four-eyes is on', () => {
    expect(codeOf(() => assertNotRequester({ requestedBy: 'u1' }, 'u1', { fourEyes: true }))).toBe(
      'FOUR_EYES_VIOLATION',
    );
    expect(codeOf(() => assertNotRequester({ requestedBy: 'u1' }, 'u2', { fourEyes: true }))).toBe('OK');
    expect(codeOf(() => assertNotRequester({ requestedBy: 'u1' }, 'u1', { fourEyes: false }))).toBe('OK');
  });
});
