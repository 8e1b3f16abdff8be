import { assertMerchantRate, minFeeRate } from '../../domain/deposit/fees';
import type { FeeChainLink } from '../../domain/deposit/fees';
import { GatewayError, NotFoundError } from '../../domain/errors';
import type { Partner } from '../../domain/partner/partner';
import type { PartnerRepository } from '../../ports/partner-store';
import type { FeeSettings, FeeSettingsStore } from '../../ports/fee-settings';

/** The chain above a merchant: the platform first, its own distributor last. */
export async function feeChainFor(
  deps: { partners: PartnerRepository; fees: FeeSettingsStore },
  merchant: Partner,
): Promise<{ chain: FeeChainLink[]; depositFeeRate: bigint }> {
  const ancestors: Partner[] = [];
  let parentId = merchant.parentId;
  while (parentId) {
    const parent = await deps.partners.get(parentId);
    if (!parent) throw new NotFoundError(`Partner ${parentId} not found`);
    ancestors.unshift(parent);
    parentId = parent.parentId;
  }
  const chain: FeeChainLink[] = [];
  for (const p of ancestors) {
    if (p.type === 'MERCHANT') throw new GatewayError('VALIDATION_FAILED', 'A merchant cannot be an ancestor');
    const s = await deps.fees.get(p.id);
    chain.push(
      p.type === 'PLATFORM'
        ? { partnerId: p.id, type: 'PLATFORM', rate: s.minFeeRate ?? 0n }
        : { partnerId: p.id, type: 'DISTRIBUTOR', rate: s.parentFeeRate ?? 0n, ...(s.maxFeeCap !== undefined ? { maxFeeCap: s.maxFeeCap } : {}) },
    );
  }
  const own = merchant.type === 'MERCHANT' ? await deps.fees.get(merchant.id) : {};
  // A merchant without a configured rate pays the floor: never less than what the chain above needs.
  const depositFeeRate = own.depositFeeRate ?? minFeeRate(chain);
  return { chain, depositFeeRate };
}

/** Sets a partner's fee rates, checking the merchant floor and cap rule. */
export async function setFeeSettings(
  deps: { partners: PartnerRepository; fees: FeeSettingsStore },
  partner: Partner,
  settings: FeeSettings,
  at: string,
): Promise<void> {
  if (partner.type === 'MERCHANT' && settings.depositFeeRate !== undefined) {
    const { chain } = await feeChainFor(deps, partner);
    assertMerchantRate(chain, settings.depositFeeRate);
  }
  await deps.fees.set(partner.id, settings, at);
}
