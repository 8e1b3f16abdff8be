import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import { listPartnerBalances } from '../../shared/app/ledger/partner-balances';
import { getDeps } from '../../shared/composition/gateway';

/** GET /v1/balances — the partner's balances per asset with USD totals. */
export const handler = partnerApiHandler(getDeps, async ({ principal }) => {
  return { statusCode: 200, body: await listPartnerBalances(getDeps(), principal.partnerId) };
});
