import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import { getPartnerProfile } from '../../shared/app/partners/get-partner-profile';
import { minimumAmounts, minimumWithdrawalFrom } from '../../shared/app/withdrawals/withdrawal-settings';
import { withLedger } from '../../shared/composition/ledger';
import { getPartnerApiDeps } from '../../shared/composition/partner-auth';

/** The core with partner auth and the ledger: no console-account or webhook adapters (ADR 0025). */
const getDeps = () => withLedger(getPartnerApiDeps());

/** GET /v1/partner — who am I: the calling partner and the key it used. */
export const handler = partnerApiHandler(getDeps, async ({ principal }) => {
  const profile = await getPartnerProfile(getDeps(), principal);
  const minimumWithdrawal = minimumWithdrawalFrom(getDeps().config.withdrawals.minimumAmounts);
  return { statusCode: 200, body: { ...profile, withdrawalMinimums: minimumAmounts({ minimumWithdrawal }) } };
});
