import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { WebhookSettingsRequest } from '../../api/partner-api-schemas';
import type {
  WebhookSecretResponse,
  WebhookSettingsResponse,
  WebhookSettingsUpdateResponse,
} from '../../api/partner-api-schemas';
import { ConflictError, ValidationError } from '../../domain/errors';
import { checkWebhookUrl } from '../../domain/webhooks/webhook-url';
import { standardWebhookSecret } from '../../domain/webhooks/webhook-signature';
import { activePreviousSecret, webhookSecretContext } from '../../domain/webhooks/webhook-settings';
import type { StoredWebhookSecret, WebhookSettings } from '../../domain/webhooks/webhook-settings';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/webhook-event-types';
import type { WebhookActor, WebhookDeps } from './deps';
import { parseInput } from './parse-input';

type SettingsDeps = Pick<WebhookDeps, 'clock' | 'keyVault' | 'audit' | 'webhookSettings' | 'webhookPolicy'>;

/** What a partner sees of its settings: never the secret, only when it was made and when the old one stops. */
export function webhookSettingsView(
  settings: WebhookSettings | undefined,
  now: Date,
): WebhookSettingsResponse {
  if (!settings) {
    return {
      url: null,
      largeDepositThresholdUsd: null,
      eventTypes: [...WEBHOOK_EVENT_TYPES],
      secretCreatedAt: null,
      previousSecretExpiresAt: null,
      createdAt: null,
      updatedAt: null,
    };
  }
  return {
    url: settings.url,
    largeDepositThresholdUsd: settings.largeDepositThresholdUsd ?? null,
    eventTypes: [...WEBHOOK_EVENT_TYPES],
    secretCreatedAt: settings.secret.createdAt,
    previousSecretExpiresAt: activePreviousSecret(settings, now)?.expiresAt ?? null,
    createdAt: settings.createdAt,
    updatedAt: settings.updatedAt,
  };
}

export async function getWebhookSettings(
  deps: SettingsDeps,
  partnerId: string,
): Promise<WebhookSettingsResponse> {
  return webhookSettingsView(await deps.webhookSettings.get(partnerId), deps.clock.now());
}

async function newSecret(
  deps: SettingsDeps,
  partnerId: string,
  at: string,
): Promise<{ plain: string; stored: StoredWebhookSecret }> {
  const id = `whs_${ulid().toLowerCase()}`;
  // A Standard Webhooks secret: `whsec_` + base64 of the raw key, which is what signs.
  const plain = standardWebhookSecret(randomBytes(32));
  const ciphertext = await deps.keyVault.encrypt(
    Buffer.from(plain, 'utf8'),
    webhookSecretContext(partnerId, id),
  );
  return { plain, stored: { id, ciphertext, createdAt: at } };
}

/** The URL without query or fragment: enough to audit a change without recording tokens partners put in URLs. */
function auditableUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/**
 * PUT /v1/webhooks: sets the endpoint URL and the LARGE_DEPOSIT threshold (a full replacement: an
 * omitted threshold disables LARGE_DEPOSIT). The first configuration generates the signing secret and
 * returns it, once; later updates keep the secret.
 */
export async function configureWebhook(
  deps: SettingsDeps,
  actor: WebhookActor,
  partnerId: string,
  input: unknown,
): Promise<WebhookSettingsUpdateResponse> {
  const request = parseInput(WebhookSettingsRequest, input);
  const check = checkWebhookUrl(request.url, { local: deps.webhookPolicy.local });
  if (!check.ok) throw new ValidationError('Invalid webhook URL', [{ path: 'url', message: check.reason }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const current = await deps.webhookSettings.get(partnerId);
  const created = current ? undefined : await newSecret(deps, partnerId, at);
  const threshold = request.largeDepositThresholdUsd ?? undefined;
  const next: WebhookSettings = {
    partnerId,
    url: check.url,
    largeDepositThresholdUsd: threshold,
    secret: current?.secret ?? (created as { stored: StoredWebhookSecret }).stored,
    previousSecret: current?.previousSecret,
    createdAt: current?.createdAt ?? at,
    updatedAt: at,
    version: (current?.version ?? 0) + 1,
  };
  await deps.webhookSettings.save(next, current?.version);
  await deps.audit.record({
    partnerId,
    actor,
    action: current ? 'webhook.update' : 'webhook.create',
    outcome: 'SUCCESS',
    at,
    details: {
      url: auditableUrl(check.url),
      previousUrl: current ? auditableUrl(current.url) : null,
      largeDepositThresholdUsd: threshold ?? null,
      secretCreated: created !== undefined,
    },
  });
  const view = webhookSettingsView(next, now);
  return created ? { ...view, secret: created.plain } : view;
}

/**
 * POST /v1/webhooks/secret: a new signing secret, returned once. Deliveries are signed with it at once;
 * for the grace period webhook-signature also carries a v1 signature made with the previous secret (and
 * the legacy X-Webhook-Signature-Previous while legacy headers are sent), so the partner can deploy the
 * new secret without losing events.
 */
export async function rotateWebhookSecret(
  deps: SettingsDeps,
  actor: WebhookActor,
  partnerId: string,
): Promise<WebhookSecretResponse> {
  const current = await deps.webhookSettings.get(partnerId);
  if (!current) throw new ConflictError('No webhook is configured; PUT /v1/webhooks first');
  const now = deps.clock.now();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + deps.webhookPolicy.secretGracePeriodMs).toISOString();
  const fresh = await newSecret(deps, partnerId, at);
  const next: WebhookSettings = {
    ...current,
    secret: fresh.stored,
    previousSecret: { ...current.secret, expiresAt },
    updatedAt: at,
    version: current.version + 1,
  };
  await deps.webhookSettings.save(next, current.version);
  await deps.audit.record({
    partnerId,
    actor,
    action: 'webhook.secret.rotate',
    outcome: 'SUCCESS',
    at,
    details: {
      secretId: fresh.stored.id,
      previousSecretId: current.secret.id,
      previousSecretExpiresAt: expiresAt,
    },
  });
  return { secret: fresh.plain, secretCreatedAt: at, previousSecretExpiresAt: expiresAt };
}
