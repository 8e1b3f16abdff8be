import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import { idempotencyKeyOf } from '../../shared/adapters/lambda/idempotency-header';
import type {
  AuthenticatedConsoleRequest,
  ConsoleRoutes,
} from '../../shared/adapters/lambda/console-api-handler';
import {
  AddressCheckQuery,
  ConsoleWithdrawalRequestBody,
  OtpBody,
  RejectBody,
  WhitelistEntryBody,
  WithdrawalSettingsBody,
  WithdrawalsQuery,
} from '../../shared/api/withdrawal-api-schemas';
import {
  auditMoneyAction,
  guardWhitelistChange,
  guardWithdrawalAction,
} from '../../shared/app/accounts/guard-withdrawal';
import type { WithdrawalAction } from '../../shared/app/accounts/guard-withdrawal';
import { requireOtp } from '../../shared/app/accounts/require-otp';
import type { OtpGatedAction } from '../../shared/app/accounts/require-otp';
import {
  approveWithdrawal,
  cancelWithdrawal,
  rejectWithdrawal,
} from '../../shared/app/withdrawals/decide-withdrawal';
import { checkDestination } from '../../shared/app/withdrawals/destinations';
import { requestWithdrawal } from '../../shared/app/withdrawals/request-withdrawal';
import { getWithdrawal, listWithdrawals } from '../../shared/app/withdrawals/withdrawal-queries';
import {
  addWhitelistEntry,
  getWithdrawalSettings,
  listWhitelist,
  removeWhitelistEntry,
  updateWithdrawalSettings,
} from '../../shared/app/withdrawals/withdrawal-settings';
import { withdrawalView } from '../../shared/app/withdrawals/withdrawal-view';
import { NotFoundError } from '../../shared/domain/errors';
import type { Withdrawal } from '../../shared/domain/withdrawal/withdrawal';
import { getOtpGuardDeps } from '../../shared/composition/otp-guard';
import { getWithdrawalRequestDeps } from '../../shared/composition/withdrawal-requests';

type Req = AuthenticatedConsoleRequest;
type AuditDetails = Record<string, string | number | boolean | null>;

async function requestedByOf(partnerId: string, code: string) {
  const w = await getWithdrawalRequestDeps().withdrawals.get(partnerId, code);
  if (!w) throw new NotFoundError(`Withdrawal ${code} not found`);
  return {
    id: w.code,
    requestedBy: w.requestedBy.kind === 'user' ? w.requestedBy.id : `apiKey:${w.requestedBy.id}`,
  };
}

/** A settings or whitelist change: a fresh OTP first, then the change, then the audit line. */
async function otpGated<T>(
  req: Req,
  otp: string | undefined,
  action: OtpGatedAction,
  run: () => Promise<T>,
  details: (r: T) => AuditDetails,
  options: { readonly allowWithout2fa?: boolean } = {},
): Promise<T> {
  const deps = getOtpGuardDeps();
  if (action === 'whitelist.add' || action === 'whitelist.remove')
    await guardWhitelistChange(deps, req.principal, action, otp, req.meta);
  else await requireOtp(deps, req.principal, otp, action, { meta: req.meta, ...options });
  const result = await run();
  await auditMoneyAction(deps, req.principal, action, 'SUCCESS', details(result), req.meta);
  return result;
}

/**
 * A decision on a withdrawal: the withdrawal guard (permission, 24 h lock, 2FA policy, four-eyes, a
 * fresh OTP; refusals audited), then the same use-case the partner API calls, then the audit line.
 */
async function decided(
  req: Req,
  action: WithdrawalAction,
  otp: string | undefined,
  decide: (code: string) => Promise<Withdrawal>,
  details: AuditDetails = {},
) {
  const code = req.params['code'] ?? '';
  const deps = getOtpGuardDeps();
  await guardWithdrawalAction(deps, req.principal, action, otp, {
    meta: req.meta,
    withdrawal: await requestedByOf(req.principal.partnerId, code),
  });
  const w = await decide(code);
  await auditMoneyAction(deps, req.principal, action, 'SUCCESS', { withdrawal: code, ...details }, req.meta);
  return { statusCode: 200, body: { withdrawal: withdrawalView(w) } };
}

const actor = (req: Req) => ({ kind: 'user' as const, id: req.principal.userId });

