import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { GatewayDeps } from '../../shared/composition/gateway';
import { createLocalApiServer } from '../../scripts/local/api-server';
import { createConsoleUser } from '../../shared/app/accounts/members';
import { createPartner, createPlatform } from '../../shared/app/partners/manage-partners';
import { totpCodeAt, totpStepAt } from '../../shared/domain/accounts/totp';
import type { Role } from '../../shared/domain/accounts/permissions';
import type { Partner } from '../../shared/domain/partner/partner';
import type { Clock } from '../../shared/ports/clock';
import { createTestTable, manualClock } from './test-env';

/**
 * The console API on the local API Gateway stand-in, for integration tests: a fresh table, scrypt
 * lowered for speed (production defaults stay strong), the viewer-IP header our CloudFront function
 * sets (so each test client can be its own IP), and a clock the test moves by hand: the handlers run in
 * this process and read `getDeps().clock`.
 */
export const TEST_IP_HEADER = 'x-viewer-ip';
export const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };
export const PASSWORD = 'Correct-Horse-7';

export interface ConsoleStack {
  readonly apiUrl: string;
  readonly deps: GatewayDeps;
  readonly clock: ReturnType<typeof manualClock>;
  stop(): Promise<void>;
}

export async function startConsoleStack(prefix: string): Promise<ConsoleStack> {
  process.env['PASSWORD_SCRYPT_LOG_N'] = '10';
  process.env['CLIENT_IP_HEADER'] = TEST_IP_HEADER;
  const table = await createTestTable(prefix);
  const { getDeps } = await import('../../shared/composition/gateway');
  const deps = getDeps();
  const clock = manualClock(new Date('2026-11-20T12:00:00.000Z'));
  (deps as { clock: Clock }).clock = clock;
  const server: Server = createLocalApiServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl,
    deps,
    clock,
    stop: async () => {
      await new Promise((r) => server.close(r));
      await table.dropTable();
    },
  };
}

export interface TestTenants {
  readonly platform: Partner;
  readonly dist: Partner;
  readonly shopA: Partner;
  readonly shopB: Partner;
}

export async function createTenants(deps: GatewayDeps): Promise<TestTenants> {
  const platform = await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
  const dist = await createPartner(deps, OPERATOR, {
    code: 'DIST',
    name: 'Distributor',
    type: 'DISTRIBUTOR',
    parentCode: 'PLATFORM',
  });
  const shopA = await createPartner(deps, OPERATOR, {
    code: 'SHOP_A',
    name: 'Shop A',
    type: 'MERCHANT',
    parentCode: 'DIST',
  });
  const shopB = await createPartner(deps, OPERATOR, {
    code: 'SHOP_B',
    name: 'Shop B',
    type: 'MERCHANT',
    parentCode: 'DIST',
  });
  return { platform, dist, shopA, shopB };
}

let userSeq = 0;
export async function createUser(deps: GatewayDeps, partner: Partner, role: Role, email?: string) {
  userSeq += 1;
  const address =
    email ?? `${role.toLowerCase()}${userSeq}@${partner.code.toLowerCase().replace(/_/g, '-')}.example`;
  return createConsoleUser(deps, OPERATOR, {
    partnerId: partner.id,
    email: address,
    name: `${role} ${userSeq}`,
    role,
    password: PASSWORD,
  });
}

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
  readonly setCookies: string[];
}

/** Steps used per TOTP secret (the server refuses a step twice for a user, whichever device sent it). */
const lastSteps = new Map<string, number>();

/**
 * A browser stand-in: keeps cookies (honouring Max-Age=0 deletion), echoes the CSRF cookie in
 * X-CSRF-Token on state-changing requests (unless told not to), and calls the console API under /api.
 */
export class ConsoleClient {
  readonly jar = new Map<string, string>();

  constructor(
    readonly apiUrl: string,
    readonly ip = '198.51.100.10',
    readonly userAgent = 'jest-console-client/1.0',
  ) {}

