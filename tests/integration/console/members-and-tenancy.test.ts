import type { GatewayDeps } from '../../../shared/composition/gateway';
import { issueApiKey } from '../../../shared/app/partners/manage-partners';
import {
  ConsoleClient,
  OPERATOR,
  PASSWORD,
  createTenants,
  createUser,
  latestMail,
  startConsoleStack,
} from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

type Member = {
  id: string;
  email: string;
  role: string;
  extraPermissions: string[];
  permissions: string[];
  status: string;
};
const DAY = 24 * 60 * 60_000;

describe('console members, invitations, permissions and tenant isolation', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;

  beforeAll(async () => {
    stack = await startConsoleStack('console-members');
    deps = stack.deps;
    tenants = await createTenants(deps);
  });
  afterAll(async () => stack.stop());

  const signedIn = async (email: string, ip?: string) => {
    const c = new ConsoleClient(stack.apiUrl, ip);
    const res = await c.signIn(email);
    if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
    return c;
  };
  const accept = async (token: string | undefined, name = 'New Member', password = PASSWORD) => {
    const c = new ConsoleClient(stack.apiUrl);
    await c.csrf();
    return c.post<{ user: { email: string; role: string } }>('/console/invitations/accept', {
      token,
      name,
      password,
    });
  };

  describe('invitations', () => {
    it('invites by email with a role; the invitee accepts by setting a password and signs in with that role', async () => {
      const owner = await createUser(deps, tenants.shopA, 'OWNER');
      const c = await signedIn(owner.email);
      const invited = await c.post<{ invitation: { id: string; status: string; role: string } }>(
        '/console/invitations',
        {
          email: 'Operator.One@Shop-A.example',
          role: 'OPERATOR',
        },
      );
      expect(invited.status).toBe(201);
      expect(invited.body.invitation).toMatchObject({ status: 'PENDING', role: 'OPERATOR' });
      const mail = (await latestMail(deps, 'operator.one@shop-a.example'))!;
      expect(mail).toMatchObject({ kind: 'INVITATION', subject: expect.stringContaining('Shop A') });

      const peek = new ConsoleClient(stack.apiUrl);
      await peek.csrf();
      expect((await peek.post('/console/invitations/inspect', { token: mail.token })).body).toMatchObject({
        email: 'operator.one@shop-a.example',
        role: 'OPERATOR',
        workspace: 'Shop A',
      });
      expect((await accept(mail.token, 'Op', 'weak')).body).toMatchObject({
        error: { code: 'VALIDATION_FAILED' },
      });
      const accepted = await accept(mail.token, 'Operator One');
      expect(accepted.status).toBe(201);
      expect(accepted.body.user).toMatchObject({ email: 'operator.one@shop-a.example', role: 'OPERATOR' });
      expect((await accept(mail.token)).body).toMatchObject({ error: { code: 'TOKEN_ALREADY_USED' } });

      const op = await signedIn('operator.one@shop-a.example');
      const me = await op.get<{ user: { role: string }; permissions: string[] }>('/console/me');
      expect(me.body.user.role).toBe('OPERATOR');
      expect(me.body.permissions).toContain('withdrawal:request');
      expect(me.body.permissions).not.toContain('withdrawal:approve');

      const sent = await c.get<{ invitations: { id: string; status: string }[] }>('/console/invitations');
      expect(sent.body.invitations.find((i) => i.id === invited.body.invitation.id)?.status).toBe('ACCEPTED');
      const received = await op.get<{ invitations: { partnerCode: string; status: string }[] }>(
        '/console/invitations/received',
      );
      expect(received.body.invitations).toEqual([
        expect.objectContaining({ partnerCode: 'SHOP_A', status: 'ACCEPTED' }),
      ]);
    });

    it('resending replaces the link; revoking withdraws it; an email with an account cannot be invited', async () => {
      const owner = await createUser(deps, tenants.shopA, 'OWNER');
      const c = await signedIn(owner.email);
      const email = `viewer-${owner.id.slice(-5)}@shop-a.example`;
      const inv = (
        await c.post<{ invitation: { id: string } }>('/console/invitations', { email, role: 'VIEWER' })
      ).body.invitation;
      const first = (await latestMail(deps, email))!.token;
      stack.clock.advance(60_000);
      const resent = await c.post<{ invitation: { expiresAt: string } }>(
        `/console/invitations/${inv.id}/resend`,
      );
      expect(resent.body.invitation.expiresAt).toBe(
        new Date(stack.clock.now().getTime() + 7 * DAY).toISOString(),
      );
      const second = (await latestMail(deps, email))!.token;
      expect((await accept(first)).body).toMatchObject({ error: { code: 'TOKEN_REVOKED' } });

      expect((await c.post(`/console/invitations/${inv.id}/revoke`)).body).toMatchObject({
        invitation: { status: 'REVOKED' },
      });
      expect((await accept(second)).body).toMatchObject({ error: { code: 'TOKEN_REVOKED' } });
      expect((await c.post(`/console/invitations/${inv.id}/resend`)).body).toMatchObject({
        error: { code: 'ILLEGAL_TRANSITION' },
      });
      expect(
        (await c.post('/console/invitations', { email: owner.email, role: 'VIEWER' })).body,
      ).toMatchObject({ error: { code: 'EMAIL_TAKEN' } });
    });

    it('expires an unaccepted invitation after 7 days', async () => {
      const owner = await createUser(deps, tenants.shopB, 'OWNER');
      const c = await signedIn(owner.email);
      const email = `late-${owner.id.slice(-5)}@shop-b.example`;
      await c.post('/console/invitations', { email, role: 'VIEWER' });
      const token = (await latestMail(deps, email))!.token;
      stack.clock.advance(7 * DAY);
      expect((await accept(token)).body).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
    });
  });

  describe('privilege escalation', () => {
    it('stops an admin from inviting an owner or granting permissions the admin does not hold', async () => {
      const admin = await createUser(deps, tenants.shopA, 'ADMIN');
      const c = await signedIn(admin.email);
      const owner = await c.post('/console/invitations', { email: 'boss@shop-a.example', role: 'OWNER' });
      expect(owner.status).toBe(403);
      expect(owner.body).toMatchObject({ error: { code: 'PRIVILEGE_ESCALATION' } });
      const extra = await c.post('/console/invitations', {
        email: 'spy@shop-a.example',
        role: 'VIEWER',
        extraPermissions: ['audit:read'],
      });
      expect(extra.body).toMatchObject({ error: { code: 'PRIVILEGE_ESCALATION' } });
      const platform = await c.post('/console/invitations', {
        email: 'spy2@shop-a.example',
        role: 'VIEWER',
        extraPermissions: ['platform:read'],
      });
      expect(platform.body).toMatchObject({ error: { code: 'PRIVILEGE_ESCALATION' } });
      expect(await latestMail(deps, 'spy@shop-a.example')).toBeUndefined();
      const audit = await deps.audit.list(tenants.shopA.id, { limit: 10 });
      expect(
        audit.filter((e) => e.action === 'console.invitation.create' && e.reason === 'PRIVILEGE_ESCALATION'),
      ).toHaveLength(3);
    });

    it('stops an admin from giving themselves or a colleague more than the admin holds, and from touching owners', async () => {
      const admin = await createUser(deps, tenants.shopA, 'ADMIN');
      const viewer = await createUser(deps, tenants.shopA, 'VIEWER');
      const owner = await createUser(deps, tenants.shopA, 'OWNER');
      const c = await signedIn(admin.email);
      expect(
        (await c.request('PATCH', `/console/members/${admin.id}`, { role: 'OWNER' })).body,
      ).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(
        (
          await c.request('PATCH', `/console/members/${viewer.id}`, {
            role: 'VIEWER',
            extraPermissions: ['workspace:write'],
          })
        ).body,
      ).toMatchObject({
        error: { code: 'PRIVILEGE_ESCALATION' },
      });
      expect(
        (await c.request('PATCH', `/console/members/${owner.id}`, { role: 'VIEWER' })).body,
      ).toMatchObject({ error: { code: 'PRIVILEGE_ESCALATION' } });
      expect((await c.post(`/console/members/${owner.id}/deactivate`)).body).toMatchObject({
        error: { code: 'PRIVILEGE_ESCALATION' },
      });
      // Within the admin's own permissions it works.
      const ok = await c.request<{ member: Member }>('PATCH', `/console/members/${viewer.id}`, {
        role: 'VIEWER',
        extraPermissions: ['wallet:create'],
      });
      expect(ok.body.member).toMatchObject({ role: 'VIEWER', extraPermissions: ['wallet:create'] });
      expect(ok.body.member.permissions).toContain('wallet:create');
    });

    it('applies an extra permission granted by an owner at the member’s next request, and refuses without it', async () => {
      const owner = await createUser(deps, tenants.shopB, 'OWNER');
      const viewer = await createUser(deps, tenants.shopB, 'VIEWER');
      const v = await signedIn(viewer.email);
      const before = await v.get('/console/audit');
      expect(before.status).toBe(403);
      expect(before.body).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
      expect(
        (await v.request('PATCH', `/console/members/${owner.id}`, { role: 'VIEWER' })).body,
      ).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
      const o = await signedIn(owner.email);
      expect(
        (
          await o.request('PATCH', `/console/members/${viewer.id}`, {
            role: 'VIEWER',
            extraPermissions: ['audit:read'],
          })
        ).status,
      ).toBe(200);
      expect((await v.get('/console/audit')).status).toBe(200);
    });
  });

  describe('removed members', () => {
    it('stops a deactivated member’s session at once: requests, refresh and sign-in', async () => {
      const owner = await createUser(deps, tenants.shopA, 'OWNER');
      const member = await createUser(deps, tenants.shopA, 'OPERATOR');
      const m = await signedIn(member.email, '198.51.100.150');
      expect((await m.get('/console/me')).status).toBe(200);
      const o = await signedIn(owner.email);
      const res = await o.post<{ member: Member }>(`/console/members/${member.id}/deactivate`);
      expect(res.body.member.status).toBe('DEACTIVATED');

      // The access token is still within its 10 minutes, yet the next request is refused.
      const after = await m.get('/console/me');
      expect(after.status).toBe(403);
      expect(after.body).toMatchObject({ error: { code: 'SESSION_REVOKED' } });
      const stale = new ConsoleClient(stack.apiUrl);
      for (const [k, v] of m.jar) stale.jar.set(k, v);
      expect((await m.post('/console/auth/refresh')).body).toMatchObject({
        error: { code: 'SESSION_REVOKED' },
      });
      // The refusal also cleared the browser's session cookies.
      expect(m.jar.has('gw_access')).toBe(false);
      expect((await new ConsoleClient(stack.apiUrl).signIn(member.email)).body).toMatchObject({
        error: { code: 'ACCOUNT_DEACTIVATED' },
      });
      const members = await o.get<{ members: Member[] }>('/console/members');
      expect(members.body.members.find((x) => x.id === member.id)?.status).toBe('DEACTIVATED');

      // Reactivated, they can sign in again (old sessions stay dead).
      expect((await o.post(`/console/members/${member.id}/reactivate`)).status).toBe(200);
      expect((await stale.get('/console/me')).body).toMatchObject({ error: { code: 'SESSION_REVOKED' } });
      expect((await new ConsoleClient(stack.apiUrl).signIn(member.email)).status).toBe(200);
    });

    it('refuses even a session created a moment before deactivation that the revocation sweep could miss', async () => {
      const owner = await createUser(deps, tenants.shopB, 'OWNER');
      const member = await createUser(deps, tenants.shopB, 'VIEWER');
      const m = await signedIn(member.email);
      // Deactivate without the session sweep: the authorizer reads the user on every request.
      await deps.users.changeStatus(member.id, 'ACTIVE', 'DEACTIVATED', stack.clock.now().toISOString());
      expect((await m.get('/console/me')).body).toMatchObject({ error: { code: 'SESSION_REVOKED' } });
      expect(owner.role).toBe('OWNER');
    });

    it('suspending the partner stops its console sessions', async () => {
      const owner = await createUser(deps, tenants.dist, 'OWNER');
      const c = await signedIn(owner.email);
      await deps.partners.changeStatus(
        tenants.dist.id,
        'ACTIVE',
        'SUSPENDED',
        stack.clock.now().toISOString(),
      );
      try {
        expect((await c.get('/console/me')).body).toMatchObject({ error: { code: 'PARTNER_SUSPENDED' } });
        expect((await new ConsoleClient(stack.apiUrl).signIn(owner.email)).body).toMatchObject({
          error: { code: 'PARTNER_SUSPENDED' },
        });
      } finally {
        await deps.partners.changeStatus(
          tenants.dist.id,
          'SUSPENDED',
          'ACTIVE',
          stack.clock.now().toISOString(),
        );
      }
    });
  });

  describe('tenant isolation', () => {
    it('answers 404 when a member of A reaches for B’s members, invitations, keys or audit log, and audits it in both logs', async () => {
      const ownerA = await createUser(deps, tenants.shopA, 'OWNER');
      const ownerB = await createUser(deps, tenants.shopB, 'OWNER');
      const b = await signedIn(ownerB.email, '198.51.100.160');
      const invB = (
        await b.post<{ invitation: { id: string } }>('/console/invitations', {
          email: `x-${ownerB.id.slice(-5)}@shop-b.example`,
          role: 'VIEWER',
        })
      ).body.invitation;
      const keyB = await issueApiKey(deps, OPERATOR, { partnerId: tenants.shopB.id, name: 'B key' });

      const a = await signedIn(ownerA.email, '203.0.113.160');
      const attempts = [
        await a.request('PATCH', `/console/members/${ownerB.id}`, { role: 'VIEWER' }),
        await a.post(`/console/members/${ownerB.id}/deactivate`),
        await a.get(`/console/members/${ownerB.id}/tokens`),
        await a.post(`/console/invitations/${invB.id}/revoke`),
        await a.post(`/console/api-keys/${keyB.apiKey.id}/revoke`, { otp: '123456' }),
        await a.get('/console/audit?partnerCode=SHOP_B'),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
      }
      // Nothing changed at B.
      expect((await deps.users.get(ownerB.id))?.status).toBe('ACTIVE');
      expect((await deps.apiKeys.get(keyB.apiKey.id))?.status).toBe('ACTIVE');
      expect((await deps.invitations.get(invB.id))?.status).toBe('PENDING');

      const inA = (await deps.audit.list(tenants.shopA.id, { limit: 50 })).filter(
        (e) => e.action === 'console.crossTenantAccess',
      );
      const inB = (await deps.audit.list(tenants.shopB.id, { limit: 50 })).filter(
        (e) => e.action === 'console.crossTenantAccess',
      );
      expect(inA).toHaveLength(6);
      expect(inB).toHaveLength(6);
      expect(inB[0]).toMatchObject({
        outcome: 'DENIED',
        actor: { type: 'USER', id: ownerA.id },
        sourceIp: '203.0.113.160',
        details: { callerPartnerId: tenants.shopA.id },
      });
      // And the member list of A never shows B's people.
      const members = await a.get<{ members: Member[] }>('/console/members');
      expect(members.body.members.every((m) => m.email.endsWith('@shop-a.example'))).toBe(true);
    });

    it('lets the platform operator read any partner’s audit log by code; owners read their own', async () => {
      const operator = await createUser(deps, tenants.platform, 'OWNER');
      const p = await signedIn(operator.email);
      const logB = await p.get<{ partnerCode: string; entries: { action: string }[] }>(
        '/console/audit?partnerCode=SHOP_B&limit=100',
      );
      expect(logB.status).toBe(200);
      expect(logB.body.partnerCode).toBe('SHOP_B');
      expect(logB.body.entries.some((e) => e.action === 'console.signIn')).toBe(true);
      expect((await p.get('/console/audit?partnerCode=NOPE_NOPE')).status).toBe(404);
      const ownerB = await createUser(deps, tenants.shopB, 'OWNER');
      const own = await (await signedIn(ownerB.email)).get<{ partnerCode: string }>('/console/audit');
      expect(own.body.partnerCode).toBe('SHOP_B');
    });
  });

  describe('sent tokens per member', () => {
    it('shows a member’s sent tokens with status to managers of the same workspace', async () => {
      const owner = await createUser(deps, tenants.shopA, 'OWNER');
      const member = await createUser(deps, tenants.shopA, 'VIEWER');
      const f = new ConsoleClient(stack.apiUrl);
      await f.csrf();
      await f.post('/console/auth/password/forgot', { email: member.email });
      const o = await signedIn(owner.email);
      const tokens = await o.get<{ tokens: { kind: string; status: string; sentTo: string }[] }>(
        `/console/members/${member.id}/tokens`,
      );
      expect(tokens.body.tokens).toEqual([
        expect.objectContaining({ kind: 'PASSWORD_RESET', status: 'SENT', sentTo: member.email }),
      ]);
    });
  });
});
