import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { getConfig } from '../config/config';
import type { AppConfig } from '../config/config';
import { EnvelopeKeyVault } from '../adapters/crypto/envelope-key-vault';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoApiKeyRepository, DynamoReplayGuard } from '../adapters/dynamodb/api-key-repository';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log';
import { DynamoPartnerRepository } from '../adapters/dynamodb/partner-repository';
import { DynamoLedgerStore } from '../adapters/dynamodb/ledger-store';
import type { LedgerStore } from '../ports/ledger';
import { KmsDataKeyProvider } from '../adapters/kms/kms-data-key-provider';
import { LocalFileDataKeyProvider } from '../adapters/local/local-file-data-key-provider';
import { createLogger } from '../adapters/lambda/logger';
import type { AuthenticateDeps } from '../app/auth/authenticate-partner-request';
import type { PartnerAdminDeps } from '../app/partners/manage-partners';
import type { AccountsDeps } from '../app/accounts/deps';
import type { EmailSender } from '../ports/email';
import { accountsFactories } from './accounts';
import { systemClock } from '../ports/clock';
import type { Clock } from '../ports/clock';
import type { KeyVault } from '../ports/key-vault';
import type { WebhookDeps } from '../app/webhooks/deps';
import type { WebhookPublisher } from '../ports/webhooks';
import { webhookFactories } from './webhooks';
import { lazily } from './lazy';
import { SealedPageCursors } from '../adapters/crypto/sealed-page-cursors';
import { vaultHeldKey } from '../adapters/crypto/vault-held-key';
import { DynamoSigningKeyStore, PAGE_CURSOR_KEY_ITEM } from '../adapters/dynamodb/signing-key-store';
import type { PageCursorSealer } from '../ports/page-cursors';

/**
 * Wires adapters to ports once per process (Lambda cold start, local server, CLI). Tests build their own
 * with `buildDeps(config, overrides)`.
 */
export interface GatewayDeps extends AuthenticateDeps, PartnerAdminDeps, AccountsDeps {
  readonly config: AppConfig;
  readonly db: DynamoDBDocumentClient;
  readonly logger: Logger;
  readonly ledger: LedgerStore;
  /** Partner webhooks: `webhooks.publish(event)` stores the event and queues its signed delivery. */
  readonly webhooks: WebhookPublisher;
  readonly webhookSettings: WebhookDeps['webhookSettings'];
  readonly webhookDeliveries: WebhookDeps['webhookDeliveries'];
  readonly webhookQueue: WebhookDeps['webhookQueue'];
  readonly webhookHttp: WebhookDeps['webhookHttp'];
  readonly webhookPolicy: WebhookDeps['webhookPolicy'];
  /** Seals the `nextCursor` of every partner and console list (ADR 0020). */
  readonly pageCursors: PageCursorSealer;
}

export function buildKeyVault(config: AppConfig): KeyVault {
  return config.keyVault.kind === 'kms'
    ? new EnvelopeKeyVault(
        new KmsDataKeyProvider(
          async () => new (await import('@aws-sdk/client-kms')).KMSClient({ region: config.region }),
          config.keyVault.keyId,
        ),
      )
    : new EnvelopeKeyVault(new LocalFileDataKeyProvider(config.keyVault.path));
}

export function buildDeps(
  config: AppConfig,
  overrides: Partial<{
    clock: Clock;
    keyVault: KeyVault;
    logger: Logger;
    db: DynamoDBDocumentClient;
    email: EmailSender;
  }> = {},
): GatewayDeps {
  const db =
    overrides.db ?? createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const logger = overrides.logger ?? createLogger(config);
  const clock = overrides.clock ?? systemClock;
  let vault: KeyVault | undefined;
  const keyVault = () => (vault ??= overrides.keyVault ?? buildKeyVault(config));
  // One factory per adapter: a function builds only the clients its code asks for.
  return lazily<GatewayDeps>({
    ...accountsFactories(config, db, keyVault, overrides.email),
    ...webhookFactories(config, db, clock),
    config: () => config,
    db: () => db,
    logger: () => logger,
    clock: () => clock,
    keyVault,
    partners: () => new DynamoPartnerRepository(db, config.tableName),
    apiKeys: () => new DynamoApiKeyRepository(db, config.tableName),
    replayGuard: () => new DynamoReplayGuard(db, config.tableName),
    audit: () => new DynamoAuditLog(db, config.tableName),
    // Ledger amounts exceed 2^53, so the ledger reads numbers through a client that keeps them as strings.
    ledger: () =>
      new DynamoLedgerStore(
        createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint, wrapNumbers: true }),
        config.tableName,
      ),
    timestampWindowMs: () => config.apiTimestampWindowMs,
    // The key is read (or made) on the first cursor, not at cold start: most requests carry none.
    pageCursors: () =>
      new SealedPageCursors(
        vaultHeldKey(
          new DynamoSigningKeyStore(db, config.tableName, PAGE_CURSOR_KEY_ITEM),
          keyVault(),
          'page-cursor-key',
        ),
      ),
    signatureV1AcceptedUntilMs: () => config.apiSignatureV1AcceptedUntilMs,
    onAuditFailure: () => (e: unknown) => logger.error('audit write failed', { error: e as Error }),
  });
}

let deps: GatewayDeps | undefined;

export function getDeps(): GatewayDeps {
  deps ??= buildDeps(getConfig());
  return deps;
}

/** Forget the wired dependencies (the local stack rewires after changing the environment). */
export function resetDeps(): void {
  deps = undefined;
}
