import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import { DynamoPollerStateStore } from '../../shared/adapters/dynamodb/poller-state-store';
import { DynamoActivityCounters } from '../../shared/adapters/dynamodb/activity-counters';
import { dashboardSummary } from '../../shared/app/console-views/dashboard-summary';
import { listBalanceFlows, listPartnerBalances } from '../../shared/app/ledger/partner-balances';
import { BalanceFlowsQuery } from '../../shared/api/partner-api-schemas';
import { NETWORK_CODES } from '../../shared/config/networks';
import { getDeps } from '../../shared/composition/gateway';

let counters: DynamoActivityCounters | undefined;
const activityCounters = () =>
  (counters ??= new DynamoActivityCounters(getDeps().db, getDeps().config.tableName));
let pollerState: DynamoPollerStateStore | undefined;
const pollerHealth = () =>
  (pollerState ??= new DynamoPollerStateStore(getDeps().db, getDeps().config.tableName));

/** The console dashboard and balances: the same reads as GET /v1/balances, scoped to the session's partner. */
export const routes: ConsoleRoutes = {
  'GET /console/dashboard': {
    auth: 'console',
    permission: 'dashboard:read',
    handle: async ({ principal }) => {
      const deps = getDeps();
      return {
        statusCode: 200,
        body: await dashboardSummary(
          {
            ledger: deps.ledger,
            clock: deps.clock,
            activity: activityCounters(),
            platform: {
              pollers: {
                health: pollerHealth(),
                networks: NETWORK_CODES,
                alertAfterFailedRounds: deps.config.poller.alertAfterFailedRounds,
              },
            },
          },
          { id: principal.partnerId, type: principal.partnerType },
        ),
      };
    },
  },
  'GET /console/balances': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: await listPartnerBalances(getDeps(), principal.partnerId),
    }),
  },
  'GET /console/balances/{asset}/flows': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, params, query }) => ({
      statusCode: 200,
      body: await listBalanceFlows(
        getDeps(),
        principal.partnerId,
        params['asset'] ?? '',
        BalanceFlowsQuery.parse(query),
      ),
    }),
  },
};

export const handler = consoleApiHandler(getDeps, routes);
