import type { GatewayDeps } from '../../../shared/composition/gateway';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { guardWithdrawalAction } from '../../../shared/app/accounts/guard-withdrawal';
import type { ConsolePrincipal } from '../../../shared/app/accounts/deps';
import { effectivePermissions } from '../../../shared/domain/accounts/permissions';
import { isGatewayError } from '../../../shared/domain/errors';
import type { Partner } from '../../../shared/domain/partner/partner';
import {
  ConsoleClient,
  createTenants,
  createUser,
  enableTwoFactor,
  startConsoleStack,
} from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

const DAY = 24 * 60 * 60_000;
type KeyView = {
  id: string;
  name: string;
  status: string;
  ipAllowlist: string[];
  lastUsedAt: string | null;
  secretCiphertext?: unknown;
};

describe('console workspace, API keys, and the withdrawal guard', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;

  beforeAll(async () => {
    stack = await startConsoleStack('console-workspace');
    deps = stack.deps;
    tenants = await createTenants(deps);
  });
  afterAll(async () => stack.stop());

  const signedIn = async (email: string) => {
    const c = new ConsoleClient(stack.apiUrl);
    if ((await c.signIn(email)).status !== 200) throw new Error('sign-in failed');
    return c;
  };

  describe('workspace', () => {
    it('shows the partner code and type to members and lets owners edit the details', async () => {
      const owner = await createUser(deps, tenants.shopA, 'OWNER');
      const admin = await createUser(deps, tenants.shopA, 'ADMIN');
      const o = await signedIn(owner.email);
      const ws = await o.get<{
        partner: { code: string; type: string };
        workspace: { displayName: string; timezone: string };
      }>('/console/workspace');
      expect(ws.body).toMatchObject({
        partner: { code: 'SHOP_A', type: 'MERCHANT' },
        workspace: { displayName: 'Shop A', timezone: 'UTC' },
      });
      const updated = await o.request('PATCH', '/console/workspace', {
        displayName: 'Shop A Ltd',
        timezone: 'Asia/Seoul',
        supportEmail: 'help@shop-a.example',
      });
      expect(updated.body).toMatchObject({
        workspace: { displayName: 'Shop A Ltd', timezone: 'Asia/Seoul', supportEmail: 'help@shop-a.example' },
      });
      expect(
        (await o.request('PATCH', '/console/workspace', { timezone: 'Mars/Olympus' })).body,
      ).toMatchObject({
        error: { code: 'VALIDATION_FAILED', fields: [{ path: 'timezone' }] },
      });
      const a = await signedIn(admin.email);
      expect(
        (await a.request('PATCH', '/console/workspace', { displayName: 'Mine now' })).body,
      ).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
    });

    it('changes the withdrawal policy only with an OTP', async () => {
      const owner = await createUser(deps, tenants.shopB, 'OWNER');
      const o = await signedIn(owner.email);
      const { secret } = await enableTwoFactor(o, stack.clock);
      expect(
        (
          await o.request('PUT', '/console/workspace/withdrawal-policy', {
            allowWithdrawalsWithout2fa: true,
            fourEyes: false,
          })
        ).body,
      ).toMatchObject({
        error: { code: 'OTP_REQUIRED' },
      });
      const ok = await o.request('PUT', '/console/workspace/withdrawal-policy', {
        allowWithdrawalsWithout2fa: true,
        fourEyes: false,
        otp: o.code(secret, stack.clock),
      });
      expect(ok.body).toMatchObject({
        security: { withdrawalPolicy: { allowWithdrawalsWithout2fa: true, fourEyes: false } },
      });
      stack.clock.advance(60_000);
      await o.request('PUT', '/console/workspace/withdrawal-policy', {
        allowWithdrawalsWithout2fa: false,
        fourEyes: true,
        otp: o.code(secret, stack.clock),
      });
    });
  });

  describe('API keys in the console', () => {
    it('creates a key with an OTP and shows the secret once; lists it with its last use; sets an IP allowlist; revokes it', async () => {
      const owner = await createUser(deps, tenants.shopA, 'OWNER');
      const c = await signedIn(owner.email);
      expect((await c.post('/console/api-keys', { name: 'backend' })).body).toMatchObject({
        error: { code: 'TWO_FACTOR_REQUIRED' },
      });
      const { secret } = await enableTwoFactor(c, stack.clock);
      stack.clock.advance(5 * 60_000);
      expect((await c.post('/console/api-keys', { name: 'backend' })).body).toMatchObject({
        error: { code: 'OTP_REQUIRED' },
      });
      const created = await c.post<{ apiKey: KeyView; secret: string; withdrawalLockedUntil: string }>(
        '/console/api-keys',
        {
          name: 'backend',
          otp: c.code(secret, stack.clock),
        },
      );
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^sk_/);
      expect(created.body.apiKey).not.toHaveProperty('secretCiphertext');
      expect(created.body.withdrawalLockedUntil).toBe(
        new Date(stack.clock.now().getTime() + DAY).toISOString(),
      );
      const keyId = created.body.apiKey.id;

      const list = await c.get<{ apiKeys: KeyView[] }>('/console/api-keys');
      expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
      expect(list.body.apiKeys.find((k) => k.id === keyId)).toMatchObject({
        name: 'backend',
        status: 'ACTIVE',
        lastUsedAt: null,
      });

      // The partner backend uses it (signed with the real clock; the gateway's is the test's).
      (deps as { clock: unknown }).clock = { now: () => new Date() };
      try {
        const partner = createPartnerClient({
          apiUrl: stack.apiUrl,
          apiKey: keyId,
          apiSecret: created.body.secret,
        });
        expect((await partner.get('/v1/partner')).status).toBe(200);
      } finally {
        (deps as { clock: unknown }).clock = stack.clock;
      }
      const used = await c.get<{ apiKeys: KeyView[] }>('/console/api-keys');
      expect(used.body.apiKeys.find((k) => k.id === keyId)?.lastUsedAt).toEqual(expect.any(String));

      stack.clock.advance(60_000);
      expect(
        (
          await c.request('PUT', `/console/api-keys/${keyId}/ip-allowlist`, {
            ipAllowlist: ['not-an-ip'],
            otp: '123456',
          })
        ).body,
      ).toMatchObject({
        error: { code: 'VALIDATION_FAILED', fields: [{ path: 'ipAllowlist.0' }] },
      });
      const restricted = await c.request<{ apiKey: KeyView }>(
        'PUT',
        `/console/api-keys/${keyId}/ip-allowlist`,
        {
          ipAllowlist: ['192.0.2.1', '10.0.0.0/8'],
          otp: c.code(secret, stack.clock),
        },
      );
      expect(restricted.body.apiKey.ipAllowlist).toEqual(['192.0.2.1', '10.0.0.0/8']);
      (deps as { clock: unknown }).clock = { now: () => new Date() };
      try {
        const partner = createPartnerClient({
          apiUrl: stack.apiUrl,
          apiKey: keyId,
          apiSecret: created.body.secret,
        });
        expect((await partner.get('/v1/partner')).body).toMatchObject({ error: { code: 'IP_NOT_ALLOWED' } });
      } finally {
        (deps as { clock: unknown }).clock = stack.clock;
      }

      stack.clock.advance(60_000);
      expect((await c.post(`/console/api-keys/${keyId}/revoke`, { otp: '000000' })).body).toMatchObject({
        error: { code: 'OTP_INVALID' },
      });
      const revoked = await c.post<{ apiKey: KeyView }>(`/console/api-keys/${keyId}/revoke`, {
        otp: c.code(secret, stack.clock),
      });
      expect(revoked.body.apiKey.status).toBe('REVOKED');
      const audit = await deps.audit.list(tenants.shopA.id, { limit: 40 });
      expect(
        audit
          .filter((e) =>
            ['console.apiKey.create', 'console.apiKey.allowlist', 'console.apiKey.revoke'].includes(e.action),
          )
          .map((e) => e.details?.['securityChange']),
      ).toEqual(['API_KEY', 'API_KEY', 'API_KEY']);
    });

    it('needs apikey:manage to change keys (an operator cannot)', async () => {
      const operator = await createUser(deps, tenants.shopA, 'OPERATOR');
      const c = await signedIn(operator.email);
      expect((await c.get('/console/api-keys')).status).toBe(200);
      expect((await c.post('/console/api-keys', { name: 'x', otp: '123456' })).body).toMatchObject({
        error: { code: 'PERMISSION_DENIED' },
      });
    });
  });

  describe('withdrawal guard (what the withdrawal use-cases call)', () => {
    const principalOf = async (userId: string, partner: Partner): Promise<ConsolePrincipal> => {
      const u = (await deps.users.get(userId))!;
      return {
        userId: u.id,
        sessionId: 'se_test',
        partnerId: partner.id,
        partnerCode: partner.code,
        partnerType: partner.type,
        email: u.email,
        role: u.role,
        permissions: effectivePermissions(u, partner.type),
        twoFactorEnabled: u.twoFactor.enabled,
      };
    };
    const codeOf = async (p: Promise<unknown>) => {
      try {
        await p;
        return 'OK';
      } catch (e) {
        if (isGatewayError(e)) return { code: e.code, details: e.details };
        throw e;
      }
    };

    it('refuses withdrawals for 24 hours after a security change, with the unlock time; then needs 2FA, four-eyes and a fresh OTP', async () => {
      const dist = tenants.dist;
      const requester = await createUser(deps, dist, 'OWNER');
      const approver = await createUser(deps, dist, 'APPROVER');
      const r = await signedIn(requester.email);
      const { secret: first } = await enableTwoFactor(r, stack.clock);
      const p = await principalOf(requester.id, dist);
      // A first 2FA enrollment is security going up: it locks nothing.
      expect(
        await codeOf(guardWithdrawalAction(deps, p, 'withdrawal.request', r.code(first, stack.clock))),
      ).toBe('OK');
      // Turning 2FA off and on again changes the requester's sign-in security: their actions lock.
      stack.clock.advance(60_000);
      expect((await r.post('/console/me/2fa/disable', { code: r.code(first, stack.clock) })).status).toBe(
        200,
      );
      stack.clock.advance(60_000);
      const { secret } = await enableTwoFactor(r, stack.clock);
      const lockedAt = stack.clock.now().getTime();
      expect(
        await codeOf(guardWithdrawalAction(deps, p, 'withdrawal.request', r.code(secret, stack.clock))),
      ).toEqual({
        code: 'WITHDRAWAL_LOCKED',
        details: { unlockAt: new Date(lockedAt + DAY).toISOString(), scope: 'USER' },
      });
      // Rejecting never moves money: allowed during the lock (with an OTP).
      stack.clock.advance(60_000);
      expect(
        await codeOf(
          guardWithdrawalAction(deps, p, 'withdrawal.reject', r.code(secret, stack.clock), {
            withdrawal: { requestedBy: 'someone-else' },
          }),
        ),
      ).toBe('OK');

      stack.clock.advance(DAY);
      expect(await codeOf(guardWithdrawalAction(deps, p, 'withdrawal.request', undefined))).toMatchObject({
        code: 'OTP_REQUIRED',
      });
      const code = r.code(secret, stack.clock);
      expect(await codeOf(guardWithdrawalAction(deps, p, 'withdrawal.request', code))).toBe('OK');
      expect(await codeOf(guardWithdrawalAction(deps, p, 'withdrawal.request', code))).toMatchObject({
        code: 'OTP_REPLAYED',
      });

      // Four-eyes: the requester cannot approve their own withdrawal.
      stack.clock.advance(60_000);
      expect(
        await codeOf(
          guardWithdrawalAction(deps, p, 'withdrawal.approve', r.code(secret, stack.clock), {
            withdrawal: { requestedBy: requester.id },
          }),
        ),
      ).toMatchObject({
        code: 'FOUR_EYES_VIOLATION',
      });
      // The approver has no 2FA: refused unless the partner's policy allows it.
      const a = await principalOf(approver.id, dist);
      expect(
        await codeOf(
          guardWithdrawalAction(deps, a, 'withdrawal.approve', undefined, {
            withdrawal: { requestedBy: requester.id },
          }),
        ),
      ).toMatchObject({
        code: 'TWO_FACTOR_REQUIRED',
      });
      await deps.partnerSecurity.updatePolicy(
        dist.id,
        { allowWithdrawalsWithout2fa: true, fourEyes: true },
        stack.clock.now().toISOString(),
      );
      expect(
        await codeOf(
          guardWithdrawalAction(deps, a, 'withdrawal.approve', undefined, {
            withdrawal: { requestedBy: requester.id },
          }),
        ),
      ).toBe('OK');
      // And without the permission, nothing.
      expect(await codeOf(guardWithdrawalAction(deps, a, 'withdrawal.request', undefined))).toMatchObject({
        code: 'PERMISSION_DENIED',
      });
      // Each refusal is in the partner's audit log.
      const refusals = (await deps.audit.list(dist.id, { limit: 50 })).filter(
        (e) => e.action.startsWith('console.withdrawal.') && e.outcome === 'DENIED',
      );
      expect(refusals.map((e) => e.reason).sort()).toEqual(
        [
          'FOUR_EYES_VIOLATION',
          'OTP_REPLAYED',
          'OTP_REQUIRED',
          'PERMISSION_DENIED',
          'TWO_FACTOR_REQUIRED',
          'WITHDRAWAL_LOCKED',
        ].sort(),
      );
    });
  });
});
