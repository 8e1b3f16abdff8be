import { DepositsQuery } from '../../shared/api/deposit-api-schemas';
import {
  ActivityQuery,
  RevenueQuery,
  SubPartnerCodeParams,
  SubPartnerFlowsQuery,
  SummaryQuery,
} from '../../shared/api/sub-partner-report-schemas';
import { WithdrawalsQuery } from '../../shared/api/withdrawal-api-schemas';
import { partnerApiHandler, routeTable } from '../../shared/adapters/lambda/partner-api-handler';
import type { PartnerApiRequest } from '../../shared/adapters/lambda/partner-api-handler';
import { listDeposits } from '../../shared/app/deposits/deposit-queries';
import { listBalanceFlows } from '../../shared/app/ledger/partner-balances';
import {
  callerRevenue,
  drillDownTarget,
  ownFees,
  subPartnerActivity,
  subPartnerSummary,
} from '../../shared/app/partners/sub-partner-reports';
import { listWithdrawals } from '../../shared/app/withdrawals/withdrawal-queries';
import { getPartnerApiDeps } from '../../shared/composition/partner-auth';
import { withSubPartnerReports } from '../../shared/composition/sub-partner-reports';

/** The partner-API base with the report reads (ADR 0032): no chain, signer or console adapters. */
const getDeps = () => withSubPartnerReports(getPartnerApiDeps());

const callerOf = ({ principal }: PartnerApiRequest) => ({
  id: principal.partnerId,
  type: principal.partnerType,
});
const codeOf = ({ event }: PartnerApiRequest) => SubPartnerCodeParams.parse(event.pathParameters ?? {}).code;
const queryOf = ({ event }: PartnerApiRequest) => event.queryStringParameters ?? {};

/**
 * The money reads of the sub-partner network (issue 16): activity, summary, revenue, own fees, and the
 * read-only drill-downs into one sub-partner's deposits, withdrawals and flows. Every `{code}` is
 * resolved within the caller's subtree (404 outside it; a merchant caller 403).
 */
export const handler = partnerApiHandler(
  getPartnerApiDeps,
  routeTable({
    'GET /v1/sub-partners/activity': async (req) => ({
      statusCode: 200,
      body: await subPartnerActivity(getDeps(), callerOf(req), ActivityQuery.parse(queryOf(req))),
    }),
    'GET /v1/sub-partners/{code}/summary': async (req) => ({
      statusCode: 200,
      body: await subPartnerSummary(
        getDeps(),
        callerOf(req),
        codeOf(req),
        SummaryQuery.parse(queryOf(req)).period,
      ),
    }),
    'GET /v1/sub-partners/{code}/deposits': async (req) => {
      const query = DepositsQuery.parse(queryOf(req));
      const target = await drillDownTarget(getDeps(), callerOf(req), codeOf(req));
      const deps = getDeps();
      return {
        statusCode: 200,
        body: await listDeposits(
          { deposits: deps.deposits, networks: deps.config.networks },
          target.id,
          query,
        ),
      };
    },
    'GET /v1/sub-partners/{code}/withdrawals': async (req) => {
      const query = WithdrawalsQuery.parse(queryOf(req));
      const target = await drillDownTarget(getDeps(), callerOf(req), codeOf(req));
      return { statusCode: 200, body: await listWithdrawals(getDeps(), target.id, query) };
    },
    'GET /v1/sub-partners/{code}/flows': async (req) => {
      const { asset, ...query } = SubPartnerFlowsQuery.parse(queryOf(req));
      const target = await drillDownTarget(getDeps(), callerOf(req), codeOf(req));
      return { statusCode: 200, body: await listBalanceFlows(getDeps(), target.id, asset, query) };
    },
    'GET /v1/revenue': async (req) => ({
      statusCode: 200,
      body: await callerRevenue(getDeps(), callerOf(req), RevenueQuery.parse(queryOf(req))),
    }),
    'GET /v1/fees': async (req) => ({ statusCode: 200, body: await ownFees(getDeps(), callerOf(req)) }),
  }),
);
