import { createHash, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import * as z from 'zod';
import { ValidationError } from '../../domain/errors';
import type { Permission, Role } from '../../domain/accounts/permissions';
import type { PartnerType } from '../../domain/partner/partner';
import type {
  InvitationRepository,
  PartnerSecurityRepository,
  SentTokenRepository,
  SessionContextReader,
  SessionRepository,
  SignInChallengeStore,
  ThrottleStore,
  UserRepository,
  WorkspaceRepository,
} from '../../ports/accounts';
import type { AccessTokenIssuer } from '../../ports/access-tokens';
import type { AuditEntry, AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { EmailSender } from '../../ports/email';
import type { KeyVault } from '../../ports/key-vault';
import type { ApiKeyRepository, PartnerRepository } from '../../ports/partner-store';
import type { PasswordHasher } from '../../ports/password-hasher';

/** Everything the console account use-cases need; `shared/composition/gateway.ts` wires it. */
export interface AccountsDeps {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly sessionContexts: SessionContextReader;
  readonly signInChallenges: SignInChallengeStore;
  readonly throttles: ThrottleStore;
  readonly sentTokens: SentTokenRepository;
  readonly invitations: InvitationRepository;
  readonly partnerSecurity: PartnerSecurityRepository;
  readonly workspaces: WorkspaceRepository;
  readonly passwords: PasswordHasher;
  readonly accessTokens: AccessTokenIssuer;
  readonly email: EmailSender;
  readonly partners: PartnerRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly keyVault: KeyVault;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Base URL of the console, for links in emails. */
  readonly consoleUrl: string;
  readonly onAuditFailure?: (e: unknown) => void;
}

/**
 * What the OTP gate (`requireOtp`, `checkSecondFactor`) and the withdrawal guard read and write: the
 * user's 2FA state, the brute-force throttle, the partner's security settings, the audit log. A
 * function that only gates actions behind a fresh OTP wires these (composition/otp-guard.ts), not the
 * whole console-account set.
 */
export type OtpGuardDeps = Pick<
  AccountsDeps,
  'users' | 'throttles' | 'partnerSecurity' | 'keyVault' | 'audit' | 'clock' | 'onAuditFailure'
>;

/** Where a console request came from (for audit, throttling and the sessions list). */
export interface RequestMeta {
  readonly sourceIp: string;
  readonly userAgent: string;
}

/** The signed-in console user as the console authorizer established them. */
export interface ConsolePrincipal {
  readonly userId: string;
  readonly sessionId: string;
  readonly partnerId: string;
  readonly partnerCode: string;
  readonly partnerType: PartnerType;
  readonly email: string;
  readonly role: Role;
  readonly permissions: readonly Permission[];
  readonly twoFactorEnabled: boolean;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** 256 random bits, URL-safe (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function newId(prefix: 'us' | 'se' | 'tk' | 'iv' | 'ch'): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}

export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    'Invalid input',
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

export const EmailInput = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

/** Sign-in passwords are not policy-checked (old ones stay valid), only bounded. */
export const PasswordInput = z.string().min(1).max(1024);
export const OtpInput = z.string().trim().min(6).max(32);

/**
 * Appends to the audit log; a failed audit write is reported, never allowed to change the outcome of
 * the action it records.
 */
export async function audit(
  deps: Pick<AccountsDeps, 'audit' | 'onAuditFailure'>,
  entry: AuditEntry,
): Promise<void> {
  try {
    await deps.audit.record(entry);
  } catch (e) {
    deps.onAuditFailure?.(e);
  }
}

export function userActor(userId: string): { readonly type: 'USER'; readonly id: string } {
  return { type: 'USER', id: userId };
}

export function metaDetails(meta: RequestMeta): Record<string, string> {
  return { userAgent: meta.userAgent.slice(0, 256) };
}
