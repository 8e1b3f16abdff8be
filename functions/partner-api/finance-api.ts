import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import type { HttpResult } from '../../shared/adapters/lambda/partner-api-handler';
import { getFinanceContacts, setFinanceContacts } from '../../shared/app/finance/finance-contacts';
import type { FinanceContactDeps } from '../../shared/app/finance/finance-contacts';
import { jsonBody } from '../../shared/app/webhooks/json-body';
import { parseInput } from '../../shared/app/webhooks/parse-input';
import { ExportsQuery, FinanceContactsRequest } from '../../shared/api/finance-api-schemas';
import { exportMonth, listExportMonths } from '../../shared/app/finance/exports';
import { documentStore } from '../../shared/composition/documents';
import type { DocumentStore } from '../../shared/ports/documents';
import { financeContactDeps } from '../../shared/composition/finance';
import { getPartnerApiDeps } from '../../shared/composition/partner-auth';
import { NotFoundError } from '../../shared/domain/errors';

let contacts: FinanceContactDeps | undefined;
let documents: DocumentStore | undefined;

/**
 * GET and PUT /v1/finance-contacts (who receives the monthly finance export email) and GET /v1/exports
 * (the months with an export, or one month's files with 5-minute download links).
 */
export const handler = partnerApiHandler(
  getPartnerApiDeps,
  async ({ event, principal }): Promise<HttpResult> => {
    contacts ??= financeContactDeps(getPartnerApiDeps());
    switch (`${event.httpMethod} ${event.resource}`) {
      case 'GET /v1/finance-contacts':
        return { statusCode: 200, body: await getFinanceContacts(contacts, principal.partnerId) };
      case 'PUT /v1/finance-contacts':
        return {
          statusCode: 200,
          body: await setFinanceContacts(
            contacts,
            { type: 'API_KEY', id: principal.apiKeyId },
            principal.partnerId,
            parseInput(FinanceContactsRequest, jsonBody(event)),
          ),
        };
      case 'GET /v1/exports': {
        const query = parseInput(ExportsQuery, event.queryStringParameters ?? {});
        documents ??= documentStore(getPartnerApiDeps().config);
        return {
          statusCode: 200,
          headers: { 'cache-control': 'no-store' },
          body: query.month
            ? await exportMonth({ documents }, principal.partnerId, query.month)
            : await listExportMonths({ documents }, principal.partnerId),
        };
      }
      default:
        throw new NotFoundError('No such route');
    }
  },
);
