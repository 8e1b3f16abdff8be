import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { getDeps } from '../../../shared/composition/gateway';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { fundFromFaucet, mineBlocks } from '../../../scripts/local/evm/local-chains';
import type { LocalEvmNetwork } from '../../../scripts/local/evm/local-chains';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
type Client = ReturnType<typeof createPartnerClient>;

describe('deposits on the partner API (local chain, DynamoDB Local)', () => {
  let server: Server;
  let dropTable: () => Promise<void>;
  let a: Client;
  let b: Client;
  let polygon: LocalEvmNetwork;

  beforeAll(async () => {
    const table = await createTestTable('depapi');
    dropTable = table.dropTable;
    const deps = getDeps();
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'P' });
    await createPartner(deps, OPERATOR, {
      code: 'DIST',
      name: 'D',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    const shopA = await createPartner(deps, OPERATOR, {
      code: 'SHOP_A',
      name: 'A',
      type: 'MERCHANT',
      parentCode: 'DIST',
    });
    const shopB = await createPartner(deps, OPERATOR, {
      code: 'SHOP_B',
      name: 'B',
      type: 'MERCHANT',
      parentCode: 'DIST',
    });
    const ka = await issueApiKey(deps, OPERATOR, { partnerId: shopA.id, name: 'a' });
    const kb = await issueApiKey(deps, OPERATOR, { partnerId: shopB.id, name: 'b' });
    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    a = createPartnerClient({ apiUrl, apiKey: ka.apiKey.id, apiSecret: ka.secret });
    b = createPartnerClient({ apiUrl, apiKey: kb.apiKey.id, apiSecret: kb.secret });
    const chains = JSON.parse(
      readFileSync(join(process.env['IT_WORK_DIR'] as string, 'chains.json'), 'utf8'),
    ) as { networks: Record<string, LocalEvmNetwork> };
    polygon = chains.networks['POLYGON'] as LocalEvmNetwork;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  it('creates a deposit address once and answers the same one after', async () => {
    const first = await a.post<{ address: string; created: boolean }>('/v1/deposit-addresses', {
      userId: 'user-1',
      network: 'POLYGON',
    });
    const again = await a.post<{ address: string; created: boolean }>('/v1/deposit-addresses', {
      userId: 'user-1',
      network: 'POLYGON',
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.address).toBe(first.body.address);
  });

  it('refuses bad input with field paths and changes nothing', async () => {
    const res = await a.post<{ error: { code: string; fields: { path: string }[] } }>(
      '/v1/deposit-addresses',
      { userId: 'x', network: 'DOGE', extra: 1 },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f) => f.path).sort()).toEqual(['', 'network']);
    const badAddress = await a.post<{ error: { fields: { path: string }[] } }>('/v1/external-wallets', {
      userId: 'u',
      network: 'BSC',
      address: '0x5b38Da6a701c568545dCfcB03FcB875f56beddC4',
    }); // one letter's case flipped: bad checksum
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.error.fields[0]?.path).toBe('address');
  });

  it('finds, credits once, and reports a real transfer through rescan; another partner sees nothing', async () => {
    const { body: addr } = await a.post<{ address: string }>('/v1/deposit-addresses', {
      userId: 'user-chain',
      network: 'POLYGON',
    });
    const receipt = await fundFromFaucet(polygon, 'USDT', addr.address, 250_500_000n); // 250.5 USDT at 6 decimals
    await mineBlocks(polygon.rpcUrl, 5); // local finality: 3 confirmations
    const rescan = await a.post<{ results: { code: string; outcome: string }[] }>('/v1/deposits/rescan', {
      network: 'POLYGON',
      txHash: receipt.hash,
    });
    expect(rescan.status).toBe(200);
    expect(rescan.body.results).toHaveLength(1);
    expect(rescan.body.results[0]?.outcome).toBe('CREDITED');
    const again = await a.post<{ results: { outcome: string }[] }>('/v1/deposits/rescan', {
      network: 'POLYGON',
      txHash: receipt.hash,
    });
    expect(again.body.results[0]?.outcome).toBe('ALREADY_CREDITED');

    const code = rescan.body.results[0]?.code as string;
    const one = await a.get<Record<string, unknown>>(`/v1/deposits/${code}`);
    expect(one.body).toMatchObject({
      status: 'CONFIRMED',
      amount: '250.5',
      network: 'POLYGON',
      token: 'USDT',
      userId: 'user-chain',
      method: 'HOT_ADDRESS',
      txHash: receipt.hash.toLowerCase(),
    });
    const balances = await a.get<{ balances: { asset: string; total: string }[] }>('/v1/balances');
    expect(balances.body.balances.find((x) => x.asset === 'USDT@POLYGON')?.total).toBe(
      String(one.body['netAmount']),
    );

    const list = await a.get<{ deposits: { code: string }[] }>('/v1/deposits', { userId: 'user-chain' });
    expect(list.body.deposits.map((d) => d.code)).toEqual([code]);
    const byTx = await a.get<{ deposits: { code: string }[] }>('/v1/deposits', { txHash: receipt.hash });
    expect(byTx.body.deposits.map((d) => d.code)).toEqual([code]);

    expect((await b.get(`/v1/deposits/${code}`)).status).toBe(404);
    expect(
      (await b.get<{ deposits: unknown[] }>('/v1/deposits', { txHash: receipt.hash })).body.deposits,
    ).toEqual([]);
    const bRescan = await b.post<{ results: unknown[] }>('/v1/deposits/rescan', {
      network: 'POLYGON',
      txHash: receipt.hash,
    });
    expect(bRescan.body.results).toEqual([]);

    const wallets = await a.get<{
      wallets: { address: string; balances: { token: string; amount: string | null }[] }[];
    }>('/v1/wallets', { network: 'POLYGON' });
    const hot = wallets.body.wallets.find((w) => w.address === addr.address);
    expect(hot?.balances.find((x) => x.token === 'USDT')?.amount).toBe('250.5');
  });

  it('manages reservations and external wallets per partner', async () => {
    const r = await a.post<{ address: string; status: string }>('/v1/deposit-reservations', {
      userId: 'vip',
      network: 'BSC',
    });
    expect(r).toMatchObject({ status: 201, body: { status: 'ACTIVE' } });
    expect((await b.request('DELETE', `/v1/deposit-reservations/BSC/${r.body.address}`)).status).toBe(404);
    const released = await a.request<{ status: string }>(
      'DELETE',
      `/v1/deposit-reservations/BSC/${r.body.address}`,
    );
    expect(released.body.status).toBe('RELEASED');
    const list = await a.get<{ reservations: { address: string; status: string }[] }>(
      '/v1/deposit-reservations',
    );
    expect(list.body.reservations.find((x) => x.address === r.body.address)?.status).toBe('RELEASED');

    const sender = '0x2222222222222222222222222222222222222222';
    expect(
      (await a.post('/v1/external-wallets', { userId: 'u1', network: 'BSC', address: sender })).status,
    ).toBe(201);
    expect(
      (
        await b.post<{ error: { code: string } }>('/v1/external-wallets', {
          userId: 'u2',
          network: 'BSC',
          address: sender,
        })
      ).body.error.code,
    ).toBe('CONFLICT');
    expect(
      (
        await a.get<{ externalWallets: { address: string }[] }>('/v1/external-wallets')
      ).body.externalWallets.map((w) => w.address),
    ).toContain(sender);
    expect(
      (await b.get<{ externalWallets: unknown[] }>('/v1/external-wallets')).body.externalWallets,
    ).toEqual([]);
    expect((await b.request('DELETE', `/v1/external-wallets/BSC/${sender}`)).status).toBe(404);
    expect((await a.request('DELETE', `/v1/external-wallets/BSC/${sender}`)).status).toBe(204);
  });

  it('answers a POOL deposit request with a unique amount and the POOL address', async () => {
    const res = await a.post<{ amount: string; address: string; expiresAt: string }>('/v1/deposit-requests', {
      userId: 'u1',
      network: 'BSC',
      token: 'USDT',
      amount: '100',
    });
    expect(res.status).toBe(201);
    expect(res.body.amount).toMatch(/^100\.00\d{1,4}$/);
    const wallets = await a.get<{ wallets: { kind: string; address: string }[] }>('/v1/wallets', {
      network: 'BSC',
      kind: 'POOL',
    });
    expect(wallets.body.wallets.map((w) => w.address)).toEqual([res.body.address]);
    expect(
      (
        await a.post('/v1/deposit-requests', {
          userId: 'u1',
          network: 'BSC',
          token: 'USDT',
          amount: '100.123',
        })
      ).status,
    ).toBe(400);
  });
});
