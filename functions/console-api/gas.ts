import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import { GasRecordsQuery } from '../../shared/api/gas-api-schemas';
import { listGasRecords } from '../../shared/app/gas/gas-records';
import type { GasRecordsDeps } from '../../shared/app/gas/gas-records';
import { getCoreDeps } from '../../shared/composition/core';
import { gasRecordsDeps } from '../../shared/composition/gas-records';

let deps: GasRecordsDeps | undefined;

/** Gas → Gas records: the same use-case as GET /v1/gas-records, scoped to the session's partner. */
export const routes: ConsoleRoutes = {
  'GET /console/gas-records': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => {
      deps ??= gasRecordsDeps(getCoreDeps());
      return {
        statusCode: 200,
        body: await listGasRecords(deps, principal.partnerId, GasRecordsQuery.parse(query)),
      };
    },
  },
};

export const handler = consoleApiHandler(getCoreDeps, routes);
