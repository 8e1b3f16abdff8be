import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createPartnerClient, signatureHeaders } from '../../../clients/typescript/partner-client';
import type { PartnerCredentials } from '../../../clients/typescript/partner-client';
import { contractChecked } from '../../support/openapi-contract';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import type { Partner } from '../../../shared/domain/partner/partner';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };

/** Every response through this client is validated against the OpenAPI document (Ajv). */
const checkedClient = (credentials: PartnerCredentials) => contractChecked(createPartnerClient(credentials));

describe('partner API through the local API Gateway stand-in', () => {
  let server: Server;
  let apiUrl: string;
  let deps: GatewayDeps;
  let dropTable: () => Promise<void>;
  let shopA: Partner;
  let shopB: Partner;
  let credsA: { apiKey: string; apiSecret: string };
  let credsB: { apiKey: string; apiSecret: string };

  beforeAll(async () => {
    const table = await createTestTable('api');
    dropTable = table.dropTable;
    deps = buildDeps(table.config);
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    await createPartner(deps, OPERATOR, {
      code: 'DIST',
      name: 'Distributor',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    shopA = await createPartner(deps, OPERATOR, {
      code: 'SHOP_A',
      name: 'Shop A',
      type: 'MERCHANT',
      parentCode: 'DIST',
    });
    shopB = await createPartner(deps, OPERATOR, {
      code: 'SHOP_B',
      name: 'Shop B',
      type: 'MERCHANT',
      parentCode: 'DIST',
    });
    const a = await issueApiKey(deps, OPERATOR, { partnerId: shopA.id, name: 'A backend' });
    const b = await issueApiKey(deps, OPERATOR, {
      partnerId: shopB.id,
      name: 'B backend',
      ipAllowlist: ['192.0.2.1'],
    });
    credsA = { apiKey: a.apiKey.id, apiSecret: a.secret };
    credsB = { apiKey: b.apiKey.id, apiSecret: b.secret };
    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  it('GET /v1/partner answers the calling partner and its key, never another tenant', async () => {
    const res = await checkedClient({ apiUrl, ...credsA }).get<{ partner: Partner; apiKey: { id: string } }>(
      '/v1/partner',
    );
    expect(res.status).toBe(200);
    expect(res.body.partner).toMatchObject({
      id: shopA.id,
      code: 'SHOP_A',
      type: 'MERCHANT',
      status: 'ACTIVE',
      depth: 2,
    });
    expect(res.body.apiKey.id).toBe(credsA.apiKey);
    expect(JSON.stringify(res.body)).not.toContain(shopB.id);
    expect(JSON.stringify(res.body)).not.toContain(credsA.apiSecret);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('GET /v1/balances lists every supported asset, zero for a new partner', async () => {
    const res = await checkedClient({ apiUrl, ...credsA }).get<{
      balances: { asset: string; total: string }[];
      totalUsd: string;
    }>('/v1/balances');
    expect(res.status).toBe(200);
    expect(res.body.balances.map((b) => b.asset)).toEqual([
      'USDT@BSC',
      'USDC@BSC',
      'USDT@POLYGON',
      'USDC@POLYGON',
      'USDT@TRON',
    ]);
    expect(res.body.balances.every((b) => b.total === '0')).toBe(true);
    expect(res.body.totalUsd).toBe('0');
  });

  it('answers 401 UNAUTHENTICATED without credentials', async () => {
    const res = await fetch(`${apiUrl}/v1/partner`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('answers 403 with the authorizer error code for a bad signature, and a replay', async () => {
    const headers = signatureHeaders(
      { apiKey: credsA.apiKey, apiSecret: 'sk_wrong' },
      { method: 'GET', pathWithQuery: '/v1/partner' },
    );
    const bad = await fetch(`${apiUrl}/v1/partner`, { headers });
    expect(bad.status).toBe(403);
    expect(await bad.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });

    const good = signatureHeaders(credsA, { method: 'GET', pathWithQuery: '/v1/partner' });
    expect((await fetch(`${apiUrl}/v1/partner`, { headers: good })).status).toBe(200);
    const replay = await fetch(`${apiUrl}/v1/partner`, { headers: good });
    expect(replay.status).toBe(403);
    expect(await replay.json()).toMatchObject({ error: { code: 'SIGNATURE_REPLAYED' } });
  });

  it('takes the source IP from the connection, not from X-Forwarded-For', async () => {
    const client = checkedClient({ apiUrl, ...credsB });
    const res = await client.request('GET', '/v1/partner', { headers: { 'X-Forwarded-For': '192.0.2.1' } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'IP_NOT_ALLOWED' } });
  });

  it('signs the query string in canonical order', async () => {
    const res = await checkedClient({ apiUrl, ...credsA }).get('/v1/balances', {
      z: 'last',
      a: 'first word',
    });
    expect(res.status).toBe(200);
  });

  it('costs exactly 2 DynamoDB requests per signed GET /v1/partner (the key with its partner copy, the replay claim)', async () => {
    const { getDeps } = await import('../../../shared/composition/gateway');
    const client = checkedClient({ apiUrl, ...credsA });
    await client.get('/v1/partner'); // loads the handler modules
    let calls = 0;
    getDeps().db.middlewareStack.add((next) => (args) => ((calls += 1), next(args)), {
      step: 'initialize',
      name: 'countDynamoCalls',
    });
    try {
      for (let i = 0; i < 3; i++) expect((await client.get('/v1/partner')).status).toBe(200);
      expect(calls).toBe(6); // 5 per request before ADR 0026; see tests/integration/auth/authorizer-reads
    } finally {
      getDeps().db.middlewareStack.remove('countDynamoCalls');
    }
  });

  it('records when a key was last used, refreshing it at most once a minute', async () => {
    const fresh = await issueApiKey(deps, OPERATOR, { partnerId: shopA.id, name: 'last-used probe' });
    expect((await deps.apiKeys.get(fresh.apiKey.id))?.lastUsedAt).toBeUndefined();
    const client = checkedClient({ apiUrl, apiKey: fresh.apiKey.id, apiSecret: fresh.secret });
    expect((await client.get('/v1/partner')).status).toBe(200);
    const first = (await deps.apiKeys.get(fresh.apiKey.id))?.lastUsedAt;
    expect(first).toBeDefined();
    expect((await client.get('/v1/partner')).status).toBe(200);
    // Within the minute the stored value stands (the authenticator decides from the item it already read).
    expect((await deps.apiKeys.get(fresh.apiKey.id))?.lastUsedAt).toBe(first);
  });

  it('treats parameters named like object internals as plain names', async () => {
    const res = await checkedClient({ apiUrl, ...credsA }).get('/v1/balances', {
      __proto__x: '1',
      toString: '2',
      constructor: '3',
    });
    expect(res.status).toBe(200);
    const raw = signatureHeaders(credsA, { method: 'GET', pathWithQuery: '/v1/balances?__proto__=1' });
    expect((await fetch(`${apiUrl}/v1/balances?__proto__=1`, { headers: raw })).status).toBe(200);
  });

  it('answers 404 NOT_FOUND for unknown routes and methods', async () => {
    const unknown = await createPartnerClient({ apiUrl, ...credsA }).get('/v1/nothing-here');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const wrongMethod = await createPartnerClient({ apiUrl, ...credsA }).post('/v1/partner', {});
    expect(wrongMethod.status).toBe(404);
  });
});
