import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { TronWeb } from 'tronweb';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { getDeps } from '../../../shared/composition/gateway';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { isTronAddress } from '../../../shared/adapters/tron/tron-address';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };

/** The deposit-address API on TRON: base58 addresses everywhere, checksums enforced. */
describe('deposit addresses on TRON through the partner API', () => {
  let api: Server;
  let dropTable: () => Promise<void>;
  let client: ReturnType<typeof createPartnerClient>;

  beforeAll(async () => {
    dropTable = (await createTestTable('tron-addr')).dropTable;
    const deps = getDeps();
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'P' });
    const shop = await createPartner(deps, OPERATOR, {
      code: 'SHOP',
      name: 'S',
      type: 'MERCHANT',
      parentCode: 'PLATFORM',
    });
    const key = await issueApiKey(deps, OPERATOR, { partnerId: shop.id, name: 'k' });
    api = createLocalApiServer();
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
    client = createPartnerClient({
      apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
      apiKey: key.apiKey.id,
      apiSecret: key.secret,
    });
  });
  afterAll(async () => {
    await new Promise((r) => api.close(r));
    await dropTable();
  });

  it('gives a user one TRON HOT address, different from their EVM one, the same on every call', async () => {
    const first = await client.post<{ address: string; created: boolean }>('/v1/deposit-addresses', {
      userId: 'u1',
      network: 'TRON',
    });
    const again = await client.post<{ address: string; created: boolean }>('/v1/deposit-addresses', {
      userId: 'u1',
      network: 'TRON',
    });
    const evm = await client.post<{ address: string }>('/v1/deposit-addresses', {
      userId: 'u1',
      network: 'BSC',
    });
    expect(first.status).toBe(201);
    expect(isTronAddress(first.body.address)).toBe(true);
    expect(again.body).toMatchObject({ address: first.body.address, created: false });
    expect(evm.body.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it('reserves and releases a TRON address, refusing a bad checksum', async () => {
    const reserved = await client.post<{ address: string; status: string }>('/v1/deposit-reservations', {
      userId: 'u2',
      network: 'TRON',
    });
    expect(reserved.status).toBe(201);
    const broken = reserved.body.address.slice(0, -1) + (reserved.body.address.endsWith('A') ? 'B' : 'A');
    const refused = await client.request('DELETE', `/v1/deposit-reservations/TRON/${broken}`);
    expect(refused.status).toBe(400);
    const released = await client.request<{ status: string }>(
      'DELETE',
      `/v1/deposit-reservations/TRON/${reserved.body.address}`,
    );
    expect(released.body.status).toBe('RELEASED');
  });

  it('registers a TRON external wallet in base58 only', async () => {
    const sender = TronWeb.address.fromPrivateKey('42'.repeat(32)) as string;
    const ok = await client.post('/v1/external-wallets', { userId: 'u3', network: 'TRON', address: sender });
    expect(ok.status).toBe(201);
    const hex = await client.post('/v1/external-wallets', {
      userId: 'u4',
      network: 'TRON',
      address: TronWeb.address.toHex(sender),
    });
    expect(hex.status).toBe(400);
    const evmOnTron = await client.post('/v1/external-wallets', {
      userId: 'u4',
      network: 'TRON',
      address: '0x' + '11'.repeat(20),
    });
    expect(evmOnTron.status).toBe(400);
  });

  it('opens a POOL deposit request on TRON for USDT, and refuses USDC, which TRON does not carry here', async () => {
    const r = await client.post<{ address: string; amount: string }>('/v1/deposit-requests', {
      userId: 'u5',
      network: 'TRON',
      token: 'USDT',
      amount: '25',
    });
    expect(r.status).toBe(201);
    expect(isTronAddress(r.body.address)).toBe(true);
    // The request's unique tail (0.000001–0.009999; trailing zeros are trimmed, e.g. "25.00005").
    expect(r.body.amount).toMatch(/^25\.00\d{0,3}[1-9]$/);
    const usdc = await client.post('/v1/deposit-requests', {
      userId: 'u5',
      network: 'TRON',
      token: 'USDC',
      amount: '25',
    });
    expect(usdc.status).toBe(400);
  });
});
