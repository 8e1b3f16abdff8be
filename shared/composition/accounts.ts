import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '../config/config';
import { JwtAccessTokens } from '../adapters/crypto/jwt-access-tokens';
import { ScryptPasswordHasher } from '../adapters/crypto/scrypt-password-hasher';
import { DynamoEmailOutbox } from '../adapters/dynamodb/email-outbox';
import { DynamoInvitationRepository } from '../adapters/dynamodb/invitation-repository';
import { DynamoSentTokenRepository } from '../adapters/dynamodb/sent-token-repository';
import { DynamoSessionRepository } from '../adapters/dynamodb/session-repository';
import { DynamoSignInChallengeStore } from '../adapters/dynamodb/sign-in-challenge-store';
import { DynamoSigningKeyStore } from '../adapters/dynamodb/signing-key-store';
import { DynamoWorkspaceRepository } from '../adapters/dynamodb/workspace-repository';
import { SesEmailSender } from '../adapters/ses/ses-email-sender';
import type { AccountsDeps } from '../app/accounts/deps';
import type { EmailSender } from '../ports/email';
import type { KeyVault } from '../ports/key-vault';
import { withOtpGuard } from './otp-guard';
import type { OtpGuardAdapters } from './otp-guard';
import { extendOnce } from './lazy';
import type { Factories } from './lazy';
import { getCoreDeps } from './core';
import type { CoreDeps } from './core';
import { withPartnerAuth } from './partner-auth';
import type { PartnerAuthAdapters } from './partner-auth';

/**
 * The console-account adapters (sessions, tokens, invitations, email …), wired into GatewayDeps by
 * gateway.ts on top of the OTP-guard group (users, throttle, security settings: otp-guard.ts).
 */
export type AccountsAdapters = Omit<
  AccountsDeps,
  keyof OtpGuardAdapters | 'partners' | 'apiKeys' | 'keyVault' | 'audit' | 'clock' | 'onAuditFailure'
>;

export function buildEmailSender(config: AppConfig, db: DynamoDBDocumentClient): EmailSender {
  return config.email.transport === 'ses'
    ? new SesEmailSender(
        async () => new (await import('@aws-sdk/client-sesv2')).SESv2Client({ region: config.region }),
        config.email.from,
        config.email.configurationSet,
      )
    : new DynamoEmailOutbox(db, config.tableName, config.email.from);
}

/** One factory per console-account adapter (built on first use, see `lazily`). */
export function accountsFactories(
  config: AppConfig,
  db: DynamoDBDocumentClient,
  keyVault: () => KeyVault,
  email?: EmailSender,
): Factories<AccountsAdapters> {
  const table = config.tableName;
  return {
    sessions: () => new DynamoSessionRepository(db, table),
    sessionContexts: (self) => self.sessions as DynamoSessionRepository,
    signInChallenges: () => new DynamoSignInChallengeStore(db, table),
    sentTokens: () => new DynamoSentTokenRepository(db, table),
    invitations: () => new DynamoInvitationRepository(db, table),
    workspaces: () => new DynamoWorkspaceRepository(db, table),
    passwords: () => new ScryptPasswordHasher({ logN: config.console.scryptLogN, r: 8, p: 1 }),
    accessTokens: () => new JwtAccessTokens(new DynamoSigningKeyStore(db, table), keyVault()),
    email: () => email ?? buildEmailSender(config, db),
    consoleUrl: () => config.console.url,
  };
}

/** The core with the console-account groups: partner auth, the OTP guard and the accounts themselves. */
export type AccountsWiring = CoreDeps & PartnerAuthAdapters & AccountsDeps;

/**
 * Adds the console-account groups to a core wiring, in place and once (see `extendOnce`): what the
 * console account, sign-in and member functions use, without the ledger or webhook delivery
 * (gateway.ts adds those for the full wiring).
 */
export function withAccounts<B extends CoreDeps>(
  core: B,
  email?: EmailSender,
): B & PartnerAuthAdapters & AccountsDeps {
  const base = withOtpGuard(withPartnerAuth(core));
  const { config, db } = base;
  return extendOnce<typeof base, AccountsAdapters>(base, 'accounts', () =>
    accountsFactories(config, db, () => base.keyVault, email),
  );
}

/** The process's console-account wiring: the process's core with the account groups. */
export function getAccountDeps(): AccountsWiring {
  return withAccounts(getCoreDeps());
}
