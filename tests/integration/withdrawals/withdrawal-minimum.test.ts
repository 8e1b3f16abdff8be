import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { issueApiKey } from '../../../shared/app/partners/manage-partners';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { getWithdrawalDeps } from '../../../shared/composition/withdrawals';
import { useLocalWithdrawalRunner } from '../../../scripts/local/local-withdrawal-runner';
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

// The default minimum (1) everywhere but USDT@POLYGON (set before the handlers read their config).
process.env['WITHDRAWAL_MIN_AMOUNTS'] = 'USDT@POLYGON=2.5';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60_000;
const DEST = '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4';
type ErrorBody = { error: { code: string; fields?: { path: string; message: string }[] } };

/** The minimum withdrawal per asset: refused at `amount` before anything is held or sent, and published. */
describe('minimum withdrawal amount through the real handlers', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;
  let api: ReturnType<typeof createPartnerClient>;

  async function fund(partner: Partner, asset: string, amount: bigint, id: string): Promise<void> {
    await deps.ledger.post({
      id: `min-it:${partner.id}:${id}`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: `min-it-${id}` },
      postings: [
        {
          debit: accounts.custody(partner.id, 'MASTER', asset),
          credit: accounts.partnerAvailable(partner.id, asset),
          amount,
        },
      ],
      effectiveAt: stack.clock.now().toISOString(),
    });
  }
  const available = async (partner: Partner, asset: string) =>
    (await deps.ledger.balance(accounts.partnerAvailable(partner.id, asset))).available;

  function expectRefusedAtAmount(res: { status: number; body: unknown }): void {
    const body = res.body as ErrorBody;
    expect([res.status, body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(body.error.fields?.map((f) => f.path)).toEqual(['amount']);
  }

  beforeAll(async () => {
    stack = await startConsoleStack('wd-min');
    // This test reads the withdrawal wiring itself: its executions run on the local runner.
    useLocalWithdrawalRunner();
    deps = stack.deps;
    tenants = await createTenants(deps);
    const key = await issueApiKey(deps, OPERATOR, { partnerId: tenants.shopA.id, name: 'a' });
    stack.clock.set(new Date());
    api = createPartnerClient({ apiUrl: stack.apiUrl, apiKey: key.apiKey.id, apiSecret: key.secret });
    for (const p of [tenants.shopA, tenants.shopB]) {
      await getWithdrawalDeps().settings.put(p.id, {
        addressMode: 'MANUAL_ADDRESS',
        approval: { mode: 'AUTO', thresholdUsdt: 0n },
      });
    }
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('publishes the minimums in GET /v1/partner', async () => {
    const me = await api.get<{ withdrawalMinimums: Record<string, string> }>('/v1/partner');
    expect(me.body.withdrawalMinimums).toEqual({
      'USDT@BSC': '1',
      'USDC@BSC': '1',
      'USDT@POLYGON': '2.5',
      'USDC@POLYGON': '1',
      'USDT@TRON': '1',
    });
  });

  it('refuses a 1-wei withdrawal, one below the asset minimum, and a MAX that comes to less, holding nothing', async () => {
    await fund(tenants.shopA, 'USDT@BSC', 10n ** 20n, 'bsc'); // 100 USDT (18 decimals)
    await fund(tenants.shopA, 'USDT@POLYGON', 2_000_000n, 'polygon'); // 2 USDT: less than its 2.5 minimum
    const cases: Record<string, unknown>[] = [
      { network: 'BSC', token: 'USDT', amount: '0.000000000000000001', address: DEST }, // 1 wei
      { network: 'BSC', token: 'USDT', amount: '0.99', address: DEST },
      { network: 'POLYGON', token: 'USDT', amount: '2.4', address: DEST },
      { network: 'POLYGON', token: 'USDT', amount: 'MAX', address: DEST },
    ];
    for (const [i, body] of cases.entries()) {
      expectRefusedAtAmount(await api.post('/v1/withdrawals', body, { 'Idempotency-Key': `min-${i}` }));
    }
    expect((await api.get<{ withdrawals: unknown[] }>('/v1/withdrawals')).body.withdrawals).toEqual([]);
    expect(await available(tenants.shopA, 'USDT@BSC')).toBe(10n ** 20n);
    expect(await available(tenants.shopA, 'USDT@POLYGON')).toBe(2_000_000n);
  });

  it('the console request is refused the same way and its settings carry the minimums for the form', async () => {
    await fund(tenants.shopB, 'USDT@TRON', 50_000_000n, 'tron');
    const owner = await createUser(deps, tenants.shopB, 'OWNER');
    const first = new ConsoleClient(stack.apiUrl);
    expect((await first.signIn(owner.email)).status).toBe(200);
    const secret = (await enableTwoFactor(first, stack.clock)).secret;
    stack.clock.advance(DAY + 60_000);
    const o = new ConsoleClient(stack.apiUrl);
    expect((await o.signIn(owner.email, undefined, { totpSecret: secret, clock: stack.clock })).status).toBe(
      200,
    );
    const settings = await o.get<{ settings: { minimumAmounts: Record<string, string> } }>(
      '/console/withdrawal-settings',
    );
    expect(settings.body.settings.minimumAmounts).toMatchObject({ 'USDT@TRON': '1', 'USDT@POLYGON': '2.5' });
    stack.clock.advance(30_000);
    const res = await o.request(
      'POST',
      '/console/withdrawals',
      {
        network: 'TRON',
        token: 'USDT',
        amount: '0.000001',
        address: 'TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC',
        otp: o.code(secret, stack.clock),
      },
      { headers: { 'Idempotency-Key': 'console-min' } },
    );
    expectRefusedAtAmount(res);
    expect(await available(tenants.shopB, 'USDT@TRON')).toBe(50_000_000n);
  });
});
