import { GatewayError } from '../errors';
import type { EncryptedBlob } from '../encrypted-blob';
import type { Permission, Role } from './permissions';

/**
 * A console user belongs to exactly one partner (the platform operator is a partner too). Email is the
 * sign-in name, unique across the gateway and compared in lower case.
 */
export type UserStatus = 'ACTIVE' | 'DEACTIVATED';

export interface TwoFactorState {
  readonly enabled: boolean;
  /** Envelope-encrypted base32 TOTP secret; present once set-up started. */
  readonly secretCiphertext?: EncryptedBlob;
  /** True while a secret was issued but not yet confirmed with a correct code. */
  readonly pending?: boolean;
  readonly enabledAt?: string;
  /** When 2FA was last turned off: turning it on again is a security change (a first enrollment is not). */
  readonly disabledAt?: string;
  /** Last TOTP time step accepted (single use per step). */
  readonly lastUsedStep?: number;
  /** SHA-256 (hex) of the unused recovery codes. */
  readonly recoveryCodeHashes?: readonly string[];
}

export interface ConsoleUser {
  readonly id: string;
  readonly partnerId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly extraPermissions: readonly Permission[];
  readonly status: UserStatus;
  /** Self-describing scrypt hash (parameters, salt, digest). */
  readonly passwordHash: string;
  readonly passwordChangedAt: string;
  readonly twoFactor: TwoFactorState;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastSignInAt?: string;
  readonly lastSignInIp?: string;
  /** Set by a temporary password (owner reset by the parent partner): sign-in asks for a new one first. */
  readonly passwordChangeRequired?: boolean;
}

/** What a user record looks like to the outside: no hash, no secrets. */
export interface UserView {
  readonly id: string;
  readonly partnerId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly extraPermissions: readonly Permission[];
  readonly status: UserStatus;
  readonly twoFactorEnabled: boolean;
  readonly passwordChangedAt: string;
  readonly createdAt: string;
  readonly lastSignInAt: string | null;
}

export function toUserView(u: ConsoleUser): UserView {
  return {
    id: u.id,
    partnerId: u.partnerId,
    email: u.email,
    name: u.name,
    role: u.role,
    extraPermissions: u.extraPermissions,
    status: u.status,
    twoFactorEnabled: u.twoFactor.enabled,
    passwordChangedAt: u.passwordChangedAt,
    createdAt: u.createdAt,
    lastSignInAt: u.lastSignInAt ?? null,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type UserEvent = 'DEACTIVATE' | 'REACTIVATE';
const USER_TRANSITIONS: Readonly<Record<UserStatus, Partial<Record<UserEvent, UserStatus>>>> = {
  ACTIVE: { DEACTIVATE: 'DEACTIVATED' },
  DEACTIVATED: { REACTIVATE: 'ACTIVE' },
};

export function transitionUser(from: UserStatus, event: UserEvent): UserStatus {
  const to = USER_TRANSITIONS[from][event];
  if (!to)
    throw new GatewayError('ILLEGAL_TRANSITION', `A member cannot ${event} from ${from}`, {
      details: { from, event },
    });
  return to;
}
