import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import {
  ConsoleWithdrawalRequestBody,
  OtpBody,
  RejectBody,
  WhitelistEntryBody,
  WithdrawalSettingsBody,
  WithdrawalsQuery,
} from '../../shared/api/withdrawal-api-schemas';
import { auditMoneyAction, guardWithdrawalAction } from '../../shared/app/accounts/guard-withdrawal';
import { requireOtp } from '../../shared/app/accounts/require-otp';
import {
  approveWithdrawal,
  cancelWithdrawal,
  rejectWithdrawal,
} from '../../shared/app/withdrawals/decide-withdrawal';
import { getWithdrawal, listWithdrawals } from '../../shared/app/withdrawals/withdrawal-queries';
import { requestWithdrawal } from '../../shared/app/withdrawals/request-withdrawal';
import {
  addWhitelistEntry,
  getWithdrawalSettings,
  listWhitelist,
  removeWhitelistEntry,
  updateWithdrawalSettings,
} from '../../shared/app/withdrawals/withdrawal-settings';
import { withdrawalView } from '../../shared/app/withdrawals/withdrawal-view';
import { NotFoundError } from '../../shared/domain/errors';
import { getDeps } from '../composition';
import { getWithdrawalDeps } from '../withdrawals-composition';

async function requestedByOf(partnerId: string, code: string) {
  const w = await getWithdrawalDeps().withdrawals.get(partnerId, code);
  if (!w) throw new NotFoundError(`Withdrawal ${code} not found`);
  return {
    id: w.code,
    requestedBy: w.requestedBy.kind === 'user' ? w.requestedBy.id : `apiKey:${w.requestedBy.id}`,
  };
}

/**
 * Console withdrawals. Every money action passes the same gate (permission, 24 h lock, 2FA policy,
 * four-eyes, a fresh OTP; refusals audited) before the use-case the partner API calls too, and is
 * audited after it.
 */
