import { setFeeSettings } from '../../shared/app/deposits/fee-chain';
import { percentToPpm } from '../../shared/domain/deposit/fees';
import type { PartnerRepository } from '../../shared/ports/partner-store';
import type { FeeSettingsStore } from '../../shared/ports/fee-settings';

/**
 * Demo fee rates (DESIGN.md §1's example): platform base 0.5 %, the distributor pays 0.3 % to the
 * platform and caps its merchants at 3 %, the merchant charges 1.2 %. Set once; an operator's later
 * changes are kept across restarts.
 */
export async function seedDemoFees(
  deps: { partners: PartnerRepository; fees: FeeSettingsStore },
  at: string,
): Promise<void> {
  const rates: [string, Parameters<FeeSettingsStore['set']>[1]][] = [
    ['PLATFORM', { minFeeRate: percentToPpm('0.5') }],
    ['DEMO_DIST', { parentFeeRate: percentToPpm('0.3'), maxFeeCap: percentToPpm('3') }],
    ['DEMO_SHOP', { depositFeeRate: percentToPpm('1.2') }],
  ];
  for (const [code, settings] of rates) {
    const partner = await deps.partners.getByCode(code);
    if (!partner || (await deps.fees.get(partner.id)).updatedAt) continue;
    await setFeeSettings(deps, partner, settings, at);
  }
}
