import { idempotencyKeyOf, replayHeaders } from '../../shared/adapters/lambda/idempotency-header';
import { jsonBody, partnerApiHandler, routeTable } from '../../shared/adapters/lambda/partner-api-handler';
import type { PartnerPrincipal } from '../../shared/app/auth/authenticate-partner-request';
import { parseIdempotencyKey } from '../../shared/app/idempotency/run-idempotent';
import {
  changeSubPartnerStatus,
  deleteSubPartner,
  getSubPartner,
  listSubPartners,
  registerSubPartner,
  resetOwnerPassword,
  subPartnerTree,
  updateSubPartner,
} from '../../shared/app/partners/sub-partners';
import type { SubPartnerCaller } from '../../shared/app/partners/sub-partners';
import { GatewayError } from '../../shared/domain/errors';
import { getSubPartnerDeps } from '../../shared/composition/sub-partners';

const NO_STORE = { 'cache-control': 'no-store' };
const callerOf = (p: PartnerPrincipal): SubPartnerCaller => ({
  partnerId: p.partnerId,
  actor: { type: 'API_KEY', id: p.apiKeyId },
});
const codeOf = (event: { pathParameters: Record<string, string | undefined> | null }) =>
  event.pathParameters?.['code'] ?? '';

/**
 * /v1/sub-partners: a distributor (or the platform) lists, registers, edits, suspends, reinstates and
 * deletes the partners below it (seed 000 §7, ADR 0031). A merchant gets 403; a partner outside the
 * caller's subtree is 404. The same use-cases as /console/sub-partners.
 */
export const handler = partnerApiHandler(
  getSubPartnerDeps,
  routeTable({
    'GET /v1/sub-partners': async ({ event, principal }) => ({
      statusCode: 200,
      body: await listSubPartners(
        getSubPartnerDeps(),
        principal.partnerId,
        event.queryStringParameters ?? {},
      ),
    }),
    'GET /v1/sub-partners/tree': async ({ principal }) => ({
      statusCode: 200,
      body: await subPartnerTree(getSubPartnerDeps(), principal.partnerId),
    }),
    'POST /v1/sub-partners': async ({ event, principal }) => {
      const key = parseIdempotencyKey(idempotencyKeyOf(event));
      if (!key)
        throw new GatewayError(
          'IDEMPOTENCY_KEY_REQUIRED',
          'Registering a sub-partner needs an Idempotency-Key',
        );
      const { replayed, result } = await registerSubPartner(
        getSubPartnerDeps(),
        callerOf(principal),
        jsonBody(event),
        { idempotencyKey: key },
      );
      return { statusCode: replayed ? 200 : 201, body: result, ...replayHeaders(replayed) };
    },
    'GET /v1/sub-partners/{code}': async ({ event, principal }) => ({
      statusCode: 200,
      body: await getSubPartner(getSubPartnerDeps(), principal.partnerId, codeOf(event)),
    }),
    'PATCH /v1/sub-partners/{code}': async ({ event, principal }) => ({
      statusCode: 200,
      body: await updateSubPartner(getSubPartnerDeps(), callerOf(principal), codeOf(event), jsonBody(event)),
    }),
    'POST /v1/sub-partners/{code}/suspend': async ({ event, principal }) => ({
      statusCode: 200,
      body: await changeSubPartnerStatus(
        getSubPartnerDeps(),
        callerOf(principal),
        codeOf(event),
        'SUSPEND',
        jsonBody(event),
      ),
    }),
    'POST /v1/sub-partners/{code}/reinstate': async ({ event, principal }) => ({
      statusCode: 200,
      body: await changeSubPartnerStatus(
        getSubPartnerDeps(),
        callerOf(principal),
        codeOf(event),
        'REINSTATE',
        jsonBody(event),
      ),
    }),
    'POST /v1/sub-partners/{code}/owner-password-reset': async ({ event, principal }) => ({
      statusCode: 200,
      headers: NO_STORE,
      body: await resetOwnerPassword(getSubPartnerDeps(), callerOf(principal), codeOf(event)),
    }),
    'DELETE /v1/sub-partners/{code}': async ({ event, principal }) => ({
      statusCode: 200,
      body: await deleteSubPartner(getSubPartnerDeps(), callerOf(principal), codeOf(event)),
    }),
  }),
);
