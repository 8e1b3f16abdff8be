import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import { listPartnerBalances } from '../../shared/app/ledger/partner-balances';
import { withLedger } from '../../shared/composition/ledger';
import { getPartnerApiDeps } from '../../shared/composition/partner-auth';

/** The core with partner auth and the ledger: no console-account or webhook adapters (ADR 0025). */
const getDeps = () => withLedger(getPartnerApiDeps());

/** GET /v1/balances — the partner's balances per asset with USD totals. */
export const handler = partnerApiHandler(getDeps, async ({ principal }) => {
  return { statusCode: 200, body: await listPartnerBalances(getDeps(), principal.partnerId) };
});
