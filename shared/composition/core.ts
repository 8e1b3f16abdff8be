import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { getConfig } from '../config/config';
import type { AppConfig } from '../config/config';
import { EnvelopeKeyVault } from '../adapters/crypto/envelope-key-vault';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log';
import { KmsDataKeyProvider } from '../adapters/kms/kms-data-key-provider';
import { LocalFileDataKeyProvider } from '../adapters/local/local-file-data-key-provider';
import { createLogger } from '../adapters/lambda/logger';
import { systemClock } from '../ports/clock';
import type { Clock } from '../ports/clock';
import type { KeyVault } from '../ports/key-vault';
import type { AuditLog } from '../ports/audit-log';
import { lazily } from './lazy';
import { SealedPageCursors } from '../adapters/crypto/sealed-page-cursors';
import { vaultHeldKey } from '../adapters/crypto/vault-held-key';
import { DynamoSigningKeyStore, PAGE_CURSOR_KEY_ITEM } from '../adapters/dynamodb/signing-key-store';
import type { PageCursorSealer } from '../ports/page-cursors';

/**
 * The core base wiring: config, DynamoDB, logger, clock, key vault, audit log, page cursors. Every
 * function's wiring is this object extended in place with the groups its code uses, each in its own
 * module so a function bundles only those (docs/adr/0025-lambda-bundles.md): signed partner requests
 * and partners (partner-auth.ts), the ledger (ledger.ts), console accounts and webhook delivery
 * (gateway.ts, the full base).
 */
export interface CoreDeps {
  readonly config: AppConfig;
  readonly db: DynamoDBDocumentClient;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly keyVault: KeyVault;
  readonly audit: AuditLog;
  readonly onAuditFailure?: (e: unknown) => void;
  /** Seals the `nextCursor` of every partner and console list (ADR 0020). */
  readonly pageCursors: PageCursorSealer;
}

export interface CoreOverrides {
  readonly clock?: Clock;
  readonly keyVault?: KeyVault;
  readonly logger?: Logger;
  readonly db?: DynamoDBDocumentClient;
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

/** Wires the core adapters to their ports (each built on first use). Tests build their own. */
export function buildCoreDeps(config: AppConfig, overrides: CoreOverrides = {}): CoreDeps {
  const db =
    overrides.db ?? createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const logger = overrides.logger ?? createLogger(config);
  const clock = overrides.clock ?? systemClock;
  let vault: KeyVault | undefined;
  const keyVault = () => (vault ??= overrides.keyVault ?? buildKeyVault(config));
  // One factory per adapter: a function builds only the clients its code asks for.
  return lazily<CoreDeps>({
    config: () => config,
    db: () => db,
    logger: () => logger,
    clock: () => clock,
    keyVault,
    audit: () => new DynamoAuditLog(db, config.tableName),
    // The key is read (or made) on the first cursor, not at cold start: most requests carry none.
    pageCursors: () =>
      new SealedPageCursors(
        vaultHeldKey(
          new DynamoSigningKeyStore(db, config.tableName, PAGE_CURSOR_KEY_ITEM),
          keyVault(),
          'page-cursor-key',
        ),
      ),
    onAuditFailure: () => (e: unknown) => logger.error('audit write failed', { error: e as Error }),
  });
}

let core: CoreDeps | undefined;

/**
 * The process's core wiring. `getPartnerApiDeps()`, `withLedger(getCoreDeps())` and `getDeps()` extend
 * this same object, so a process has one DynamoDB client, one clock, one key vault.
 */
export function getCoreDeps(): CoreDeps {
  core ??= buildCoreDeps(getConfig());
  return core;
}

/** Forget the process's core wiring (through `resetDeps`, which also forgets the full one). */
export function resetCoreDeps(): void {
  core = undefined;
}
