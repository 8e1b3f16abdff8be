import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { getWithdrawalDeps } from '../../../shared/composition/withdrawals';
import { useLocalWithdrawalRunner } from '../../../scripts/local/local-withdrawal-runner';
import { fundFromFaucet, mineBlocks, sendNativeFromFaucet } from '../../../scripts/local/evm/local-chains';
import type { LocalEvmNetwork } from '../../../scripts/local/evm/local-chains';
import { issueApiKey } from '../../../shared/app/partners/manage-partners';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { Partner } from '../../../shared/domain/partner/partner';
import {
  ConsoleClient,
  createTenants,
  createUser,
  enableTwoFactor,
  OPERATOR,
  startConsoleStack,
} from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

// Short chain polling for the executions these tests start (set before the handlers read their config).
process.env['WITHDRAWAL_POLL_SECONDS'] = '1';
process.env['WITHDRAWAL_FUNDS_RETRY_SECONDS'] = '1';
// A 36-second whitelist cooling period, so the test can see it end on its own clock.
process.env['WHITELIST_COOLING_HOURS'] = '0.01';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60_000;
const DEST = '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4';
type Client = ReturnType<typeof createPartnerClient>;
type W = { code: string; status: string; amount: string; total: string; txHash?: string; type: string };

describe('withdrawals over the partner API and the console (HTTP, DynamoDB Local, local chain)', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;
  let a: Client;
  let b: Client;
  let polygon: LocalEvmNetwork;
  let miner: NodeJS.Timeout;
  let fundings = 0;

  async function fund(partner: Partner, amount: bigint): Promise<void> {
    await deps.ledger.post({
      id: `it-funding:${partner.id}:${++fundings}`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: `it-${fundings}` },
      postings: [
        {
          debit: accounts.custody(partner.id, 'MASTER', 'USDT@POLYGON'),
          credit: accounts.partnerAvailable(partner.id, 'USDT@POLYGON'),
          amount,
        },
      ],
      effectiveAt: stack.clock.now().toISOString(),
    });
    const master = await getWithdrawalDeps().masterWallet(partner.id, 'POLYGON');
    await fundFromFaucet(polygon, 'USDT', master.address, amount);
    await sendNativeFromFaucet(polygon, master.address, 10n ** 18n);
  }

  async function until(read: () => Promise<W>, status: string): Promise<W> {
    for (;;) {
      const w = await read();
      if (w.status === status) return w;
      if (['FAILED', 'CANCELLED', 'REJECTED'].includes(w.status) && w.status !== status)
        throw new Error(`ended ${w.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    stack = await startConsoleStack('wd-api');
    // This test reads the withdrawal wiring itself: its executions run on the local runner.
    useLocalWithdrawalRunner();
    deps = stack.deps;
    tenants = await createTenants(deps);
    const ka = await issueApiKey(deps, OPERATOR, { partnerId: tenants.shopA.id, name: 'a' });
    const kb = await issueApiKey(deps, OPERATOR, { partnerId: tenants.shopB.id, name: 'b' });
    // Partner requests are signed with the real time: the server's clock starts there.
    stack.clock.set(new Date());
    a = createPartnerClient({ apiUrl: stack.apiUrl, apiKey: ka.apiKey.id, apiSecret: ka.secret });
    b = createPartnerClient({ apiUrl: stack.apiUrl, apiKey: kb.apiKey.id, apiSecret: kb.secret });
    const chains = JSON.parse(
      readFileSync(join(process.env['IT_WORK_DIR'] as string, 'chains.json'), 'utf8'),
    ) as { networks: Record<string, LocalEvmNetwork> };
    polygon = chains.networks['POLYGON'] as LocalEvmNetwork;
    miner = setInterval(() => void mineBlocks(polygon.rpcUrl, 1).catch(() => undefined), 200);
  });
  afterAll(async () => {
    clearInterval(miner);
    await stack.stop();
  });

  it('refuses bad requests with a stable code and field path, and creates nothing', async () => {
    await fund(tenants.shopA, 5_000_000n);
    await getWithdrawalDeps().settings.put(tenants.shopA.id, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    const body = { network: 'POLYGON', token: 'USDT', amount: '1', address: DEST };
    const master = (await getWithdrawalDeps().masterWallet(tenants.shopA.id, 'POLYGON')).address;
    const noKey = await a.post<{ error: { code: string } }>('/v1/withdrawals', body);
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [
        { ...body, address: '0x000000000000000000000000000000000000DEAd' },
        400,
        'VALIDATION_FAILED',
        'address',
      ],
      [{ ...body, amount: '1.0000001' }, 400, 'VALIDATION_FAILED', 'amount'],
      [{ ...body, amount: '-1' }, 400, 'VALIDATION_FAILED', 'amount'],
      [{ ...body, amount: 1 }, 400, 'VALIDATION_FAILED', 'amount'],
      [{ ...body, extra: true }, 400, 'VALIDATION_FAILED', ''],
      [{ ...body, token: 'DOGE' }, 400, 'VALIDATION_FAILED', 'token'],
      [{ ...body, amount: '5.000001' }, 422, 'INSUFFICIENT_FUNDS'],
      [{ ...body, address: master }, 400, 'VALIDATION_FAILED', 'address'], // its own MASTER wallet
    ];
    for (const [input, status, code, field] of cases) {
      const res = await a.post<{ error: { code: string; fields?: { path: string }[] } }>(
        '/v1/withdrawals',
        input,
        { 'Idempotency-Key': `bad-${JSON.stringify(input).length}-${status}` },
      );
      expect([res.status, res.body.error.code]).toEqual([status, code]);
      if (field !== undefined) expect(res.body.error.fields?.map((f) => f.path)).toContain(field);
    }
    const list = await a.get<{ withdrawals: W[] }>('/v1/withdrawals');
    expect(list.body.withdrawals).toEqual([]);
    expect(
      (await a.get<{ balances: { asset: string; available: string }[] }>('/v1/balances')).body.balances.find(
        (x) => x.asset === 'USDT@POLYGON',
      )?.available,
    ).toBe('5');
  });

  it('pays a partner API withdrawal once, replays the same Idempotency-Key, and hides it from other partners', async () => {
    const body = {
      network: 'POLYGON',
      token: 'USDT',
      amount: '2.5',
      address: DEST,
      userId: 'user-9',
      reference: 'payout-1',
    };
    const first = await a.post<{ withdrawal: W }>('/v1/withdrawals', body, { 'Idempotency-Key': 'payout-1' });
    expect(first.status).toBe(201);
    expect(first.body.withdrawal).toMatchObject({ status: 'REQUESTED', amount: '2.5', type: 'USER' });
    const again = await a.post<{ withdrawal: W }>('/v1/withdrawals', body, { 'Idempotency-Key': 'payout-1' });
    expect([again.status, again.body.withdrawal.code, again.headers.get('idempotent-replayed')]).toEqual([
      200,
      first.body.withdrawal.code,
      'true',
    ]);
    const code = first.body.withdrawal.code;
    const done = await until(
      async () => (await a.get<{ withdrawal: W }>(`/v1/withdrawals/${code}`)).body.withdrawal,
      'CONFIRMED',
    );
    expect(done.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(
      (
        await a.get<{ withdrawals: W[] }>('/v1/withdrawals', { txHash: done.txHash as string })
      ).body.withdrawals.map((w) => w.code),
    ).toEqual([code]);
    expect((await b.get(`/v1/withdrawals/${code}`)).status).toBe(404);
    expect((await b.post(`/v1/withdrawals/${code}/cancel`, {})).status).toBe(404);
    expect((await b.get<{ withdrawals: W[] }>('/v1/withdrawals')).body.withdrawals).toEqual([]);
    const cancel = await a.post<{ error: { code: string } }>(`/v1/withdrawals/${code}/cancel`, {});
    expect([cancel.status, cancel.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
  });

  it('in the console: OTP on every step, the requester cannot approve, a VIEWER cannot either, another approver can', async () => {
    const owner = await createUser(deps, tenants.shopB, 'OWNER');
    const approver = await createUser(deps, tenants.shopB, 'APPROVER');
    const viewer = await createUser(deps, tenants.shopB, 'VIEWER');
    const sign = async (email: string) => {
      const c = new ConsoleClient(stack.apiUrl);
      if ((await c.signIn(email)).status !== 200) throw new Error('sign-in failed');
      return c;
    };
    const oSecret = (await enableTwoFactor(await sign(owner.email), stack.clock)).secret;
    const apSecret = (await enableTwoFactor(await sign(approver.email), stack.clock)).secret;
    const vSecret = (await enableTwoFactor(await sign(viewer.email), stack.clock)).secret;
    // Users enrolling 2FA for the first time lock nothing, on the partner API neither: the request gets
    // past the lock to the next rule (the destination is not whitelisted).
    const notLocked = await b.post<{ error: { code: string } }>(
      '/v1/withdrawals',
      { network: 'POLYGON', token: 'USDT', amount: '1', address: DEST },
      { 'Idempotency-Key': 'after-enrollment' },
    );
    expect([notLocked.status, notLocked.body.error.code]).toEqual([422, 'ADDRESS_NOT_WHITELISTED']);
    stack.clock.advance(DAY + 60_000);
    const signIn2fa = async (email: string, totpSecret: string) => {
      const c = new ConsoleClient(stack.apiUrl);
      if ((await c.signIn(email, undefined, { totpSecret, clock: stack.clock })).status !== 200)
        throw new Error('sign-in failed');
      return c;
    };
    // One code per 30-second step and user: move the clock to the next step for each.
    const fresh = (c: ConsoleClient, secret: string) => {
      stack.clock.advance(30_000);
      return c.code(secret, stack.clock);
    };
    const o = await signIn2fa(owner.email, oSecret);
    const ap = await signIn2fa(approver.email, apSecret);
    const v = await signIn2fa(viewer.email, vSecret);
    await fund(tenants.shopB, 50_000_000n);

    const noOtp = await o.request<{ error: { code: string } }>('PUT', '/console/withdrawal-settings', {
      addressMode: 'WHITELIST_ONLY',
      approval: { mode: 'CONDITIONAL', thresholdUsdt: '10' },
    });
    expect([noOtp.status, noOtp.body.error.code]).toEqual([403, 'OTP_REQUIRED']);
    const settings = await o.request('PUT', '/console/withdrawal-settings', {
      addressMode: 'WHITELIST_ONLY',
      approval: { mode: 'CONDITIONAL', thresholdUsdt: '10' },
      otp: fresh(o, oSecret),
    });
    expect(settings.status).toBe(200);

    const manual = await o.request<{ error: { code: string } }>(
      'POST',
      '/console/withdrawals',
      { network: 'POLYGON', token: 'USDT', amount: '1', address: DEST, otp: fresh(o, oSecret) },
      { headers: { 'Idempotency-Key': 'c-0' } },
    );
    expect(manual.body.error.code).toBe('ADDRESS_NOT_WHITELISTED');
    const entry = await o.post<{ entry: { entryId: string } }>('/console/withdrawal-whitelist', {
      network: 'POLYGON',
      address: DEST,
      label: 'Burn',
      otp: fresh(o, oSecret),
    });
    expect(entry.status).toBe(201);

    const cooling = await o.request<{ error: { code: string } }>(
      'POST',
      '/console/withdrawals',
      {
        network: 'POLYGON',
        token: 'USDT',
        amount: '20',
        whitelistEntryId: entry.body.entry.entryId,
        otp: fresh(o, oSecret),
      },
      { headers: { 'Idempotency-Key': 'c-cooling' } },
    );
    expect([cooling.status, cooling.body.error.code]).toEqual([422, 'WHITELIST_ENTRY_COOLING']);
    const requested = await o.request<{ withdrawal: W }>(
      'POST',
      '/console/withdrawals',
      {
        network: 'POLYGON',
        token: 'USDT',
        amount: '20',
        whitelistEntryId: entry.body.entry.entryId,
        otp: fresh(o, oSecret),
      },
      { headers: { 'Idempotency-Key': 'c-1' } },
    );
    expect(requested.status).toBe(201);
    const code = requested.body.withdrawal.code;
    const read = async () => (await o.get<{ withdrawal: W }>(`/console/withdrawals/${code}`)).body.withdrawal;
    await until(read, 'PENDING_APPROVAL');

    const own = await o.post<{ error: { code: string } }>(`/console/withdrawals/${code}/approve`, {
      otp: fresh(o, oSecret),
    });
    expect([own.status, own.body.error.code]).toEqual([403, 'FOUR_EYES_VIOLATION']);
    const byViewer = await v.post<{ error: { code: string } }>(`/console/withdrawals/${code}/approve`, {
      otp: '123456',
    });
    expect(byViewer.status).toBe(403);
    expect(['PERMISSION_DENIED', 'FORBIDDEN']).toContain(byViewer.body.error.code);
    const withoutOtp = await ap.post<{ error: { code: string } }>(`/console/withdrawals/${code}/approve`, {});
    expect(withoutOtp.body.error.code).toBe('OTP_REQUIRED');
    expect((await read()).status).toBe('PENDING_APPROVAL');

    const approved = await ap.post<{ withdrawal: W }>(`/console/withdrawals/${code}/approve`, {
      otp: fresh(ap, apSecret),
    });
    expect([approved.status, approved.body.withdrawal.status]).toEqual([200, 'APPROVED']);
    await until(read, 'CONFIRMED');
    const audit = await o.get<{ entries: { action: string; outcome: string }[] }>('/console/audit?limit=100');
    const actions = (audit.body.entries ?? []).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'console.withdrawal.request:SUCCESS',
        'console.withdrawal.approve:SUCCESS',
        'console.withdrawal.approve:DENIED',
      ]),
    );
  });
  it('the 24 h lock follows the credential that changed: an approver’s 2FA change or a new API key locks only that approver or key', async () => {
    const owner = await createUser(deps, tenants.shopB, 'OWNER');
    const steady = await createUser(deps, tenants.shopB, 'APPROVER');
    const changed = await createUser(deps, tenants.shopB, 'ADMIN');
    const signIn = async (email: string) => {
      const c = new ConsoleClient(stack.apiUrl);
      if ((await c.signIn(email)).status !== 200) throw new Error('sign-in failed');
      return c;
    };
    const fresh = (c: ConsoleClient, secret: string) => {
      stack.clock.advance(30_000);
      return c.code(secret, stack.clock);
    };
    const o = await signIn(owner.email);
    const oSecret = (await enableTwoFactor(o, stack.clock)).secret;
    const st = await signIn(steady.email);
    const stSecret = (await enableTwoFactor(st, stack.clock)).secret;
    let ch = await signIn(changed.email);
    const first = (await enableTwoFactor(ch, stack.clock)).secret;
    await fund(tenants.shopB, 30_000_000n);

    // The owner requests 15 USDT (above the approval threshold) to the whitelisted address.
    const entries = await o.get<{ entries: { entryId: string; address: string }[] }>(
      '/console/withdrawal-whitelist',
    );
    const entryId = entries.body.entries.find((e) => e.address.toLowerCase() === DEST.toLowerCase())!.entryId;
    const requested = await o.request<{ withdrawal: W }>(
      'POST',
      '/console/withdrawals',
      { network: 'POLYGON', token: 'USDT', amount: '15', whitelistEntryId: entryId, otp: fresh(o, oSecret) },
      { headers: { 'Idempotency-Key': 'lock-scope-1' } },
    );
    expect(requested.status).toBe(201);
    const code = requested.body.withdrawal.code;
    const read = async () => (await o.get<{ withdrawal: W }>(`/console/withdrawals/${code}`)).body.withdrawal;
    await until(read, 'PENDING_APPROVAL');

    // One approver turns 2FA off and on again: their own withdrawal actions lock for 24 hours.
    expect((await ch.post('/console/me/2fa/disable', { code: fresh(ch, first) })).status).toBe(200);
    ch = await signIn(changed.email);
    const chSecret = (await enableTwoFactor(ch, stack.clock)).secret;
    const refused = await ch.post<{ error: { code: string; details: { scope: string } } }>(
      `/console/withdrawals/${code}/approve`,
      { otp: fresh(ch, chSecret) },
    );
    expect([refused.status, refused.body.error.code, refused.body.error.details.scope]).toEqual([
      403,
      'WITHDRAWAL_LOCKED',
      'USER',
    ]);
    const whitelist = await ch.post<{ error: { code: string } }>('/console/withdrawal-whitelist', {
      network: 'POLYGON',
      address: '0x000000000000000000000000000000000000dEaD',
      label: 'x',
      otp: fresh(ch, chSecret),
    });
    expect(whitelist.body.error.code).toBe('WITHDRAWAL_LOCKED');
    const me = await ch.get<{ withdrawalLockedUntil: string | null }>('/console/me');
    expect(me.body.withdrawalLockedUntil).toEqual(expect.any(String));
    // Nobody else is held: the owner's account shows no lock and the other approver approves.
    expect(
      (await o.get<{ withdrawalLockedUntil: string | null }>('/console/me')).body.withdrawalLockedUntil,
    ).toBeNull();
    const approved = await st.post<{ withdrawal: W }>(`/console/withdrawals/${code}/approve`, {
      otp: fresh(st, stSecret),
    });
    expect([approved.status, approved.body.withdrawal.status]).toEqual([200, 'APPROVED']);
    await until(read, 'CONFIRMED');

    // A key created in the console: withdrawals through it lock, the partner's other key stays free.
    const created = await o.post<{ apiKey: { id: string }; secret: string }>('/console/api-keys', {
      name: 'new backend',
      otp: fresh(o, oSecret),
    });
    expect(created.status).toBe(201);
    const now = () => stack.clock.now().getTime();
    const fresh_key = createPartnerClient(
      {
        apiUrl: stack.apiUrl,
        apiKey: created.body.apiKey.id,
        apiSecret: created.body.secret,
      },
      { now },
    );
    // A destination off the whitelist is refused after the lock check: it tells whether the lock let
    // the request by, and nothing is created either way.
    const probe = {
      network: 'POLYGON',
      token: 'USDT',
      amount: '1',
      address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
    };
    const viaNew = await fresh_key.post<{ error: { code: string; details: { scope: string } } }>(
      '/v1/withdrawals',
      probe,
      { 'Idempotency-Key': 'lock-scope-key' },
    );
    expect([viaNew.status, viaNew.body.error.code, viaNew.body.error.details.scope]).toEqual([
      403,
      'WITHDRAWAL_LOCKED',
      'API_KEY',
    ]);
    const kb = await issueApiKey(deps, OPERATOR, { partnerId: tenants.shopB.id, name: 'older' });
    const older = createPartnerClient(
      { apiUrl: stack.apiUrl, apiKey: kb.apiKey.id, apiSecret: kb.secret },
      { now },
    );
    const viaOld = await older.post<{ error: { code: string } }>('/v1/withdrawals', probe, {
      'Idempotency-Key': 'lock-scope-old',
    });
    expect([viaOld.status, viaOld.body.error.code]).toEqual([422, 'ADDRESS_NOT_WHITELISTED']);
    const ws = await o.get<{ security: { lockedCredentials: { kind: string; id: string }[] } }>(
      '/console/workspace',
    );
    expect(ws.body.security.lockedCredentials.map((l) => `${l.kind}:${l.id}`).sort()).toEqual(
      [`API_KEY:${created.body.apiKey.id}`, `USER:${changed.id}`].sort(),
    );
  });
});
