import type { WebhookSigningSecrets } from '../../domain/webhooks/webhook-signature';
import { activePreviousSecret, webhookSecretContext } from '../../domain/webhooks/webhook-settings';
import type { StoredWebhookSecret, WebhookSettings } from '../../domain/webhooks/webhook-settings';
import type { KeyVault } from '../../ports/key-vault';

/**
 * Decrypted signing secrets, kept briefly per process: a batch of deliveries to one partner costs one
 * KMS Decrypt, not one per message. Keyed by secret version, so a rotation is picked up at once.
 */
const CACHE_TTL_MS = 5 * 60 * 1000;
const CACHE_MAX = 500;
const cache = new Map<string, { readonly secret: string; readonly until: number }>();

async function decrypt(
  keyVault: KeyVault,
  partnerId: string,
  stored: StoredWebhookSecret,
  nowMs: number,
): Promise<string> {
  const key = `${partnerId}/${stored.id}`;
  const hit = cache.get(key);
  if (hit && hit.until > nowMs) return hit.secret;
  const plain = Buffer.from(
    await keyVault.decrypt(stored.ciphertext, webhookSecretContext(partnerId, stored.id)),
  ).toString('utf8');
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, { secret: plain, until: nowMs + CACHE_TTL_MS });
  return plain;
}

/** The secrets that sign a delivery made at `now`: the current one, and the previous one during its grace period. */
export async function signingSecrets(
  keyVault: KeyVault,
  settings: WebhookSettings,
  now: Date,
): Promise<WebhookSigningSecrets> {
  const previous = activePreviousSecret(settings, now);
  const [current, old] = await Promise.all([
    decrypt(keyVault, settings.partnerId, settings.secret, now.getTime()),
    previous ? decrypt(keyVault, settings.partnerId, previous, now.getTime()) : Promise.resolve(undefined),
  ]);
  return { current, previous: old };
}