/** Console withdrawals, withdrawal settings and the whitelist, all scoped to the session's partner. */
export const routes: ConsoleRoutes = {
  'GET /console/withdrawals': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => ({
      statusCode: 200,
      body: await listWithdrawals(
        getWithdrawalRequestDeps(),
        principal.partnerId,
        WithdrawalsQuery.parse(query),
      ),
    }),
  },
  'GET /console/withdrawals/{code}': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, params }) => ({
      statusCode: 200,
      body: {
        withdrawal: await getWithdrawal(
          getWithdrawalRequestDeps(),
          principal.partnerId,
          params['code'] ?? '',
        ),
      },
    }),
  },
  'POST /console/withdrawals': {
    auth: 'console',
    handle: async ({ principal, body, meta, event }) => {
      const { otp, ...request } = ConsoleWithdrawalRequestBody.parse(body);
      const deps = getOtpGuardDeps();
      await guardWithdrawalAction(deps, principal, 'withdrawal.request', otp, { meta });
      const { created, withdrawal } = await requestWithdrawal(
        getWithdrawalRequestDeps(),
        {
          partnerId: principal.partnerId,
          requester: { kind: 'user', id: principal.userId },
          type: 'MANUAL',
          idempotencyKey: idempotencyKeyOf(event),
        },
        request,
      );
      const view = withdrawalView(withdrawal);
      if (created) {
        await auditMoneyAction(
          deps,
          principal,
          'withdrawal.request',
          'SUCCESS',
          { withdrawal: view.code, amount: view.total, asset: view.asset },
          meta,
        );
      }
      return { statusCode: created ? 201 : 200, body: { withdrawal: view } };
    },
  },
  'POST /console/withdrawals/{code}/approve': {
    auth: 'console',
    handle: async (req) =>
      decided(req, 'withdrawal.approve', OtpBody.parse(req.body ?? {}).otp, (code) =>
        approveWithdrawal(getWithdrawalRequestDeps(), req.principal.partnerId, code, actor(req)),
      ),
  },
  'POST /console/withdrawals/{code}/reject': {
    auth: 'console',
    handle: async (req) => {
      const { otp, reason } = RejectBody.parse(req.body ?? {});
      return decided(
        req,
        'withdrawal.reject',
        otp,
        (code) =>
          rejectWithdrawal(getWithdrawalRequestDeps(), req.principal.partnerId, code, actor(req), reason),
        { reason },
      );
    },
  },
  'POST /console/withdrawals/{code}/cancel': {
    auth: 'console',
    permission: 'withdrawal:request',
    handle: async (req) => {
      const { otp } = OtpBody.parse(req.body ?? {});
      const code = req.params['code'] ?? '';
      await requestedByOf(req.principal.partnerId, code);
      // Users without 2FA may cancel where the partner's policy lets them withdraw without it.
      const { policy } = await getOtpGuardDeps().partnerSecurity.get(req.principal.partnerId);
      const w = await otpGated(
        req,
        otp,
        'withdrawal.cancel',
        () => cancelWithdrawal(getWithdrawalRequestDeps(), req.principal.partnerId, code, actor(req)),
        () => ({ withdrawal: code }),
        { allowWithout2fa: policy.allowWithdrawalsWithout2fa },
      );
      return { statusCode: 200, body: { withdrawal: withdrawalView(w) } };
    },
  },
  'GET /console/withdrawal-settings': {
    auth: 'console',
    permission: 'settings:read',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { settings: await getWithdrawalSettings(getWithdrawalRequestDeps(), principal.partnerId) },
    }),
  },
  'PUT /console/withdrawal-settings': {
    auth: 'console',
    permission: 'settings:write',
    handle: async (req) => {
      const { otp, ...input } = WithdrawalSettingsBody.parse(req.body);
      const settings = await otpGated(
        req,
        otp,
        'withdrawal.settings',
        () =>
          updateWithdrawalSettings(
            getWithdrawalRequestDeps(),
            req.principal.partnerId,
            input,
            `user:${req.principal.userId}`,
          ),
        () => ({
          addressMode: input.addressMode,
          approval: input.approval.mode,
          thresholdUsdt: input.approval.thresholdUsdt,
        }),
      );
      return { statusCode: 200, body: { settings } };
    },
  },
  'GET /console/withdrawal-address-check': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ query }) => {
      const { network, address } = AddressCheckQuery.parse(query);
      return {
        statusCode: 200,
        body: { check: await checkDestination(getWithdrawalRequestDeps(), network, address) },
      };
    },
  },
  'GET /console/withdrawal-whitelist': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { entries: await listWhitelist(getWithdrawalRequestDeps(), principal.partnerId) },
    }),
  },
  'POST /console/withdrawal-whitelist': {
    auth: 'console',
    permission: 'whitelist:manage',
    handle: async (req) => {
      const { otp, ...input } = WhitelistEntryBody.parse(req.body);
      const entry = await otpGated(
        req,
        otp,
        'whitelist.add',
        () =>
          addWhitelistEntry(
            getWithdrawalRequestDeps(),
            req.principal.partnerId,
            input,
            `user:${req.principal.userId}`,
            { idempotencyKey: idempotencyKeyOf(req.event) },
          ),
        (e) => ({
          entryId: e.entryId,
          network: e.network,
          address: e.address,
          ...(e.replayed ? { replayed: true } : {}),
        }),
      );
      const { replayed, ...view } = entry;
      return { statusCode: replayed ? 200 : 201, body: { entry: view } };
    },
  },
  'POST /console/withdrawal-whitelist/{entryId}/remove': {
    auth: 'console',
    permission: 'whitelist:manage',
    handle: async (req) => {
      const { otp } = OtpBody.parse(req.body ?? {});
      const entry = await otpGated(
        req,
        otp,
        'whitelist.remove',
        () =>
          removeWhitelistEntry(
            getWithdrawalRequestDeps(),
            req.principal.partnerId,
            req.params['entryId'] ?? '',
          ),
        (e) => ({ entryId: e.entryId, address: e.address }),
      );
      return { statusCode: 200, body: { entry } };
    },
  },
};

export const handler = consoleApiHandler(getOtpGuardDeps, routes);
