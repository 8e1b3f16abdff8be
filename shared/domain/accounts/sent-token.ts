import { GatewayError } from '../errors';

/**
 * Tokens the gateway sends by email: password reset, invitation, email verification. The token itself
 * is `<id>.<secret>`; only a SHA-256 of the secret is stored. Each is single use and expires; issuing a
 * new one of the same kind for the same purpose revokes the previous one.
 */
export type SentTokenKind = 'PASSWORD_RESET' | 'INVITATION' | 'EMAIL_VERIFICATION';
export type StoredTokenStatus = 'SENT' | 'USED' | 'REVOKED';
export type SentTokenStatus = StoredTokenStatus | 'EXPIRED';

export const TOKEN_TTL_MS: Readonly<Record<SentTokenKind, number>> = {
  PASSWORD_RESET: 30 * 60_000,
  INVITATION: 7 * 24 * 60 * 60_000,
  EMAIL_VERIFICATION: 24 * 60 * 60_000,
};

export interface SentToken {
  readonly id: string;
  readonly kind: SentTokenKind;
  readonly partnerId: string;
  /** The user it concerns, when one exists (not for invitations). */
  readonly userId?: string;
  /** Invitation or other subject the token acts on. */
  readonly subjectId?: string;
  readonly sentTo: string;
  readonly secretHash: string;
  readonly status: StoredTokenStatus;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt?: string;
  readonly revokedAt?: string;
  /** Payload the token carries (e.g. the new email of an email change). */
  readonly payload?: Readonly<Record<string, string>>;
}

export function tokenStatus(token: Pick<SentToken, 'status' | 'expiresAt'>, now: Date): SentTokenStatus {
  if (token.status !== 'SENT') return token.status;
  return Date.parse(token.expiresAt) <= now.getTime() ? 'EXPIRED' : 'SENT';
}

export function assertTokenUsable(token: Pick<SentToken, 'status' | 'expiresAt'>, now: Date): void {
  switch (tokenStatus(token, now)) {
    case 'SENT':
      return;
    case 'USED':
      throw new GatewayError('TOKEN_ALREADY_USED', 'This link was already used');
    case 'REVOKED':
      throw new GatewayError('TOKEN_REVOKED', 'This link was replaced by a newer one or withdrawn');
    case 'EXPIRED':
      throw new GatewayError('TOKEN_EXPIRED', 'This link has expired; request a new one');
  }
}

/** Splits `<id>.<secret>`; undefined when malformed. */
export function parseTokenString(value: string): { id: string; secret: string } | undefined {
  const m = /^(tk_[0-9a-z]{26})\.([A-Za-z0-9_-]{43})$/.exec(value.trim());
  return m ? { id: m[1] as string, secret: m[2] as string } : undefined;
}
