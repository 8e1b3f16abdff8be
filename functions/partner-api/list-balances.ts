import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import { getDeps } from '../composition';

/**
 * GET /v1/balances — the partner's balances per asset with a USD total. The ledger has not landed yet,
 * so every partner has no balance rows and a zero total; the response shape is the final one.
 */
export const handler = partnerApiHandler(getDeps, async () => {
  return { statusCode: 200, body: { balances: [], totalUsd: '0.00' } };
});
