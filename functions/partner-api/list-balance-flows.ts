import { BalanceFlowsParams, BalanceFlowsQuery } from '../../shared/api/partner-api-schemas';
import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import { listBalanceFlows } from '../../shared/app/ledger/partner-balances';
import { withLedger } from '../../shared/composition/ledger';
import { getPartnerApiDeps } from '../../shared/composition/partner-auth';

/** The core with partner auth and the ledger: no console-account or webhook adapters (ADR 0025). */
const getDeps = () => withLedger(getPartnerApiDeps());

/** GET /v1/balances/{asset}/flows — credits and debits of one balance with running balances. */
export const handler = partnerApiHandler(getDeps, async ({ event, principal }) => {
  const { asset } = BalanceFlowsParams.parse(event.pathParameters ?? {});
  const query = BalanceFlowsQuery.parse(event.queryStringParameters ?? {});
  return { statusCode: 200, body: await listBalanceFlows(getDeps(), principal.partnerId, asset, query) };
});
