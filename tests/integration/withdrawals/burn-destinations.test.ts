import { Wallet } from 'ethers';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { tronBase58 } from '../../../shared/adapters/tron/tron-address';
import { issueApiKey } from '../../../shared/app/partners/manage-partners';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { gasTankAddresses } from '../../../shared/composition/gas-tanks';
import { getWithdrawalDeps } from '../../../shared/composition/withdrawals';
import { useLocalWithdrawalRunner } from '../../../scripts/local/local-withdrawal-runner';
import { MULTICALL3_ADDRESS } from '../../../shared/config/networks';
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

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60_000;
type ErrorBody = { error: { code: string; fields?: { path: string; message: string }[] } };
type Client = ReturnType<typeof createPartnerClient>;

/**
 * Destinations that burn money are refused at every entry point (partner API and console withdrawals,
 * whitelist entries, external wallets) with 400 VALIDATION_FAILED at `address`, and a refusal changes
 * nothing: no withdrawal, no hold, no entry, no wallet.
 */
describe('burnable destinations through the real handlers', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;
  let api: Client;
  let tron: { zero: string; usdt: string; tank: string };
  let polygon: { usdt: string; usdc: string; tank: string };

  async function fund(partner: Partner, asset: string, amount: bigint): Promise<void> {
    await deps.ledger.post({
      id: `burn-it:${partner.id}:${asset}`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: `burn-it-${asset}` },
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

  function expectRefusedAt(res: { status: number; body: unknown }, field: string): void {
    const body = res.body as ErrorBody;
    expect([res.status, body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(body.error.fields?.map((f) => f.path)).toContain(field);
  }

  beforeAll(async () => {
    stack = await startConsoleStack('burn');
    // This test reads the withdrawal wiring itself: its executions run on the local runner.
    useLocalWithdrawalRunner();
    deps = stack.deps;
    tenants = await createTenants(deps);
    const key = await issueApiKey(deps, OPERATOR, { partnerId: tenants.shopA.id, name: 'a' });
    stack.clock.set(new Date());
    api = createPartnerClient({ apiUrl: stack.apiUrl, apiKey: key.apiKey.id, apiSecret: key.secret });
    const networks = deps.config.networks;
    const tank = gasTankAddresses(getDepositDeps());
    tron = {
      zero: 'T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb',
      usdt: networks.TRON.tokens.USDT?.address ?? '',
      tank: await tank('TRON'),
    };
    polygon = {
      usdt: networks.POLYGON.tokens.USDT?.address ?? '',
      usdc: networks.POLYGON.tokens.USDC?.address ?? '',
      tank: await tank('POLYGON'),
    };
    for (const p of [tenants.shopA, tenants.shopB]) {
      await getWithdrawalDeps().settings.put(p.id, {
        addressMode: 'MANUAL_ADDRESS',
        approval: { mode: 'AUTO', thresholdUsdt: 0n },
      });
      await fund(p, 'USDT@TRON', 100_000_000n);
      await fund(p, 'USDT@POLYGON', 100_000_000n);
    }
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('POST /v1/withdrawals refuses zero addresses, token and system contracts, precompiles and gas tanks, and holds nothing', async () => {
    const cases: [string, string][] = [
      ['TRON', tron.zero],
      ['TRON', `41${'0'.repeat(40)}`], // the zero address in TRON's hex form
      ['TRON', tron.usdt],
      ['TRON', tron.tank],
      ['TRON', 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy'], // TRON's black hole
      ['TRON', tronBase58('0000000000000000000000000000000001000001')], // a TRON precompile
      ['POLYGON', '0x0000000000000000000000000000000000000000'],
      ['POLYGON', polygon.usdt],
      ['POLYGON', polygon.usdc.toLowerCase()],
      ['POLYGON', MULTICALL3_ADDRESS],
      ['POLYGON', '0x0000000000000000000000000000000000000001'], // ecrecover
      ['POLYGON', '0x0000000000000000000000000000000000001010'], // Polygon's POL token
      ['POLYGON', polygon.tank],
      ['POLYGON', Wallet.createRandom().address.slice(2)], // no 0x
    ];
    for (const [i, [network, address]] of cases.entries()) {
      const res = await api.post(
        '/v1/withdrawals',
        { network, token: 'USDT', amount: '5', address },
        {
          'Idempotency-Key': `burn-${i}`,
        },
      );
      expectRefusedAt(res, 'address');
    }
    const list = await api.get<{ withdrawals: unknown[] }>('/v1/withdrawals');
    expect(list.body.withdrawals).toEqual([]);
    expect(await available(tenants.shopA, 'USDT@TRON')).toBe(100_000_000n);
    expect(await available(tenants.shopA, 'USDT@POLYGON')).toBe(100_000_000n);
  });

  it('POST /v1/external-wallets refuses zero addresses, token contracts, gas tanks and an EVM address without 0x', async () => {
    const plain = Wallet.createRandom().address;
    const cases: [string, string][] = [
      ['BSC', '0x0000000000000000000000000000000000000000'],
      ['TRON', tron.zero],
      ['TRON', tron.usdt],
      ['POLYGON', polygon.usdt],
      ['POLYGON', polygon.tank],
      ['BSC', plain.slice(2)],
      ['BSC', plain.slice(2).toLowerCase()],
    ];
    for (const [network, address] of cases) {
      expectRefusedAt(await api.post('/v1/external-wallets', { userId: 'u1', network, address }), 'address');
    }
    const ok = await api.post<{ address: string }>('/v1/external-wallets', {
      userId: 'u1',
      network: 'BSC',
      address: plain.toLowerCase(),
    });
    expect([ok.status, ok.body.address]).toEqual([201, plain]);
    const list = await api.get<{ externalWallets: { address: string }[] }>('/v1/external-wallets');
    expect(list.body.externalWallets.map((w) => w.address)).toEqual([plain]);
  });

  it('the console refuses them for withdrawal requests and whitelist entries, and an old burnable entry cannot be used', async () => {
    const owner = await createUser(deps, tenants.shopB, 'OWNER');
    const first = new ConsoleClient(stack.apiUrl);
    expect((await first.signIn(owner.email)).status).toBe(200);
    const secret = (await enableTwoFactor(first, stack.clock)).secret;
    stack.clock.advance(DAY + 60_000); // past the 24 h lock that enabling 2FA sets
    const o = new ConsoleClient(stack.apiUrl);
    expect((await o.signIn(owner.email, undefined, { totpSecret: secret, clock: stack.clock })).status).toBe(
      200,
    );
    const otp = () => {
      stack.clock.advance(30_000);
      return o.code(secret, stack.clock);
    };

    for (const [i, [network, address]] of [
      ['TRON', tron.zero],
      ['POLYGON', polygon.usdt],
    ].entries()) {
      const res = await o.request(
        'POST',
        '/console/withdrawals',
        { network, token: 'USDT', amount: '5', address, otp: otp() },
        { headers: { 'Idempotency-Key': `console-burn-${i}` } },
      );
      expectRefusedAt(res, 'address');
    }
    for (const [network, address] of [
      ['TRON', tron.usdt],
      ['POLYGON', '0x0000000000000000000000000000000000000000'],
      ['TRON', tron.tank],
    ]) {
      const res = await o.post('/console/withdrawal-whitelist', { network, address, label: 'x', otp: otp() });
      expectRefusedAt(res, 'address');
    }
    expect(
      (await o.post('/console/external-wallets', { userId: 'u2', network: 'TRON', address: tron.zero }))
        .status,
    ).toBe(400);
    expect((await o.get<{ entries: unknown[] }>('/console/withdrawal-whitelist')).body.entries).toEqual([]);

    // An entry stored before these rules existed: the request naming it is refused at whitelistEntryId.
    const at = stack.clock.now().toISOString();
    await getWithdrawalDeps().settings.addWhitelistEntry({
      partnerId: tenants.shopB.id,
      entryId: 'wl_legacy_burn',
      network: 'TRON',
      address: tron.zero,
      label: 'legacy',
      createdAt: at,
      usableAt: at,
      createdBy: 'user:legacy',
    });
    const viaEntry = await o.request(
      'POST',
      '/console/withdrawals',
      { network: 'TRON', token: 'USDT', amount: '5', whitelistEntryId: 'wl_legacy_burn', otp: otp() },
      { headers: { 'Idempotency-Key': 'console-burn-entry' } },
    );
    expectRefusedAt(viaEntry, 'whitelistEntryId');
    expect((await o.get<{ withdrawals: unknown[] }>('/console/withdrawals')).body.withdrawals).toEqual([]);
    expect(await available(tenants.shopB, 'USDT@TRON')).toBe(100_000_000n);
  });
});
