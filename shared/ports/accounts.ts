import type { ThrottleState } from '../domain/accounts/attempt-throttle';
import type { Invitation } from '../domain/accounts/invitation';
import type { Permission, Role } from '../domain/accounts/permissions';
import type { LockSubject, WithdrawalPolicy } from '../domain/accounts/security-locks';
import type { SentToken } from '../domain/accounts/sent-token';
import type { SessionStatus } from '../domain/accounts/session-lifetime';
import type { ConsoleUser, UserStatus } from '../domain/accounts/user';
import type { Partner } from '../domain/partner/partner';
import type { EncryptedBlob } from './key-vault';

/** Console users. Email uniqueness is enforced by the store (EMAIL_TAKEN). */
export interface UserRepository {
  create(user: ConsoleUser): Promise<void>;
  get(userId: string): Promise<ConsoleUser | undefined>;
  getByEmail(email: string): Promise<ConsoleUser | undefined>;
  listByPartner(partnerId: string): Promise<ConsoleUser[]>;
  /**
   * Sets a new password: one the user chose (clears `passwordChangeRequired`), or with `temporary` one
   * someone else chose (sub-partner owner reset), which the user must change first.
   */
  setPassword(userId: string, passwordHash: string, at: string, temporary?: boolean): Promise<void>;
  /** Re-hash with current parameters after a successful sign-in, only if the hash did not change meanwhile. */
  upgradePasswordHash(userId: string, previousHash: string, newHash: string): Promise<void>;
  recordSignIn(userId: string, at: string, ip: string): Promise<void>;
  updateProfile(userId: string, changes: { name: string }, at: string): Promise<ConsoleUser>;
  /** Writes role and extras only if the stored ones are still `expected` (no lost update). */
  changeRole(
    userId: string,
    expected: { role: Role; extraPermissions: readonly Permission[] },
    to: { role: Role; extraPermissions: readonly Permission[] },
    at: string,
  ): Promise<ConsoleUser>;
  changeStatus(userId: string, from: UserStatus, to: UserStatus, at: string): Promise<ConsoleUser>;
  /** Moves the unique email; EMAIL_TAKEN when the new one belongs to someone. */
  changeEmail(userId: string, from: string, to: string, at: string): Promise<ConsoleUser>;
  /** Starts (or restarts) 2FA set-up with a new secret; refused while 2FA is enabled. */
  beginTwoFactorSetup(userId: string, secretCiphertext: EncryptedBlob, at: string): Promise<void>;
  /** Enables 2FA with the pending secret, consuming `step`; false when not pending. */
  enableTwoFactor(
    userId: string,
    step: number,
    recoveryCodeHashes: readonly string[],
    at: string,
  ): Promise<boolean>;
  disableTwoFactor(userId: string, at: string): Promise<void>;
  replaceRecoveryCodes(userId: string, recoveryCodeHashes: readonly string[], at: string): Promise<void>;
  /** Records `step` as used; false when it (or a later one) already was: a replay. */
  claimTotpStep(userId: string, step: number): Promise<boolean>;
  /** Removes one recovery code; false when it was not there (unknown or already used). */
  consumeRecoveryCode(userId: string, codeHash: string): Promise<boolean>;
}

export interface StoredSession {
  readonly id: string;
  readonly userId: string;
  readonly partnerId: string;
  readonly status: SessionStatus;
  readonly rememberMe: boolean;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly lastActiveAt: number;
  /** SHA-256 of the current refresh secret. */
  readonly refreshHash: string;
  /** SHA-256 of refresh secrets already rotated away: presenting one again is theft. */
  readonly usedRefreshHashes: readonly string[];
  /** SHA-256 of the CSRF token bound to the session. */
  readonly csrfHash: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly revokedAt?: number;
  readonly revokeReason?: string;
}

export interface SessionRepository {
  create(session: StoredSession): Promise<void>;
  get(sessionId: string): Promise<StoredSession | undefined>;
  listByUser(userId: string): Promise<StoredSession[]>;
  /**
   * Swaps the refresh hash if the presented one is still current and the session active (false
   * otherwise), remembering the presented one in `usedRefreshHashes`.
   */
  rotate(session: StoredSession, nextHash: string, at: number): Promise<boolean>;
  revoke(sessionId: string, reason: string, at: number): Promise<void>;
  /** Revokes every active session of the user (except `exceptSessionId`); returns how many. */
  revokeAllForUser(userId: string, reason: string, at: number, exceptSessionId?: string): Promise<number>;
}

