import { reachesLargeDepositThreshold } from '../../domain/webhooks/webhook-settings';
import type { WebhookSettingsRepository } from '../../ports/webhook-delivery';

/**
 * Whether a deposit worth `amountUsd` (decimal string, e.g. "25000.5") should also be published as
 * LARGE_DEPOSIT for this partner: its threshold is set and the amount reaches it.
 */
export async function isLargeDeposit(
  deps: { readonly webhookSettings: WebhookSettingsRepository },
  partnerId: string,
  amountUsd: string,
): Promise<boolean> {
  const settings = await deps.webhookSettings.get(partnerId);
  return reachesLargeDepositThreshold(amountUsd, settings?.largeDepositThresholdUsd);
}