export const routes: ConsoleRoutes = {
  'GET /console/withdrawals': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => ({
      statusCode: 200,
      body: await listWithdrawals(getWithdrawalDeps(), principal.partnerId, WithdrawalsQuery.parse(query)),
    }),
  },
  'GET /console/withdrawals/{code}': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, params }) => ({
      statusCode: 200,
      body: {
        withdrawal: await getWithdrawal(getWithdrawalDeps(), principal.partnerId, params['code'] ?? ''),
      },
    }),
  },
  'POST /console/withdrawals': {
    auth: 'console',
    handle: async ({ principal, body, meta, event }) => {
      const input = ConsoleWithdrawalRequestBody.parse(body);
      const deps = getDeps();
      await guardWithdrawalAction(deps, principal, 'withdrawal.request', input.otp, { meta });
      const { otp: _otp, ...request } = input;
      const key = Object.entries(event.headers ?? {}).find(
        ([k]) => k.toLowerCase() === 'idempotency-key',
      )?.[1];
      const { created, withdrawal } = await requestWithdrawal(
        getWithdrawalDeps(),
        {
          partnerId: principal.partnerId,
          requester: { kind: 'user', id: principal.userId },
          type: 'MANUAL',
          idempotencyKey: key ?? undefined,
        },
        request,
      );
      if (created)
        await auditMoneyAction(
          deps,
          principal,
          'withdrawal.request',
          'SUCCESS',
          { withdrawal: withdrawal.code, amount: withdrawalView(withdrawal).total, asset: withdrawal.asset },
          meta,
        );
      return { statusCode: created ? 201 : 200, body: { withdrawal: withdrawalView(withdrawal) } };
    },
  },
  'POST /console/withdrawals/{code}/approve': {
    auth: 'console',
    handle: async ({ principal, params, body, meta }) => {
      const { otp } = OtpBody.parse(body ?? {});
      const code = params['code'] ?? '';
      const deps = getDeps();
      await guardWithdrawalAction(deps, principal, 'withdrawal.approve', otp, {
        meta,
        withdrawal: await requestedByOf(principal.partnerId, code),
      });
      const w = await approveWithdrawal(getWithdrawalDeps(), principal.partnerId, code, {
        kind: 'user',
        id: principal.userId,
      });
      await auditMoneyAction(deps, principal, 'withdrawal.approve', 'SUCCESS', { withdrawal: code }, meta);
      return { statusCode: 200, body: { withdrawal: withdrawalView(w) } };
    },
  },
  'POST /console/withdrawals/{code}/reject': {
    auth: 'console',
    handle: async ({ principal, params, body, meta }) => {
      const { otp, reason } = RejectBody.parse(body ?? {});
      const code = params['code'] ?? '';
      const deps = getDeps();
      await guardWithdrawalAction(deps, principal, 'withdrawal.reject', otp, {
        meta,
        withdrawal: await requestedByOf(principal.partnerId, code),
      });
      const w = await rejectWithdrawal(
        getWithdrawalDeps(),
        principal.partnerId,
        code,
        { kind: 'user', id: principal.userId },
        reason,
      );
      await auditMoneyAction(
        deps,
        principal,
        'withdrawal.reject',
        'SUCCESS',
        { withdrawal: code, reason },
        meta,
      );
      return { statusCode: 200, body: { withdrawal: withdrawalView(w) } };
    },
  },
  'POST /console/withdrawals/{code}/cancel': {
    auth: 'console',
    permission: 'withdrawal:request',
    handle: async ({ principal, params, body, meta }) => {
      const { otp } = OtpBody.parse(body ?? {});
      const code = params['code'] ?? '';
      const deps = getDeps();
      await requestedByOf(principal.partnerId, code);
      await requireOtp(deps, principal, otp, 'withdrawal.cancel', {
        meta,
        allowWithout2fa: (await deps.partnerSecurity.get(principal.partnerId)).policy
          .allowWithdrawalsWithout2fa,
      });
      const w = await cancelWithdrawal(getWithdrawalDeps(), principal.partnerId, code, {
        kind: 'user',
        id: principal.userId,
      });
      await auditMoneyAction(deps, principal, 'withdrawal.cancel', 'SUCCESS', { withdrawal: code }, meta);
      return { statusCode: 200, body: { withdrawal: withdrawalView(w) } };
    },
  },
  'GET /console/withdrawal-settings': {
    auth: 'console',
    permission: 'settings:read',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { settings: await getWithdrawalSettings(getWithdrawalDeps(), principal.partnerId) },
    }),
  },
  'PUT /console/withdrawal-settings': {
    auth: 'console',
    permission: 'settings:write',
    handle: async ({ principal, body, meta }) => {
      const { otp, ...input } = WithdrawalSettingsBody.parse(body);
      const deps = getDeps();
      await requireOtp(deps, principal, otp, 'withdrawal.settings', { meta });
      const settings = await updateWithdrawalSettings(
        getWithdrawalDeps(),
        principal.partnerId,
        input,
        `user:${principal.userId}`,
      );
      await auditMoneyAction(
        deps,
        principal,
        'withdrawal.settings',
        'SUCCESS',
        {
          addressMode: input.addressMode,
          approval: input.approval.mode,
          thresholdUsdt: input.approval.thresholdUsdt,
        },
        meta,
      );
      return { statusCode: 200, body: { settings } };
    },
  },
  'GET /console/withdrawal-whitelist': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { entries: await listWhitelist(getWithdrawalDeps(), principal.partnerId) },
    }),
  },
  'POST /console/withdrawal-whitelist': {
    auth: 'console',
    permission: 'whitelist:manage',
    handle: async ({ principal, body, meta }) => {
      const { otp, ...input } = WhitelistEntryBody.parse(body);
      const deps = getDeps();
      await requireOtp(deps, principal, otp, 'whitelist.add', { meta });
      const entry = await addWhitelistEntry(
        getWithdrawalDeps(),
        principal.partnerId,
        input,
        `user:${principal.userId}`,
      );
      await auditMoneyAction(
        deps,
        principal,
        'whitelist.add',
        'SUCCESS',
        { entryId: entry.entryId, network: entry.network, address: entry.address },
        meta,
      );
      return { statusCode: 201, body: { entry } };
    },
  },
  'POST /console/withdrawal-whitelist/{entryId}/remove': {
    auth: 'console',
    permission: 'whitelist:manage',
    handle: async ({ principal, params, body, meta }) => {
      const { otp } = OtpBody.parse(body ?? {});
      const deps = getDeps();
      await requireOtp(deps, principal, otp, 'whitelist.remove', { meta });
      const entry = await removeWhitelistEntry(
        getWithdrawalDeps(),
        principal.partnerId,
        params['entryId'] ?? '',
      );
      await auditMoneyAction(
        deps,
        principal,
        'whitelist.remove',
        'SUCCESS',
        { entryId: entry.entryId, address: entry.address },
        meta,
      );
      return { statusCode: 200, body: { entry } };
    },
  },
};

export const handler = consoleApiHandler(getDeps, routes);
