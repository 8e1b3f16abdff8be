import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import type { PartnerClient } from '../../../clients/typescript/partner-client';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { FinanceContactsResponse } from '../../../shared/api/finance-api-schemas';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { getDeps } from '../../../shared/composition/gateway';
import type { Partner } from '../../../shared/domain/partner/partner';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
type ErrorBody = { error: { code: string; fields?: { path: string }[] } };

/** GET/PUT /v1/finance-contacts over HTTP (the local API server, DynamoDB Local). */
describe('finance contacts API', () => {
  let server: Server;
  let dropTable: () => Promise<void>;
  let client: PartnerClient;
  let other: PartnerClient;
  let shop: Partner;

  beforeAll(async () => {
    const table = await createTestTable('fincontacts');
    dropTable = table.dropTable;
    const base = getDeps();
    await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    shop = await createPartner(base, OPERATOR, {
      code: 'SHOP_F',
      name: 'Shop',
      type: 'MERCHANT',
      parentCode: 'PLATFORM',
    });
    const shop2 = await createPartner(base, OPERATOR, {
      code: 'SHOP_G',
      name: 'Shop G',
      type: 'MERCHANT',
      parentCode: 'PLATFORM',
    });
    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const key = await issueApiKey(base, OPERATOR, { partnerId: shop.id, name: 'k' });
    client = createPartnerClient({ apiUrl, apiKey: key.apiKey.id, apiSecret: key.secret });
    const key2 = await issueApiKey(base, OPERATOR, { partnerId: shop2.id, name: 'k' });
    other = createPartnerClient({ apiUrl, apiKey: key2.apiKey.id, apiSecret: key2.secret });
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  it('starts empty in English, then keeps up to five contacts with lower-cased emails, audit-logged', async () => {
    const empty = await client.get('/v1/finance-contacts');
    expect(empty.status).toBe(200);
    expect(FinanceContactsResponse.parse(empty.body)).toEqual({
      contacts: [],
      language: 'en',
      updatedAt: null,
    });
    const put = await client.request('PUT', '/v1/finance-contacts', {
      body: {
        contacts: [
          { name: '김재무', email: 'Kim@Shop.example' },
          { name: 'Ann', email: 'ann@shop.example' },
        ],
        language: 'ko',
      },
    });
    expect(put.status).toBe(200);
    const body = FinanceContactsResponse.parse(put.body);
    expect(body.contacts).toEqual([
      { name: '김재무', email: 'kim@shop.example' },
      { name: 'Ann', email: 'ann@shop.example' },
    ]);
    expect(body.language).toBe('ko');
    expect(FinanceContactsResponse.parse((await client.get('/v1/finance-contacts')).body)).toEqual(body);
    const audit = await getDeps().audit.list(shop.id, { limit: 10 });
    expect(audit.find((a) => a.action === 'finance.contacts.update')?.details).toMatchObject({
      emails: 'kim@shop.example,ann@shop.example',
      previousEmails: '',
      language: 'ko',
    });
    // Another partner sees its own (none).
    expect(FinanceContactsResponse.parse((await other.get('/v1/finance-contacts')).body).contacts).toEqual(
      [],
    );
  });

  it.each([
    [
      'six contacts',
      { contacts: Array.from({ length: 6 }, (_, i) => ({ name: `n${i}`, email: `p${i}@x.example` })) },
      'contacts',
    ],
    [
      'an email twice',
      {
        contacts: [
          { name: 'a', email: 'a@x.example' },
          { name: 'b', email: 'A@x.example' },
        ],
      },
      'contacts.1.email',
    ],
    ['a bad email', { contacts: [{ name: 'a', email: 'not-an-email' }] }, 'contacts.0.email'],
    ['a blank name', { contacts: [{ name: ' ', email: 'a@x.example' }] }, 'contacts.0.name'],
    ['an unknown language', { contacts: [], language: 'fr' }, 'language'],
    ['an unknown field', { contacts: [], cc: 'x' }, ''],
  ])('refuses %s with 400 and the field path, changing nothing', async (_name, input, path) => {
    const res = await client.request<ErrorBody>('PUT', '/v1/finance-contacts', { body: input });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields?.map((f) => f.path)).toContain(path);
    const now = FinanceContactsResponse.parse((await client.get('/v1/finance-contacts')).body);
    expect(now.contacts.map((c) => c.email)).toEqual(['kim@shop.example', 'ann@shop.example']);
  });
});
