import {
  assertNotRequester,
  assertWithdrawalsAllowed,
  assertWithdrawalTwoFactor,
  requesterLockSubject,
  WITHDRAWAL_LOCK_MS,
  withdrawalLockAfterChange,
  withdrawalLockOf,
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
        { subjectLocks: { 'user:u1': until } },
        new Date(NOW.getTime() + WITHDRAWAL_LOCK_MS - 1),
        'user:u1',
      );
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(GatewayError);
      expect((e as GatewayError).code).toBe('WITHDRAWAL_LOCKED');
      expect((e as GatewayError).details).toEqual({ unlockAt: '2026-11-21T12:00:00.000Z', scope: 'USER' });
    }
    expect(
      codeOf(() =>
        assertWithdrawalsAllowed(
          { subjectLocks: { 'user:u1': until } },
          new Date(NOW.getTime() + WITHDRAWAL_LOCK_MS),
          'user:u1',
        ),
      ),
    ).toBe('OK');
    expect(codeOf(() => assertWithdrawalsAllowed({}, NOW, 'user:u1'))).toBe('OK');
  });

  it('holds only the credential that changed: the user, or the API key', () => {
    const until = withdrawalLockAfterChange(undefined, NOW);
    const locks = { subjectLocks: { 'user:approver': until, 'apikey:k1': until } };
    expect(codeOf(() => assertWithdrawalsAllowed(locks, NOW, 'user:approver'))).toBe('WITHDRAWAL_LOCKED');
    expect(codeOf(() => assertWithdrawalsAllowed(locks, NOW, 'user:owner'))).toBe('OK');
    expect(codeOf(() => assertWithdrawalsAllowed(locks, NOW, 'apikey:k1'))).toBe('WITHDRAWAL_LOCKED');
    expect(codeOf(() => assertWithdrawalsAllowed(locks, NOW, 'apikey:k2'))).toBe('OK');
    expect(requesterLockSubject({ kind: 'apiKey', id: 'k1' })).toBe('apikey:k1');
    expect(requesterLockSubject({ kind: 'user', id: 'owner' })).toBe('user:owner');
  });

  it('still honours a partner-wide lock, the later of the two winning', () => {
    const wide = '2026-11-21T00:00:00.000Z';
    const own = '2026-11-21T06:00:00.000Z';
    expect(withdrawalLockOf({ withdrawalLockedUntil: wide }, 'user:a', NOW)).toBe(wide);
    expect(
      withdrawalLockOf({ withdrawalLockedUntil: wide, subjectLocks: { 'user:a': own } }, 'user:a', NOW),
    ).toBe(own);
    expect(withdrawalLockOf({ withdrawalLockedUntil: wide }, 'user:a', new Date(wide))).toBeUndefined();
    try {
      assertWithdrawalsAllowed({ withdrawalLockedUntil: wide }, NOW, 'apikey:k');
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as GatewayError).details).toEqual({ unlockAt: wide, scope: 'PARTNER' });
    }
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
