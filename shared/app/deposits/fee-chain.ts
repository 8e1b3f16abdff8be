import { assertMerchantRate, depositFeeTerms } from '../../domain/deposit/fees';
import type { DepositFeeTerms, FeeChainLink, FeeReceiver } from '../../domain/deposit/fees';
import { GatewayError, NotFoundError } from '../../domain/errors';
import type { Partner } from '../../domain/partner/partner';
import type { PartnerRepository } from '../../ports/partner-store';
import type { FeeSettings, FeeSettingsStore } from '../../ports/fee-settings';

type FeeDeps = { partners: PartnerRepository; fees: FeeSettingsStore };

/** The chain above a partner: the platform first, its parent last (empty for the platform). */
async function ancestorChain(deps: FeeDeps, partner: Partner): Promise<FeeChainLink[]> {
  const ancestors: Partner[] = [];
  let parentId = partner.parentId;
  while (parentId) {
    const parent = await deps.partners.get(parentId);
    if (!parent) throw new NotFoundError(`Partner ${parentId} not found`);
    ancestors.unshift(parent);
    parentId = parent.parentId;
  }
  const chain: FeeChainLink[] = [];
  for (const p of ancestors) {
    if (p.type === 'MERCHANT')
      throw new GatewayError('VALIDATION_FAILED', 'A merchant cannot be an ancestor');
    const s = await deps.fees.get(p.id);
    chain.push(
      p.type === 'PLATFORM'
        ? { partnerId: p.id, type: 'PLATFORM', rate: s.minFeeRate ?? 0n }
        : {
            partnerId: p.id,
            type: 'DISTRIBUTOR',
            rate: s.parentFeeRate ?? 0n,
            ...(s.maxFeeCap !== undefined ? { maxFeeCap: s.maxFeeCap } : {}),
          },
    );
  }
  return chain;
}

/** The chain above a merchant: the platform first, its own distributor last. */
export async function feeChainFor(
  deps: FeeDeps,
  merchant: Partner,
): Promise<{ chain: FeeChainLink[]; depositFeeRate: bigint }> {
  const chain = await ancestorChain(deps, merchant);
  const own = merchant.type === 'MERCHANT' ? await deps.fees.get(merchant.id) : {};
  return {
    chain,
    depositFeeRate: depositFeeTerms(
      {
        type: 'MERCHANT',
        partnerId: merchant.id,
        ...(own.depositFeeRate !== undefined ? { depositFeeRate: own.depositFeeRate } : {}),
      },
      chain,
    ).depositFeeRate,
  };
}

/** The fee terms of a deposit at a partner of any type (the rule per type: domain/deposit/fees.ts `FeeReceiver`). */
export async function depositFeeTermsFor(deps: FeeDeps, receiver: Partner): Promise<DepositFeeTerms> {
  const [ancestors, own] = await Promise.all([ancestorChain(deps, receiver), deps.fees.get(receiver.id)]);
  const who: FeeReceiver =
    receiver.type === 'PLATFORM'
      ? { type: 'PLATFORM', partnerId: receiver.id }
      : receiver.type === 'DISTRIBUTOR'
        ? {
            type: 'DISTRIBUTOR',
            partnerId: receiver.id,
            parentFeeRate: own.parentFeeRate ?? 0n,
            ...(own.maxFeeCap !== undefined ? { maxFeeCap: own.maxFeeCap } : {}),
          }
        : {
            type: 'MERCHANT',
            partnerId: receiver.id,
            ...(own.depositFeeRate !== undefined ? { depositFeeRate: own.depositFeeRate } : {}),
          };
  return depositFeeTerms(who, ancestors);
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