  private store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, eq).trim();
      const value = (pair ?? '').slice(eq + 1).trim();
      if (attrs.some((a) => a.trim().toLowerCase() === 'max-age=0')) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      [TEST_IP_HEADER]: this.ip,
      ...options.headers,
    };
    if (this.jar.size) headers['cookie'] = this.cookieHeader();
    const csrf = options.csrf ?? true;
    if (method !== 'GET' && csrf !== false) {
      const token = typeof csrf === 'string' ? csrf : this.jar.get('gw_csrf');
      if (token) headers['x-csrf-token'] = token;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.apiUrl}/api${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const setCookies = res.headers.getSetCookie();
    this.store(setCookies);
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : {}) as T,
      headers: res.headers,
      setCookies,
    };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = Record<string, unknown>>(path: string, body?: unknown, options?: { csrf?: boolean | string }) {
    return this.request<T>('POST', path, body ?? {}, options);
  }

  async csrf(): Promise<string> {
    const res = await this.get<{ csrfToken: string }>('/console/auth/csrf');
    return res.body.csrfToken;
  }

  /**
   * A TOTP code for a step not used yet with this secret: the current step, else the next one (still
   * within the accepted drift). The test clock must move on before a third code in the same step.
   */
  code(secret: string, clock: Clock): string {
    const now = clock.now().getTime();
    const step = Math.max(totpStepAt(now), (lastSteps.get(secret) ?? -Infinity) + 1);
    if (step > totpStepAt(now) + 1)
      throw new Error('No fresh TOTP step left: advance the test clock by 30 s');
    lastSteps.set(secret, step);
    return totpCodeAt(secret, step * 30_000);
  }

  async signIn(
    email: string,
    password = PASSWORD,
    options: { rememberMe?: boolean; totpSecret?: string; clock?: Clock } = {},
  ) {
    if (!this.jar.has('gw_csrf')) await this.csrf();
    const first = await this.post<{ status: string; challengeToken?: string; code?: string }>(
      '/console/auth/sign-in',
      {
        email,
        password,
        rememberMe: options.rememberMe ?? false,
      },
    );
    if (first.status !== 200 || first.body.status !== 'OTP_REQUIRED') return first;
    if (!options.totpSecret || !options.clock) throw new Error('2FA is on: pass totpSecret and clock');
    return this.post<{ status: string }>('/console/auth/sign-in/otp', {
      challengeToken: first.body.challengeToken,
      code: this.code(options.totpSecret, options.clock),
    });
  }
}

/** Turns 2FA on for a signed-in client; returns the secret and recovery codes. */
export async function enableTwoFactor(
  client: ConsoleClient,
  clock: Clock,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await client.post<{ secret: string }>('/console/me/2fa/setup');
  if (setup.status !== 200) throw new Error(`2FA setup failed: ${JSON.stringify(setup.body)}`);
  const enabled = await client.post<{ recoveryCodes: string[] }>('/console/me/2fa/enable', {
    code: client.code(setup.body.secret, clock),
  });
  if (enabled.status !== 200) throw new Error(`2FA enable failed: ${JSON.stringify(enabled.body)}`);
  return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes };
}

/** The newest message the local outbox holds for `to`, and the token its link carries. */
export async function latestMail(
  deps: GatewayDeps,
  to: string,
): Promise<{ subject: string; text: string; kind: string; token: string | undefined } | undefined> {
  const outbox = deps.email as unknown as {
    list(o?: { limit?: number }): Promise<{ to: string; subject: string; text: string; kind: string }[]>;
  };
  const message = (await outbox.list({ limit: 200 })).find((m) => m.to === to);
  if (!message) return undefined;
  const m = /[?&]token=([^\s&]+)/.exec(message.text);
  return { ...message, token: m ? decodeURIComponent(m[1] as string) : undefined };
}
