import { idempotencyKeyOf, replayHeaders } from '../../shared/adapters/lambda/idempotency-header';
import { jsonBody, partnerApiHandler, routeTable } from '../../shared/adapters/lambda/partner-api-handler';
import {
  WithdrawalCodeParams,
  WithdrawalRequestBody,
  WithdrawalsQuery,
} from '../../shared/api/withdrawal-api-schemas';
import { cancelWithdrawal } from '../../shared/app/withdrawals/decide-withdrawal';
import { getWithdrawal, listWithdrawals } from '../../shared/app/withdrawals/withdrawal-queries';
import { requestWithdrawal } from '../../shared/app/withdrawals/request-withdrawal';
import { listWhitelist } from '../../shared/app/withdrawals/withdrawal-settings';
import { withdrawalView } from '../../shared/app/withdrawals/withdrawal-view';
import { getPartnerApiDeps } from '../../shared/composition/partner-auth';
import { getWithdrawalRequestDeps } from '../../shared/composition/withdrawal-requests';

/** Partner withdrawals: the caller's own only (every read and write is scoped by the authenticated partner). */
export const handler = partnerApiHandler(
  getPartnerApiDeps,
  routeTable({
    'POST /v1/withdrawals': async ({ event, principal, remainingMs }) => {
      const body = WithdrawalRequestBody.parse(jsonBody(event));
      const { created, withdrawal } = await requestWithdrawal(
        getWithdrawalRequestDeps(),
        {
          partnerId: principal.partnerId,
          requester: { kind: 'apiKey', id: principal.apiKeyId },
          type: body.userId ? 'USER' : 'API',
          idempotencyKey: idempotencyKeyOf(event),
          remainingMs,
        },
        body,
      );
      return {
        statusCode: created ? 201 : 200,
        body: { withdrawal: withdrawalView(withdrawal) },
        ...replayHeaders(!created),
      };
    },
    'GET /v1/withdrawals': async ({ event, principal }) => {
      const query = WithdrawalsQuery.parse(event.queryStringParameters ?? {});
      return {
        statusCode: 200,
        body: await listWithdrawals(getWithdrawalRequestDeps(), principal.partnerId, query),
      };
    },
    'GET /v1/withdrawals/{code}': async ({ event, principal }) => ({
      statusCode: 200,
      body: {
        withdrawal: await getWithdrawal(
          getWithdrawalRequestDeps(),
          principal.partnerId,
          WithdrawalCodeParams.parse(event.pathParameters ?? {}).code,
        ),
      },
    }),
    'POST /v1/withdrawals/{code}/cancel': async ({ event, principal }) => {
      const w = await cancelWithdrawal(
        getWithdrawalRequestDeps(),
        principal.partnerId,
        WithdrawalCodeParams.parse(event.pathParameters ?? {}).code,
        {
          kind: 'apiKey',
          id: principal.apiKeyId,
        },
      );
      return { statusCode: 200, body: { withdrawal: withdrawalView(w) } };
    },
    'GET /v1/withdrawal-whitelist': async ({ principal }) => ({
      statusCode: 200,
      body: { entries: await listWhitelist(getWithdrawalRequestDeps(), principal.partnerId) },
    }),
  }),
);
