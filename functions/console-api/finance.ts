import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import { userActor } from '../../shared/app/accounts/deps';
import { parseInput } from '../../shared/app/webhooks/parse-input';
import { ExportsQuery, FinanceContactsRequest } from '../../shared/api/finance-api-schemas';
import { exportMonth, listExportMonths } from '../../shared/app/finance/exports';
import { documentStore } from '../../shared/composition/documents';
import type { DocumentStore } from '../../shared/ports/documents';
import { getFinanceContacts, setFinanceContacts } from '../../shared/app/finance/finance-contacts';
import type { FinanceContactDeps } from '../../shared/app/finance/finance-contacts';
import { getCoreDeps } from '../../shared/composition/core';
import { financeContactDeps } from '../../shared/composition/finance';

let contacts: FinanceContactDeps | undefined;
const contactDeps = () => (contacts ??= financeContactDeps(getCoreDeps()));
let documents: DocumentStore | undefined;

/**
 * Settings → Finance contacts and Finance → Exports: the same use-cases as /v1/finance-contacts and
 * /v1/exports, scoped to the session's partner.
 */
export const routes: ConsoleRoutes = {
  'GET /console/finance-contacts': {
    auth: 'console',
    permission: 'settings:read',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: await getFinanceContacts(contactDeps(), principal.partnerId),
    }),
  },
  'PUT /console/finance-contacts': {
    auth: 'console',
    permission: 'settings:write',
    handle: async ({ principal, body }) => ({
      statusCode: 200,
      body: await setFinanceContacts(
        contactDeps(),
        userActor(principal.userId),
        principal.partnerId,
        parseInput(FinanceContactsRequest, body),
      ),
    }),
  },
  'GET /console/exports': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => {
      const q = parseInput(ExportsQuery, query);
      documents ??= documentStore(getCoreDeps().config);
      return {
        statusCode: 200,
        headers: { 'cache-control': 'no-store' },
        body: q.month
          ? await exportMonth({ documents }, principal.partnerId, q.month)
          : await listExportMonths({ documents }, principal.partnerId),
      };
    },
  },
};

export const handler = consoleApiHandler(getCoreDeps, routes);
