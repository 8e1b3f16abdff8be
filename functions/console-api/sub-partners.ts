import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type {
  AuthenticatedConsoleRequest,
  ConsoleRoutes,
} from '../../shared/adapters/lambda/console-api-handler';
import { idempotencyKeyOf } from '../../shared/adapters/lambda/idempotency-header';
import { userActor } from '../../shared/app/accounts/deps';
import { requireOtp } from '../../shared/app/accounts/require-otp';
import type { OtpGatedAction } from '../../shared/app/accounts/require-otp';
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
import { assertManagesSubPartners } from '../../shared/app/partners/subtree-access';
import { ValidationError } from '../../shared/domain/errors';
import { getSubPartnerDeps } from '../../shared/composition/sub-partners';

const NO_STORE = { 'cache-control': 'no-store' };

const callerOf = (req: AuthenticatedConsoleRequest): SubPartnerCaller => ({
  partnerId: req.principal.partnerId,
  actor: userActor(req.principal.userId),
});

/**
 * The body without its `otp`, after the OTP gate let it through (the use-cases take strict inputs).
 * A non-object body or a non-string otp is a 400 before any code is checked.
 */
async function otpGated(req: AuthenticatedConsoleRequest, action: OtpGatedAction): Promise<unknown> {
  assertManagesSubPartners({ type: req.principal.partnerType });
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationError('Invalid input', [{ path: '', message: 'Expected a JSON object' }]);
  const { otp, ...rest } = body as Record<string, unknown>;
  if (otp !== undefined && (typeof otp !== 'string' || !/^\d{6}$/.test(otp)))
    throw new ValidationError('Invalid input', [{ path: 'otp', message: 'The 6-digit code' }]);
  await requireOtp(getSubPartnerDeps(), req.principal, otp as string | undefined, action, { meta: req.meta });
  return rest;
}

/** Suspend or reinstate (reason in the body, a fresh OTP): one route shape for both events. */
const statusRoute = (event: 'SUSPEND' | 'REINSTATE'): ConsoleRoutes[string] => ({
  auth: 'console',
  permission: 'subpartner:manage',
  handle: async (req) => {
    const input = await otpGated(req, 'subpartner.status');
    return {
      statusCode: 200,
      body: await changeSubPartnerStatus(
        getSubPartnerDeps(),
        callerOf(req),
        req.params['code'] ?? '',
        event,
        input,
      ),
    };
  },
});

/**
 * Console sub-partner management: the same use-cases as /v1/sub-partners acting as the signed-in
 * user. Reads need subpartner:read (VIEWER included), writes subpartner:manage and a fresh OTP.
 */
export const routes: ConsoleRoutes = {
  'GET /console/sub-partners': {
    auth: 'console',
    permission: 'subpartner:read',
    handle: async ({ principal, query }) => ({
      statusCode: 200,
      body: await listSubPartners(getSubPartnerDeps(), principal.partnerId, query),
    }),
  },
  'GET /console/sub-partners/tree': {
    auth: 'console',
    permission: 'subpartner:read',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: await subPartnerTree(getSubPartnerDeps(), principal.partnerId),
    }),
  },
  'POST /console/sub-partners': {
    auth: 'console',
    permission: 'subpartner:manage',
    handle: async (req) => {
      const input = await otpGated(req, 'subpartner.create');
      const { replayed, result } = await registerSubPartner(getSubPartnerDeps(), callerOf(req), input, {
        idempotencyKey: parseIdempotencyKey(idempotencyKeyOf(req.event)),
      });
      return { statusCode: replayed ? 200 : 201, body: result };
    },
  },
  'GET /console/sub-partners/{code}': {
    auth: 'console',
    permission: 'subpartner:read',
    handle: async ({ principal, params }) => ({
      statusCode: 200,
      body: await getSubPartner(getSubPartnerDeps(), principal.partnerId, params['code'] ?? ''),
    }),
  },
  'PATCH /console/sub-partners/{code}': {
    auth: 'console',
    permission: 'subpartner:manage',
    handle: async (req) => {
      const input = await otpGated(req, 'subpartner.update');
      return {
        statusCode: 200,
        body: await updateSubPartner(getSubPartnerDeps(), callerOf(req), req.params['code'] ?? '', input),
      };
    },
  },
  'POST /console/sub-partners/{code}/suspend': statusRoute('SUSPEND'),
  'POST /console/sub-partners/{code}/reinstate': statusRoute('REINSTATE'),
  'POST /console/sub-partners/{code}/owner-password-reset': {
    auth: 'console',
    permission: 'subpartner:manage',
    handle: async (req) => {
      const input = await otpGated(req, 'subpartner.password.reset');
      if (Object.keys(input as object).length)
        throw new ValidationError('Invalid input', [{ path: '', message: 'Only otp is expected' }]);
      return {
        statusCode: 200,
        headers: NO_STORE,
        body: await resetOwnerPassword(getSubPartnerDeps(), callerOf(req), req.params['code'] ?? ''),
      };
    },
  },
  'POST /console/sub-partners/{code}/delete': {
    auth: 'console',
    permission: 'subpartner:manage',
    handle: async (req) => {
      const input = await otpGated(req, 'subpartner.delete');
      if (Object.keys(input as object).length)
        throw new ValidationError('Invalid input', [{ path: '', message: 'Only otp is expected' }]);
      return {
        statusCode: 200,
        body: await deleteSubPartner(getSubPartnerDeps(), callerOf(req), req.params['code'] ?? ''),
      };
    },
  },
};

export const handler = consoleApiHandler(getSubPartnerDeps, routes);
