import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '../config/config';
import type { AccountsDeps } from '../app/accounts/deps';
import type { EmailSender } from '../ports/email';
import { withAccounts } from './accounts';
import type { Clock } from '../ports/clock';
import type { KeyVault } from '../ports/key-vault';
import type { WebhookDeps } from '../app/webhooks/deps';
import type { WebhookPublisher } from '../ports/webhooks';
import { webhookFactories } from './webhooks';
import type { WebhookAdapters } from './webhooks';
import { extendOnce } from './lazy';
import { buildCoreDeps, getCoreDeps, resetCoreDeps } from './core';
import type { CoreDeps } from './core';
import { withLedger } from './ledger';
import type { LedgerAdapters } from './ledger';
import type { PartnerAuthAdapters } from './partner-auth';

export { buildKeyVault } from './core';

/**
 * The full base wiring, once per process (Lambda cold start, local server, CLI): the core (core.ts)
 * with every group: partner auth, ledger, the OTP guard, console accounts, webhook delivery. For the functions that
 * use the accounts or webhooks (console sign-in and members, webhook settings and delivery, the outbox
 * relay) and the workers; partner-API, deposit and console deposit/wallet functions take the core and
 * the groups they use (`getPartnerApiDeps`, `withLedger`) and do not bundle the rest.
 * Tests build their own with `buildDeps(config, overrides)`.
 */
export interface GatewayDeps extends CoreDeps, PartnerAuthAdapters, LedgerAdapters, AccountsDeps {
  /** Partner webhooks: `webhooks.publish(event)` stores the event and queues its signed delivery. */
  readonly webhooks: WebhookPublisher;
  readonly webhookSettings: WebhookDeps['webhookSettings'];
  readonly webhookDeliveries: WebhookDeps['webhookDeliveries'];
  readonly webhookQueue: WebhookDeps['webhookQueue'];
  readonly webhookHttp: WebhookDeps['webhookHttp'];
  readonly webhookPolicy: WebhookDeps['webhookPolicy'];
}

/** Adds every group to a core wiring, in place and once (one set of core adapters). */
export function withAccountsAndWebhooks(core: CoreDeps, email?: EmailSender): GatewayDeps {
  const base = withAccounts(withLedger(core), email);
  const { config, db, clock } = base;
  return extendOnce<typeof base, WebhookAdapters>(base, 'webhooks', () =>
    webhookFactories(config, db, clock),
  );
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
  const { email, ...core } = overrides;
  return withAccountsAndWebhooks(buildCoreDeps(config, core), email);
}

let deps: GatewayDeps | undefined;

/** The process's full wiring: the process's core (`getCoreDeps()`) with the account and webhook adapters. */
export function getDeps(): GatewayDeps {
  deps ??= withAccountsAndWebhooks(getCoreDeps());
  return deps;
}

/** Forget the wired dependencies (the local stack rewires after changing the environment). */
export function resetDeps(): void {
  deps = undefined;
  resetCoreDeps();
}
