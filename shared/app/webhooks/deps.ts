import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { KeyVault } from '../../ports/key-vault';
import type {
  WebhookDeliveryStore,
  WebhookHttpSender,
  WebhookQueue,
  WebhookSettingsRepository,
} from '../../ports/webhook-delivery';
import { DEFAULT_RETRY_DELAYS_SECONDS } from '../../domain/webhooks/retry-schedule';
import { SECRET_GRACE_PERIOD_MS } from '../../domain/webhooks/webhook-settings';

/** Tunables of webhook delivery; tests shorten the timeout and fix the jitter. */
export interface WebhookPolicy {
  /** The local stack: http to localhost allowed, private addresses reachable. */
  readonly local: boolean;
  /** Whole-request timeout of one attempt. */
  readonly timeoutMs: number;
  /** Delays between attempts of a round, in seconds (see retry-schedule.ts). */
  readonly retryDelaysSeconds: readonly number[];
  /** Source of jitter, a number in [0, 1). */
  readonly random: () => number;
  readonly secretGracePeriodMs: number;
  /**
   * Attempts made before this instant (epoch ms) also carry the pre-Standard-Webhooks headers
   * (X-Webhook-Id, -Timestamp, -Signature, -Signature-Previous); from then on only the Standard ones.
   * WEBHOOK_LEGACY_HEADERS_UNTIL; 0 sends none.
   */
  readonly legacyHeadersUntilMs: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

export function defaultWebhookPolicy(local: boolean, legacyHeadersUntilMs: number): WebhookPolicy {
  return {
    local,
    legacyHeadersUntilMs,
    timeoutMs: DEFAULT_WEBHOOK_TIMEOUT_MS,
    retryDelaysSeconds: DEFAULT_RETRY_DELAYS_SECONDS,
    random: Math.random,
    secretGracePeriodMs: SECRET_GRACE_PERIOD_MS,
  };
}

export interface WebhookDeps {
  readonly clock: Clock;
  readonly keyVault: KeyVault;
  readonly audit: AuditLog;
  readonly webhookSettings: WebhookSettingsRepository;
  readonly webhookDeliveries: WebhookDeliveryStore;
  readonly webhookQueue: WebhookQueue;
  readonly webhookHttp: WebhookHttpSender;
  readonly webhookPolicy: WebhookPolicy;
}

/** Who changed webhook settings, for the audit trail (an API key today, a console user later). */
export interface WebhookActor {
  readonly type: 'API_KEY' | 'USER' | 'OPERATOR' | 'SYSTEM';
  readonly id: string;
}
