import { DepositsQuery } from '../../shared/api/deposit-api-schemas';
import {
  ActivityQuery,
  RevenueQuery,
  SubPartnerCodeParams,
  SubPartnerFlowsQuery,
  SummaryQuery,
} from '../../shared/api/sub-partner-report-schemas';
import { WithdrawalsQuery } from '../../shared/api/withdrawal-api-schemas';
import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type {
  AuthenticatedConsoleRequest,
  ConsoleRoutes,
} from '../../shared/adapters/lambda/console-api-handler';
import { withExplorerLink } from '../../shared/app/console-views/explorer';
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
import { getCoreDeps } from '../../shared/composition/core';
import { withPartnerAuth } from '../../shared/composition/partner-auth';
import { withSubPartnerReports } from '../../shared/composition/sub-partner-reports';

/** The core base with the partners and the report reads (ADR 0032): no console-account adapters. */
const getDeps = () => withSubPartnerReports(withPartnerAuth(getCoreDeps()));

const callerOf = ({ principal }: AuthenticatedConsoleRequest) => ({
  id: principal.partnerId,
  type: principal.partnerType,
});
const codeOf = ({ params }: AuthenticatedConsoleRequest) => SubPartnerCodeParams.parse(params).code;

/**
 * The console mirrors of the partner API's sub-partner money reads (functions/partner-api/
 * sub-partner-reports-api.ts): the same use-cases, scoped to the session's partner. Activity, summary
 * and drill-downs need `subpartner:read`; revenue and the fees tab `finance:read`.
 */
export const routes: ConsoleRoutes = {
  'GET /console/sub-partners/activity': {
    auth: 'console',
    permission: 'subpartner:read',
    handle: async (req) => ({
      statusCode: 200,
      body: await subPartnerActivity(getDeps(), callerOf(req), ActivityQuery.parse(req.query)),
    }),
  },
  'GET /console/sub-partners/{code}/summary': {
    auth: 'console',
    permission: 'subpartner:read',
    handle: async (req) => ({
      statusCode: 200,
      body: await subPartnerSummary(
        getDeps(),
        callerOf(req),
        codeOf(req),
        SummaryQuery.parse(req.query).period,
      ),
    }),
  },
  'GET /console/sub-partners/{code}/deposits': {
    auth: 'console',
    permission: 'subpartner:read',
    handle: async (req) => {
      const query = DepositsQuery.parse(req.query);
      const deps = getDeps();
      const target = await drillDownTarget(deps, callerOf(req), codeOf(req));
      const result = await listDeposits(
        { deposits: deps.deposits, networks: deps.config.networks },
        target.id,
        query,
      );
      return { statusCode: 200, body: { ...result, deposits: result.deposits.map(withExplorerLink) } };
    },
  },
  'GET /console/sub-partners/{code}/withdrawals': {
    auth: 'console',
    permission: 'subpartner:read',
    handle: async (req) => {
      const query = WithdrawalsQuery.parse(req.query);
      const target = await drillDownTarget(getDeps(), callerOf(req), codeOf(req));
      return { statusCode: 200, body: await listWithdrawals(getDeps(), target.id, query) };
    },
  },
  'GET /console/sub-partners/{code}/flows': {
    auth: 'console',
    permission: 'subpartner:read',
    handle: async (req) => {
      const { asset, ...query } = SubPartnerFlowsQuery.parse(req.query);
      const target = await drillDownTarget(getDeps(), callerOf(req), codeOf(req));
      return { statusCode: 200, body: await listBalanceFlows(getDeps(), target.id, asset, query) };
    },
  },
  'GET /console/revenue': {
    auth: 'console',
    permission: 'finance:read',
    handle: async (req) => ({
      statusCode: 200,
      body: await callerRevenue(getDeps(), callerOf(req), RevenueQuery.parse(req.query)),
    }),
  },
  'GET /console/fees': {
    auth: 'console',
    permission: 'finance:read',
    handle: async (req) => ({ statusCode: 200, body: await ownFees(getDeps(), callerOf(req)) }),
  },
};

export const handler = consoleApiHandler(getCoreDeps, routes);
