import { invitationDisplayStatus, transitionInvitation } from '../../../shared/domain/accounts/invitation';
import {
  assertTokenUsable,
  parseTokenString,
  tokenStatus,
  TOKEN_TTL_MS,
} from '../../../shared/domain/accounts/sent-token';
import { transitionUser } from '../../../shared/domain/accounts/user';
import { codeOf } from './support';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

describe('sent tokens', () => {
  it('are usable once, until they expire', () => {
    expect(codeOf(() => assertTokenUsable({ status: 'SENT', expiresAt: later(1) }, NOW))).toBe('OK');
    expect(codeOf(() => assertTokenUsable({ status: 'SENT', expiresAt: later(0) }, NOW))).toBe(
      'TOKEN_EXPIRED',
    );
    expect(codeOf(() => assertTokenUsable({ status: 'USED', expiresAt: later(1000) }, NOW))).toBe(
      'TOKEN_ALREADY_USED',
    );
    expect(codeOf(() => assertTokenUsable({ status: 'REVOKED', expiresAt: later(1000) }, NOW))).toBe(
      'TOKEN_REVOKED',
    );
    expect(tokenStatus({ status: 'SENT', expiresAt: later(-1) }, NOW)).toBe('EXPIRED');
  });

  it('expire after 30 minutes for a reset, a day for a verification, a week for an invitation', () => {
    expect(TOKEN_TTL_MS).toEqual({
      PASSWORD_RESET: 1_800_000,
      EMAIL_VERIFICATION: 86_400_000,
      INVITATION: 604_800_000,
    });
  });

  it('parse only the <id>.<secret> form', () => {
    const secret = 'A'.repeat(43);
    expect(parseTokenString(`tk_${'0'.repeat(26)}.${secret}`)).toEqual({
      id: `tk_${'0'.repeat(26)}`,
      secret,
    });
    expect(parseTokenString(`tk_${'0'.repeat(26)}`)).toBeUndefined();
    expect(parseTokenString(`xx_${'0'.repeat(26)}.${secret}`)).toBeUndefined();
  });
});

describe('invitations and members', () => {
  it('accept, revoke or resend only pending invitations', () => {
    expect(transitionInvitation('PENDING', 'ACCEPT')).toBe('ACCEPTED');
    expect(transitionInvitation('PENDING', 'RESEND')).toBe('PENDING');
    expect(codeOf(() => transitionInvitation('ACCEPTED', 'REVOKE'))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => transitionInvitation('REVOKED', 'ACCEPT'))).toBe('ILLEGAL_TRANSITION');
    expect(invitationDisplayStatus({ status: 'PENDING', expiresAt: later(-1) }, NOW)).toBe('EXPIRED');
  });

  it('deactivate active members and reactivate deactivated ones', () => {
    expect(transitionUser('ACTIVE', 'DEACTIVATE')).toBe('DEACTIVATED');
    expect(transitionUser('DEACTIVATED', 'REACTIVATE')).toBe('ACTIVE');
    expect(codeOf(() => transitionUser('DEACTIVATED', 'DEACTIVATE'))).toBe('ILLEGAL_TRANSITION');
  });
});
