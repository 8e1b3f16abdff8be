import type { GatewayDeps } from '../../../shared/composition/gateway';
import {
  PASSWORD,
  ConsoleClient,
  createTenants,
  createUser,
  enableTwoFactor,
  startConsoleStack,
} from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('console sign-in and sessions (through the local API Gateway stand-in, real cookies)', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;

  beforeAll(async () => {
    stack = await startConsoleStack('console-signin');
    deps = stack.deps;
    tenants = await createTenants(deps);
  });
  afterAll(async () => stack.stop());

  const client = (ip?: string) => new ConsoleClient(stack.apiUrl, ip);

  describe('sign-in', () => {
    it('sets httpOnly, Secure, SameSite=Strict session cookies and a readable CSRF cookie', async () => {
      const user = await createUser(deps, tenants.shopA, 'OWNER');
      const c = client();
      const res = await c.signIn(user.email);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'SIGNED_IN', warnings: ['TWO_FACTOR_DISABLED'] });
      const byName = new Map(res.setCookies.map((line) => [line.split('=')[0], line]));
      for (const name of ['gw_access', 'gw_refresh']) {
        expect(byName.get(name)).toMatch(/; Path=\/; SameSite=Strict; HttpOnly; Secure/);
      }
      expect(byName.get('gw_csrf')).toMatch(/; Path=\/; SameSite=Strict; Secure/);
      expect(byName.get('gw_csrf')).not.toMatch(/HttpOnly/);
      expect(byName.get('gw_access')).toMatch(/Max-Age=600/);
      // Without "keep me signed in" the refresh cookie dies with the browser.
      expect(byName.get('gw_refresh')).not.toMatch(/Max-Age/);

      const me = await c.get<{
        user: { email: string };
        partner: { code: string; type: string };
        warnings: string[];
      }>('/console/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        user: { email: user.email },
        partner: { code: 'SHOP_A', type: 'MERCHANT' },
        warnings: ['TWO_FACTOR_DISABLED'],
      });
    });

    it('keeps the refresh cookie for 7 days with "keep me signed in"', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const res = await client().signIn(user.email, PASSWORD, { rememberMe: true });
      expect(res.setCookies.find((l) => l.startsWith('gw_refresh='))).toMatch(/Max-Age=604800/);
    });

    it('answers an unknown email exactly like a wrong password, after the same password check', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const verify = jest.spyOn(deps.passwords, 'verify');
      try {
        const wrong = await client('198.51.100.31').signIn(user.email, 'Wrong-Password-1');
        const unknown = await client('198.51.100.32').signIn('nobody@nowhere.example', 'Wrong-Password-1');
        expect(wrong.status).toBe(401);
        expect(unknown.status).toBe(401);
        expect(unknown.body).toEqual({
          error: { ...(wrong.body as unknown as ErrorBody).error, requestId: expect.any(String) },
        });
        expect((unknown.body as unknown as ErrorBody).error.code).toBe('INVALID_CREDENTIALS');
        // Both paths ran one scrypt verification (the unknown email against a dummy hash).
        expect(verify).toHaveBeenCalledTimes(2);
      } finally {
        verify.mockRestore();
      }
      const platformAudit = await deps.audit.list(null, { limit: 20 });
      expect(
        platformAudit.find(
          (e) => e.action === 'console.signIn' && e.details?.['email'] === 'nobody@nowhere.example',
        ),
      ).toMatchObject({
        outcome: 'DENIED',
        reason: 'INVALID_CREDENTIALS',
        sourceIp: '198.51.100.32',
        details: { userAgent: 'jest-console-client/1.0' },
      });
    });

    it('records every sign-in attempt in the partner audit log with time, IP, user agent and result', async () => {
      const user = await createUser(deps, tenants.shopB, 'OWNER');
      await client('198.51.100.41').signIn(user.email, 'Nope-nope-1');
      await client('198.51.100.41').signIn(user.email);
      const entries = (await deps.audit.list(tenants.shopB.id, { limit: 10 })).filter(
        (e) => e.action === 'console.signIn',
      );
      expect(entries.map((e) => e.outcome).slice(0, 2)).toEqual(['SUCCESS', 'DENIED']);
      for (const e of entries.slice(0, 2)) {
        expect(e).toMatchObject({
          sourceIp: '198.51.100.41',
          actor: { type: 'USER', id: user.id },
          details: { userAgent: 'jest-console-client/1.0' },
        });
        expect(Date.parse(e.at)).not.toBeNaN();
      }
    });

    it('refuses a deactivated account only after the right password, with ACCOUNT_DEACTIVATED', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      await deps.users.changeStatus(user.id, 'ACTIVE', 'DEACTIVATED', stack.clock.now().toISOString());
      expect((await client().signIn(user.email, 'Wrong-Password-1')).body).toMatchObject({
        error: { code: 'INVALID_CREDENTIALS' },
      });
      expect((await client().signIn(user.email)).body).toMatchObject({
        error: { code: 'ACCOUNT_DEACTIVATED' },
      });
    });
  });

  describe('two-factor sign-in', () => {
    it('asks for the 6-digit code, accepts it once, and refuses a replayed code', async () => {
      const user = await createUser(deps, tenants.shopA, 'OWNER');
      const setupClient = client();
      await setupClient.signIn(user.email);
      const { secret, recoveryCodes } = await enableTwoFactor(setupClient, stack.clock);
      expect(recoveryCodes).toHaveLength(10);
      stack.clock.advance(60_000);

      const c = client();
      await c.csrf();
      const first = await c.post<{ status: string; challengeToken: string }>('/console/auth/sign-in', {
        email: user.email,
        password: PASSWORD,
      });
      expect(first.body.status).toBe('OTP_REQUIRED');
      expect(first.setCookies.filter((l) => l.startsWith('gw_access'))).toEqual([]);

      const wrong = await c.post('/console/auth/sign-in/otp', {
        challengeToken: first.body.challengeToken,
        code: '000000',
      });
      expect(wrong.body).toMatchObject({ error: { code: 'OTP_INVALID' } });

      const code = c.code(secret, stack.clock);
      const ok = await c.post('/console/auth/sign-in/otp', {
        challengeToken: first.body.challengeToken,
        code,
      });
      expect(ok.body).toMatchObject({ status: 'SIGNED_IN', warnings: [] });
      expect((await c.get('/console/me')).status).toBe(200);

      // The same challenge cannot be completed twice.
      const again = await c.post('/console/auth/sign-in/otp', {
        challengeToken: first.body.challengeToken,
        code,
      });
      expect(again.body).toMatchObject({ error: { code: 'CHALLENGE_INVALID' } });

      // Someone who saw the code replays it within the same 30 s, with the password.
      const thief = client('203.0.113.66');
      await thief.csrf();
      const step1 = await thief.post<{ challengeToken: string }>('/console/auth/sign-in', {
        email: user.email,
        password: PASSWORD,
      });
      const replay = await thief.post('/console/auth/sign-in/otp', {
        challengeToken: step1.body.challengeToken,
        code,
      });
      expect(replay.status).toBe(403);
      expect(replay.body).toMatchObject({ error: { code: 'OTP_REPLAYED' } });

      // A recovery code works once.
      const lost = client('198.51.100.77');
      await lost.csrf();
      const s1 = await lost.post<{ challengeToken: string }>('/console/auth/sign-in', {
        email: user.email,
        password: PASSWORD,
      });
      expect(
        (
          await lost.post('/console/auth/sign-in/otp', {
            challengeToken: s1.body.challengeToken,
            code: recoveryCodes[0],
          })
        ).body,
      ).toMatchObject({
        status: 'SIGNED_IN',
      });
      const s2 = await lost.post<{ challengeToken: string }>('/console/auth/sign-in', {
        email: user.email,
        password: PASSWORD,
      });
      expect(
        (
          await lost.post('/console/auth/sign-in/otp', {
            challengeToken: s2.body.challengeToken,
            code: recoveryCodes[0],
          })
        ).body,
      ).toMatchObject({
        error: { code: 'OTP_INVALID' },
      });
    });

    it('gives a sign-in challenge five code attempts and five minutes', async () => {
      const user = await createUser(deps, tenants.shopB, 'VIEWER');
      const c = client('198.51.100.88');
      await c.signIn(user.email);
      await enableTwoFactor(c, stack.clock);
      const d = client('198.51.100.89');
      await d.csrf();
      const step1 = await d.post<{ challengeToken: string }>('/console/auth/sign-in', {
        email: user.email,
        password: PASSWORD,
      });
      stack.clock.advance(5 * MIN + 1);
      const late = await d.post('/console/auth/sign-in/otp', {
        challengeToken: step1.body.challengeToken,
        code: '123456',
      });
      expect(late.body).toMatchObject({ error: { code: 'CHALLENGE_INVALID' } });
    });
  });

  describe('brute force', () => {
    it('backs off after five failures and locks the account out at ten, even for the right password', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const codes: string[] = [];
      for (let i = 0; i < 5; i++)
        codes.push(
          ((await client().signIn(user.email, `Guess-${i}-pass!`)).body as unknown as ErrorBody).error.code,
        );
      expect(codes).toEqual(Array(5).fill('INVALID_CREDENTIALS'));

      const throttled = await client().signIn(user.email, 'Guess-5-pass!');
      expect(throttled.status).toBe(429);
      expect(throttled.body).toMatchObject({
        error: { code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 1 } },
      });
      expect(throttled.headers.get('retry-after')).toBe('1');

      // Each further failure doubles the wait: 1, 2, 4, 8, 16 s.
      for (const wait of [1, 2, 4, 8, 16]) {
        stack.clock.advance(wait * 1000 - 1);
        expect(
          ((await client().signIn(user.email, 'Guess-x-pass!')).body as unknown as ErrorBody).error.code,
        ).toBe('TOO_MANY_ATTEMPTS');
        stack.clock.advance(1);
        expect(
          ((await client().signIn(user.email, 'Guess-y-pass!')).body as unknown as ErrorBody).error.code,
        ).toBe('INVALID_CREDENTIALS');
      }
      const locked = await client().signIn(user.email);
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({
        error: {
          code: 'LOCKED_OUT',
          details: { unlockAt: new Date(stack.clock.now().getTime() + 15 * MIN).toISOString() },
        },
      });

      stack.clock.advance(15 * MIN);
      expect((await client().signIn(user.email)).body).toMatchObject({ status: 'SIGNED_IN' });
      // Success clears the account's counter.
      expect(
        ((await client().signIn(user.email, 'Typo-pass-1')).body as unknown as ErrorBody).error.code,
      ).toBe('INVALID_CREDENTIALS');
    });

    it('throttles an unknown email the same way (nothing to learn from the lockout)', async () => {
      const email = 'ghost@nowhere.example';
      for (let i = 0; i < 5; i++) await client().signIn(email, 'Guess-pass-1');
      expect(((await client().signIn(email, 'Guess-pass-1')).body as unknown as ErrorBody).error.code).toBe(
        'TOO_MANY_ATTEMPTS',
      );
    });

    it('lets concurrent guesses at one account through no faster than one at a time', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          client(`198.51.100.${120 + i}`).signIn(user.email, `Parallel-${i}-x!`),
        ),
      );
      const codes = results.map((r) => (r.body as unknown as ErrorBody).error.code);
      expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(5);
      expect(codes.filter((c) => c !== 'INVALID_CREDENTIALS').every((c) => c === 'TOO_MANY_ATTEMPTS')).toBe(
        true,
      );
    });

    it('slows down password spraying from one IP across many accounts', async () => {
      stack.clock.advance(2 * HOUR);
      const ip = '192.0.2.200';
      const codes: string[] = [];
      for (let i = 0; i < 21; i++)
        codes.push(
          (
            (await client(ip).signIn(`spray${i}@victims.example`, 'Summer-2026!'))
              .body as unknown as ErrorBody
          ).error.code,
        );
      expect(codes.slice(0, 20)).toEqual(Array(20).fill('INVALID_CREDENTIALS'));
      expect(codes[20]).toBe('TOO_MANY_ATTEMPTS');
      // Another address is unaffected.
      expect(
        (
          (await client('192.0.2.201').signIn('spray99@victims.example', 'Summer-2026!'))
            .body as unknown as ErrorBody
        ).error.code,
      ).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('CSRF', () => {
    it('refuses sign-in without the double-submit header', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const c = client();
      await c.csrf();
      const res = await c.post(
        '/console/auth/sign-in',
        { email: user.email, password: PASSWORD },
        { csrf: false },
      );
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'CSRF_TOKEN_INVALID' } });
      const forged = await c.post(
        '/console/auth/sign-in',
        { email: user.email, password: PASSWORD },
        { csrf: 'A'.repeat(43) },
      );
      expect(forged.body).toMatchObject({ error: { code: 'CSRF_TOKEN_INVALID' } });
    });

    it('refuses a state-changing request that carries the session cookie but no CSRF header', async () => {
      const user = await createUser(deps, tenants.shopA, 'OWNER');
      const c = client();
      await c.signIn(user.email);
      const attack = await c.request('PATCH', '/console/me', { name: 'Pwned' }, { csrf: false });
      expect(attack.status).toBe(403);
      expect(attack.body).toMatchObject({ error: { code: 'CSRF_TOKEN_INVALID' } });
      expect((await c.get<{ user: { name: string } }>('/console/me')).body.user.name).not.toBe('Pwned');
      // A token the attacker set as cookie and header (cookie tossing) is not the one bound to the session.
      const tossed = 'B'.repeat(43);
      c.jar.set('gw_csrf', tossed);
      const tossing = await c.request('PATCH', '/console/me', { name: 'Pwned' }, { csrf: tossed });
      expect(tossing.body).toMatchObject({ error: { code: 'CSRF_TOKEN_INVALID' } });
      const audit = await deps.audit.list(tenants.shopA.id, { limit: 5 });
      expect(
        audit.find((e) => e.action === 'console.authenticate' && e.reason === 'CSRF_TOKEN_INVALID'),
      ).toBeDefined();
    });

    it('reads without a CSRF header (GET changes nothing)', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const c = client();
      await c.signIn(user.email);
      expect((await c.request('GET', '/console/me', undefined, { csrf: false })).status).toBe(200);
    });
  });

  describe('access and refresh tokens', () => {
    it('answers 401 without a session and after the 10-minute access token expires; refresh brings it back', async () => {
      expect((await client().get('/console/me')).status).toBe(401);
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const c = client();
      await c.signIn(user.email);
      stack.clock.advance(10 * MIN);
      const expired = await c.get('/console/me');
      expect(expired.status).toBe(401);
      expect(expired.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      const refreshed = await c.post('/console/auth/refresh');
      expect(refreshed.status).toBe(200);
      expect(refreshed.setCookies.map((l) => l.split('=')[0]).sort()).toEqual(['gw_access', 'gw_refresh']);
      expect((await c.get('/console/me')).status).toBe(200);
    });

    it('revokes the whole session when an already-rotated refresh token comes back', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const c = client();
      await c.signIn(user.email);
      const stolen = c.jar.get('gw_refresh') as string;
      expect((await c.post('/console/auth/refresh')).status).toBe(200);

      const thief = client('203.0.113.9');
      thief.jar.set('gw_refresh', stolen);
      thief.jar.set('gw_csrf', c.jar.get('gw_csrf') as string);
      const reuse = await thief.post('/console/auth/refresh');
      expect(reuse.status).toBe(401);
      expect(reuse.body).toMatchObject({ error: { code: 'REFRESH_TOKEN_REUSED' } });
      expect(reuse.setCookies.some((l) => l.startsWith('gw_refresh=;') && l.includes('Max-Age=0'))).toBe(
        true,
      );

      // The legitimate holder is signed out too: the family is revoked.
      expect((await c.get('/console/me')).body).toMatchObject({ error: { code: 'SESSION_REVOKED' } });
      expect((await c.post('/console/auth/refresh')).body).toMatchObject({
        error: { code: 'SESSION_REVOKED' },
      });
      const audit = await deps.audit.list(tenants.shopA.id, { limit: 10 });
      expect(audit.find((e) => e.action === 'console.session.refreshTokenReused')).toMatchObject({
        sourceIp: '203.0.113.9',
      });
    });

    it('ends a normal session after 6 hours without activity; activity keeps it alive', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const active = client();
      await active.signIn(user.email);
      const idle = client();
      await idle.signIn(user.email);
      for (let i = 0; i < 4; i++) {
        stack.clock.advance(2 * HOUR);
        expect((await active.post('/console/auth/refresh')).status).toBe(200);
      }
      const res = await idle.post('/console/auth/refresh');
      expect(res.body).toMatchObject({ error: { code: 'SESSION_EXPIRED' } });
    });

    it('keeps a remembered session for 7 days regardless of inactivity, not longer', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const c = client();
      await c.signIn(user.email, PASSWORD, { rememberMe: true });
      stack.clock.advance(3 * 24 * HOUR);
      expect((await c.post('/console/auth/refresh')).status).toBe(200);
      stack.clock.advance(4 * 24 * HOUR);
      expect((await c.post('/console/auth/refresh')).body).toMatchObject({
        error: { code: 'SESSION_EXPIRED' },
      });
    });

    it('signs out for real: the old access token stops working at once', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const c = client();
      await c.signIn(user.email);
      const copy = new ConsoleClient(stack.apiUrl);
      for (const [k, v] of c.jar) copy.jar.set(k, v);
      const out = await c.post('/console/auth/sign-out');
      expect(out.status).toBe(204);
      expect(c.jar.has('gw_access')).toBe(false);
      expect((await copy.get('/console/me')).body).toMatchObject({ error: { code: 'SESSION_REVOKED' } });
      expect((await copy.post('/console/auth/refresh')).body).toMatchObject({
        error: { code: 'SESSION_REVOKED' },
      });
    });

    it('lists my sessions and signs out another device', async () => {
      const user = await createUser(deps, tenants.shopA, 'VIEWER');
      const laptop = new ConsoleClient(stack.apiUrl, '198.51.100.201', 'Laptop/1.0');
      const phone = new ConsoleClient(stack.apiUrl, '198.51.100.202', 'Phone/1.0');
      await laptop.signIn(user.email);
      await phone.signIn(user.email);
      const list = await laptop.get<{
        sessions: { id: string; current: boolean; sourceIp: string; userAgent: string; status: string }[];
      }>('/console/me/sessions');
      expect(list.body.sessions).toHaveLength(2);
      const other = list.body.sessions.find((s) => !s.current);
      expect(other).toMatchObject({ sourceIp: '198.51.100.202', userAgent: 'Phone/1.0', status: 'ACTIVE' });
      expect((await laptop.request('DELETE', `/console/me/sessions/${other!.id}`)).status).toBe(204);
      expect((await phone.get('/console/me')).body).toMatchObject({ error: { code: 'SESSION_REVOKED' } });
      expect((await laptop.get('/console/me')).status).toBe(200);
      // Someone else's session id is "not found".
      const stranger = await createUser(deps, tenants.shopB, 'VIEWER');
      const s = client();
      await s.signIn(stranger.email);
      expect(
        (await s.request('DELETE', `/console/me/sessions/${list.body.sessions.find((x) => x.current)!.id}`))
          .status,
      ).toBe(404);
    });
  });
});
