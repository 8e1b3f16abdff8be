import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import { getPartnerProfile } from '../../shared/app/partners/get-partner-profile';
import { minimumAmounts, minimumWithdrawalFrom } from '../../shared/app/withdrawals/withdrawal-settings';
import { getDeps } from '../../shared/composition/gateway';

/** GET /v1/partner — who am I: the calling partner and the key it used. */
export const handler = partnerApiHandler(getDeps, async ({ principal }) => {
  const profile = await getPartnerProfile(getDeps(), principal);
  const minimumWithdrawal = minimumWithdrawalFrom(getDeps().config.withdrawals.minimumAmounts);
  return { statusCode: 200, body: { ...profile, withdrawalMinimums: minimumAmounts({ minimumWithdrawal }) } };
});
