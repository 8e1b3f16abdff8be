import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import { userActor } from '../../shared/app/accounts/deps';
import { parseInput } from '../../shared/app/webhooks/parse-input';
import { FinanceContactsRequest } from '../../shared/api/finance-api-schemas';
import { getFinanceContacts, setFinanceContacts } from '../../shared/app/finance/finance-contacts';
import type { FinanceContactDeps } from '../../shared/app/finance/finance-contacts';
import { getCoreDeps } from '../../shared/composition/core';
import { financeContactDeps } from '../../shared/composition/finance';

let contacts: FinanceContactDeps | undefined;
const contactDeps = () => (contacts ??= financeContactDeps(getCoreDeps()));

/** Settings → Finance contacts: the same use-cases as /v1/finance-contacts, scoped to the session's partner. */
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
};

export const handler = consoleApiHandler(getCoreDeps, routes);
