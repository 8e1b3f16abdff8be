import QRCode from 'qrcode';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import {
  ConsoleClient,
  PASSWORD,
  createTenants,
  createUser,
  enableTwoFactor,
  latestMail,
  startConsoleStack,
} from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const NEW_PASSWORD = 'Brand-new-pass-9';

describe('console password reset, 2FA, password and email change', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;

  beforeAll(async () => {
    stack = await startConsoleStack('console-password');
    deps = stack.deps;
    tenants = await createTenants(deps);
  });
  afterAll(async () => stack.stop());

  const client = (ip?: string) => new ConsoleClient(stack.apiUrl, ip);
  const forgot = async (email: string) => {
    const c = client();
    await c.csrf();
    return c.post('/console/auth/password/forgot', { email });
  };
  const reset = async (token: string | undefined, newPassword = NEW_PASSWORD) => {
    const c = client();
    await c.csrf();
    return c.post('/console/auth/password/reset', { token, newPassword });
  };

  describe('forgot password', () => {
    it('answers the same for unknown and known emails, and mails a link only to a real account', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const known = await forgot(user.email);
      const unknown = await forgot('stranger@nowhere.example');
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      expect(await latestMail(deps, 'stranger@nowhere.example')).toBeUndefined();
      const mail = await latestMail(deps, user.email);
      expect(mail).toMatchObject({
        kind: 'PASSWORD_RESET',
        subject: expect.stringContaining('reset your password'),
      });
      expect(mail?.text).toContain('http://localhost:3000/console/#/reset-password?token=tk_');
    });

    it('resets the password once with the token, signs out every session and locks withdrawals for 24 hours', async () => {
      const user = await createUser(deps, tenants.shopB, 'OWNER');
      const session = client();
      await session.signIn(user.email);
      await forgot(user.email);
      const { token } = (await latestMail(deps, user.email))!;

      const weak = await reset(token, 'password');
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({
        error: { code: 'VALIDATION_FAILED', fields: [{ path: 'newPassword' }, { path: 'newPassword' }] },
      });

      const ok = await reset(token);
      expect(ok.status).toBe(200);
      expect((await session.get('/console/me')).body).toMatchObject({ error: { code: 'SESSION_REVOKED' } });
      expect((await client().signIn(user.email, PASSWORD)).body).toMatchObject({
        error: { code: 'INVALID_CREDENTIALS' },
      });
      const fresh = client();
      expect((await fresh.signIn(user.email, NEW_PASSWORD)).body).toMatchObject({ status: 'SIGNED_IN' });

      const status = await fresh.get<{ withdrawalLockedUntil: string; passwordChangedAt: string }>(
        '/console/me/security',
      );
      expect(status.body.withdrawalLockedUntil).toBe(
        new Date(stack.clock.now().getTime() + DAY).toISOString(),
      );
      expect(status.body.passwordChangedAt).toBe(stack.clock.now().toISOString());
      expect((await latestMail(deps, user.email))?.kind).toBe('PASSWORD_CHANGED');

      // Used once: the same link does nothing the second time.
      const reuse = await reset(token, 'Another-pass-1');
      expect(reuse.status).toBe(409);
      expect(reuse.body).toMatchObject({ error: { code: 'TOKEN_ALREADY_USED' } });
    });

    it('refuses a stale link: replaced by a newer one, or expired after 30 minutes', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      await forgot(user.email);
      const older = (await latestMail(deps, user.email))!.token;
      stack.clock.advance(MIN + 1);
      await forgot(user.email);
      const newer = (await latestMail(deps, user.email))!.token;
      expect(newer).not.toBe(older);
      expect((await reset(older)).body).toMatchObject({ error: { code: 'TOKEN_REVOKED' } });
      stack.clock.advance(30 * MIN);
      expect((await reset(newer)).body).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
      expect((await reset(`${newer!.split('.')[0]}.${'x'.repeat(43)}`)).body).toMatchObject({
        error: { code: 'TOKEN_INVALID' },
      });
      expect((await reset('garbage')).body).toMatchObject({ error: { code: 'TOKEN_INVALID' } });

      // The list of sent tokens shows each with its status.
      const c = client();
      await c.signIn(user.email);
      const tokens = await c.get<{ tokens: { kind: string; status: string; sentTo: string }[] }>(
        '/console/me/tokens',
      );
      expect(tokens.body.tokens.map((t) => [t.kind, t.status])).toEqual([
        ['PASSWORD_RESET', 'EXPIRED'],
        ['PASSWORD_RESET', 'REVOKED'],
      ]);
      expect(JSON.stringify(tokens.body)).not.toMatch(/secretHash|\.{43}/);
    });

    it('mails at most one reset link a minute per account', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      await forgot(user.email);
      await forgot(user.email);
      const outbox = await (
        deps.email as unknown as { list(o: { limit: number }): Promise<{ to: string }[]> }
      ).list({ limit: 200 });
      expect(outbox.filter((m) => m.to === user.email)).toHaveLength(1);
    });
  });

  describe('two-factor authentication', () => {
    it('is enabled only after a correct code from the new secret, shows a QR code, and locks withdrawals', async () => {
      const user = await createUser(deps, tenants.shopA, 'OWNER');
      const c = client();
      await c.signIn(user.email);
      expect((await c.post('/console/me/2fa/enable', { code: '123456' })).body).toMatchObject({
        error: { code: 'TWO_FACTOR_SETUP_MISSING' },
      });
      const setup = await c.post<{ otpauthUri: string; qrCodeDataUrl: string; secret: string }>(
        '/console/me/2fa/setup',
      );
      expect(setup.body.otpauthUri).toMatch(
        new RegExp(
          `^otpauth://totp/Stablecoin%20Gateway:${encodeURIComponent(user.email)}\\?secret=${setup.body.secret}`,
        ),
      );
      // The QR code is an SVG of the otpauth URI: what qrcode's full library renders for it.
      const [, svg] = /^data:image\/svg\+xml;base64,(.+)$/.exec(setup.body.qrCodeDataUrl) ?? [];
      expect(Buffer.from(svg ?? '', 'base64').toString('utf8')).toBe(
        await QRCode.toString(setup.body.otpauthUri, {
          type: 'svg',
          errorCorrectionLevel: 'M',
          margin: 2,
          width: 240,
        }),
      );
      expect((await c.get<{ twoFactorEnabled: boolean }>('/console/me/security')).body.twoFactorEnabled).toBe(
        false,
      );

      expect((await c.post('/console/me/2fa/enable', { code: '000000' })).body).toMatchObject({
        error: { code: 'OTP_INVALID' },
      });
      const enabled = await c.post<{ recoveryCodes: string[]; withdrawalLockedUntil: string | null }>(
        '/console/me/2fa/enable',
        { code: c.code(setup.body.secret, stack.clock) },
      );
      expect(enabled.status).toBe(200);
      expect(enabled.body.recoveryCodes).toHaveLength(10);
      expect(enabled.body.recoveryCodes[0]).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
      // A first enrollment is security going up: nothing is locked.
      expect(enabled.body.withdrawalLockedUntil).toBeNull();
      const me = await c.get<{ warnings: string[] }>('/console/me');
      expect(me.body.warnings).toEqual([]);
      expect((await c.post('/console/me/2fa/setup')).body).toMatchObject({
        error: { code: 'TWO_FACTOR_ALREADY_ENABLED' },
      });

      // The secret is stored encrypted: not in the user record in clear.
      const stored = await deps.users.get(user.id);
      expect(JSON.stringify(stored)).not.toContain(setup.body.secret);
    });

    it('needs a code to turn 2FA off, and turning it off locks withdrawals again', async () => {
      const user = await createUser(deps, tenants.shopB, 'VIEWER');
      const c = client();
      await c.signIn(user.email);
      const { secret } = await enableTwoFactor(c, stack.clock);
      stack.clock.advance(5 * MIN);
      expect((await c.post('/console/me/2fa/disable', {})).status).toBe(400);
      expect((await c.post('/console/me/2fa/disable', { code: '111111' })).body).toMatchObject({
        error: { code: 'OTP_INVALID' },
      });
      const off = await c.post<{ withdrawalLockedUntil: string }>('/console/me/2fa/disable', {
        code: c.code(secret, stack.clock),
      });
      expect(off.status).toBe(200);
      expect(off.body.withdrawalLockedUntil).toBe(new Date(stack.clock.now().getTime() + DAY).toISOString());
      expect((await c.get<{ warnings: string[] }>('/console/me')).body.warnings).toContain(
        'TWO_FACTOR_DISABLED',
      );
      // Turning it on again after it was off is a change too: the lock moves to 24 h from then.
      stack.clock.advance(5 * MIN);
      expect((await c.signIn(user.email)).status).toBe(200);
      const setup = await c.post<{ secret: string }>('/console/me/2fa/setup');
      const again = await c.post<{ withdrawalLockedUntil: string | null }>('/console/me/2fa/enable', {
        code: c.code(setup.body.secret, stack.clock),
      });
      expect(again.body.withdrawalLockedUntil).toBe(
        new Date(stack.clock.now().getTime() + DAY).toISOString(),
      );
    });

    it('regenerates recovery codes with a code; the old ones stop working', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const c = client();
      await c.signIn(user.email);
      const { secret, recoveryCodes } = await enableTwoFactor(c, stack.clock);
      const again = await c.post<{ recoveryCodes: string[] }>('/console/me/2fa/recovery-codes', {
        code: c.code(secret, stack.clock),
      });
      expect(again.body.recoveryCodes).toHaveLength(10);
      const d = client('198.51.100.61');
      await d.csrf();
      const step1 = await d.post<{ challengeToken: string }>('/console/auth/sign-in', {
        email: user.email,
        password: PASSWORD,
      });
      expect(
        (
          await d.post('/console/auth/sign-in/otp', {
            challengeToken: step1.body.challengeToken,
            code: recoveryCodes[0],
          })
        ).body,
      ).toMatchObject({
        error: { code: 'OTP_INVALID' },
      });
      expect(
        (
          await d.post('/console/auth/sign-in/otp', {
            challengeToken: step1.body.challengeToken,
            code: again.body.recoveryCodes[0],
          })
        ).body,
      ).toMatchObject({
        status: 'SIGNED_IN',
      });
      expect(
        (await d.get<{ recoveryCodesLeft: number }>('/console/me/security')).body.recoveryCodesLeft,
      ).toBe(9);
    });
  });

  describe('change password (current password + OTP)', () => {
    it('refuses users without 2FA, a wrong current password, a missing, wrong or replayed code; then changes it', async () => {
      const user = await createUser(deps, tenants.shopA, 'OWNER');
      const c = client();
      await c.signIn(user.email);
      const change = (body: Record<string, unknown>) =>
        c.post('/console/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, ...body });

      expect((await change({})).body).toMatchObject({ error: { code: 'TWO_FACTOR_REQUIRED' } });
      const { secret } = await enableTwoFactor(c, stack.clock);
      const other = client('198.51.100.62');
      await other.signIn(user.email, PASSWORD, { totpSecret: secret, clock: stack.clock });
      stack.clock.advance(60_000);

      expect((await change({ currentPassword: 'Wrong-pass-1' })).body).toMatchObject({
        error: { code: 'CURRENT_PASSWORD_INVALID' },
      });
      const weak = await change({ newPassword: 'short' });
      expect(weak.body).toMatchObject({
        error: {
          code: 'VALIDATION_FAILED',
          fields: expect.arrayContaining([{ path: 'newPassword', message: 'must contain a digit' }]),
        },
      });
      expect((await change({})).body).toMatchObject({ error: { code: 'OTP_REQUIRED' } });
      expect((await change({ otp: '000000' })).body).toMatchObject({ error: { code: 'OTP_INVALID' } });

      const code = c.code(secret, stack.clock);
      const ok = await change({ otp: code });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        withdrawalLockedUntil: new Date(stack.clock.now().getTime() + DAY).toISOString(),
      });
      // The same code again, e.g. to change it back: refused.
      const replay = await c.post('/console/me/password', {
        currentPassword: NEW_PASSWORD,
        newPassword: PASSWORD,
        otp: code,
      });
      expect(replay.body).toMatchObject({ error: { code: 'OTP_REPLAYED' } });

      // This session stays; the other device is signed out.
      expect((await c.get('/console/me')).status).toBe(200);
      expect((await other.get('/console/me')).body).toMatchObject({ error: { code: 'SESSION_REVOKED' } });
      const audit = await deps.audit.list(tenants.shopA.id, { limit: 30 });
      expect(audit.find((e) => e.action === 'console.otp' && e.reason === 'OTP_REPLAYED')).toMatchObject({
        details: { gatedAction: 'password.change' },
      });
      expect(
        audit.find((e) => e.action === 'console.password.change' && e.outcome === 'SUCCESS'),
      ).toMatchObject({ details: { securityChange: 'PASSWORD' } });
    });
  });

  describe('email change', () => {
    it('sends a verification link to the new address (OTP required); confirming moves the sign-in email and locks withdrawals', async () => {
      const user = await createUser(deps, tenants.shopB, 'OWNER');
      const c = client();
      await c.signIn(user.email);
      const { secret } = await enableTwoFactor(c, stack.clock);
      const taken = await createUser(deps, tenants.shopA, 'VIEWER');
      expect(
        (await c.post('/console/me/email', { newEmail: taken.email, otp: c.code(secret, stack.clock) })).body,
      ).toMatchObject({
        error: { code: 'EMAIL_TAKEN' },
      });
      stack.clock.advance(60_000);
      const newEmail = `moved-${user.id.slice(-6)}@shop-b.example`;
      expect((await c.post('/console/me/email', { newEmail })).body).toMatchObject({
        error: { code: 'OTP_REQUIRED' },
      });
      const requested = await c.post('/console/me/email', {
        newEmail: newEmail.toUpperCase(),
        otp: c.code(secret, stack.clock),
      });
      expect(requested.status).toBe(202);
      const mail = (await latestMail(deps, newEmail))!;
      expect(mail.kind).toBe('EMAIL_VERIFICATION');

      const v = client();
      await v.csrf();
      const confirmed = await v.post('/console/auth/email/verify', { token: mail.token });
      expect(confirmed.body).toEqual({ email: newEmail });
      expect((await latestMail(deps, user.email))?.kind).toBe('EMAIL_CHANGED');
      expect((await v.post('/console/auth/email/verify', { token: mail.token })).body).toMatchObject({
        error: { code: 'TOKEN_ALREADY_USED' },
      });
      expect((await client().signIn(user.email, PASSWORD)).body).toMatchObject({
        error: { code: 'INVALID_CREDENTIALS' },
      });
      const d = client('198.51.100.70');
      stack.clock.advance(60_000);
      expect(
        (await d.signIn(newEmail, PASSWORD, { totpSecret: secret, clock: stack.clock })).body,
      ).toMatchObject({ status: 'SIGNED_IN' });
      const status = await d.get<{ withdrawalLockedUntil: string }>('/console/me/security');
      expect(status.body.withdrawalLockedUntil).toBe(
        new Date(stack.clock.now().getTime() - 60_000 + DAY).toISOString(),
      );
    });
  });

  describe('security status', () => {
    it('shows 2FA, last password change, active sessions and the withdrawal lock', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const c = client();
      await c.signIn(user.email);
      await client('198.51.100.99').signIn(user.email);
      const status = await c.get<
        Record<string, unknown> & { activeSessions: { sourceIp: string; current: boolean }[] }
      >('/console/me/security');
      expect(status.body).toMatchObject({
        twoFactorEnabled: false,
        recoveryCodesLeft: 0,
        passwordChangedAt: user.passwordChangedAt,
        withdrawalPolicy: { allowWithdrawalsWithout2fa: false, fourEyes: true },
      });
      expect(status.body.activeSessions.map((s) => [s.sourceIp, s.current]).sort()).toEqual([
        ['198.51.100.10', true],
        ['198.51.100.99', false],
      ]);
    });
  });
});