/** What the console authorizer needs, read in one consistent round trip. */
export interface SessionContext {
  readonly session: StoredSession | undefined;
  readonly user: ConsoleUser | undefined;
  readonly partner: Partner | undefined;
}

export interface SessionContextReader {
  read(sessionId: string, userId: string, partnerId: string): Promise<SessionContext>;
}

/** The password step of a sign-in with 2FA, waiting for the code. */
export interface SignInChallenge {
  readonly id: string;
  readonly secretHash: string;
  readonly userId: string;
  readonly rememberMe: boolean;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly attempts: number;
}

export interface SignInChallengeStore {
  create(challenge: SignInChallenge): Promise<void>;
  /** Counts one code attempt; undefined when unknown, expired, used up or already completed. */
  attempt(
    challengeId: string,
    secretHash: string,
    now: number,
    maxAttempts: number,
  ): Promise<SignInChallenge | undefined>;
  /** Single use: false if it was already completed. */
  complete(challengeId: string): Promise<boolean>;
}

export interface ThrottleStore {
  read(keys: readonly string[]): Promise<Map<string, ThrottleState>>;
  /**
   * Records an attempt as a failure before the secret is checked, only if the stored state is still
   * `expected` (so concurrent guesses are serialized); false when another attempt got there first.
   */
  recordAttempt(
    key: string,
    expected: ThrottleState | undefined,
    next: ThrottleState,
    ttlSeconds: number,
  ): Promise<boolean>;
  /** Records a failure after the fact (IP counters). */
  recordFailure(
    key: string,
    next: (current: ThrottleState | undefined) => ThrottleState,
    ttlSeconds: number,
  ): Promise<void>;
  clear(key: string): Promise<void>;
}

export interface SentTokenRepository {
  create(token: SentToken): Promise<void>;
  get(tokenId: string): Promise<SentToken | undefined>;
  /** SENT → USED if still SENT and unexpired at `at`; false otherwise. */
  markUsed(tokenId: string, at: string): Promise<boolean>;
  /** Revokes the outstanding (SENT) tokens of this kind for the recipient, optionally only for one subject. */
  revokeOutstanding(sentTo: string, kind: SentToken['kind'], at: string, subjectId?: string): Promise<number>;
  listBySentTo(sentTo: string): Promise<SentToken[]>;
}

export interface InvitationRepository {
  create(invitation: Invitation): Promise<void>;
  get(invitationId: string): Promise<Invitation | undefined>;
  listByPartner(partnerId: string): Promise<Invitation[]>;
  listByEmail(email: string): Promise<Invitation[]>;
  /** Writes the change only if the stored status is still PENDING; ILLEGAL_TRANSITION otherwise. */
  update(
    invitationId: string,
    changes: Partial<Pick<Invitation, 'status' | 'tokenId' | 'expiresAt' | 'acceptedAt' | 'acceptedUserId'>>,
    at: string,
  ): Promise<Invitation>;
}

export interface PartnerSecurity {
  readonly partnerId: string;
  /** A partner-wide lock (written before locks followed the credential; honoured until it ends). */
  readonly withdrawalLockedUntil?: string;
  /** Per user (`user:<id>`) or API key (`apikey:<id>`): until when its withdrawal actions are locked. */
  readonly subjectLocks?: Readonly<Record<string, string>>;
  readonly lockReason?: string;
  readonly policy: WithdrawalPolicy;
  readonly updatedAt?: string;
}

export interface PartnerSecurityRepository {
  get(partnerId: string): Promise<PartnerSecurity>;
  /** Extends `subject`'s withdrawal lock to `until` (never shortens it). */
  lockWithdrawals(
    partnerId: string,
    subject: LockSubject,
    until: string,
    reason: string,
    at: string,
  ): Promise<void>;
  updatePolicy(partnerId: string, policy: WithdrawalPolicy, at: string): Promise<PartnerSecurity>;
}

export interface Workspace {
  readonly partnerId: string;
  readonly displayName: string;
  readonly supportEmail: string | null;
  readonly timezone: string;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

export interface WorkspaceRepository {
  get(partnerId: string): Promise<Workspace | undefined>;
  put(workspace: Workspace): Promise<void>;
}
