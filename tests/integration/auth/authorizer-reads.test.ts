import { commandsSentDuring as commandsSent } from '../../support/dynamo-requests';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import type { PartnerCredentials } from '../../../clients/typescript/partner-client';
import { buildDeps, getDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import {
  changePartnerStatus,
  createPartner,
  createPlatform,
  issueApiKey,
  revokeApiKey,
} from '../../../shared/app/partners/manage-partners';
import type { Partner } from '../../../shared/domain/partner/partner';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };

/**
 * Issue 15: a signed request costs at most 3 DynamoDB requests end to end (authorizer + handler), and
 * revocation and suspension still take effect on the very next request (ADR 0026).
 */
describe('partner authorizer reads (through the local API Gateway stand-in)', () => {
  let server: Server;
  let apiUrl: string;
  let deps: GatewayDeps;
  let dropTable: () => Promise<void>;
  let seq = 0;

  beforeAll(async () => {
    const table = await createTestTable('authreads');
    dropTable = table.dropTable;
    deps = buildDeps(table.config);
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    await createPartner(deps, OPERATOR, {
      code: 'DIST',
      name: 'Distributor',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  async function newShop(): Promise<Partner> {
    seq += 1;
    return createPartner(deps, OPERATOR, {
      code: `SHOP_${seq}`,
      name: `Shop ${seq}`,
      type: 'MERCHANT',
      parentCode: 'DIST',
    });
  }

  async function newKey(partner: Partner, name = 'backend'): Promise<PartnerCredentials> {
    const issued = await issueApiKey(deps, OPERATOR, { partnerId: partner.id, name });
    return { apiUrl, apiKey: issued.apiKey.id, apiSecret: issued.secret };
  }

  /** GET /v1/partner signed with `creds`: the status and the error code of a refusal. */
  async function call(creds: PartnerCredentials): Promise<{ status: number; code?: string }> {
    const res = await createPartnerClient(creds).get<{ error?: { code: string } }>('/v1/partner');
    return { status: res.status, ...(res.body?.error ? { code: res.body.error.code } : {}) };
  }

  /** The DynamoDB commands the stand-in's functions send while `fn` runs, by command name. */
  const commandsSentDuring = (fn: () => Promise<void>) => commandsSent([getDeps().db], fn);

  it('a signed GET /v1/partner costs the key read and the replay claim, plus the last-used write once a minute: never more than 3', async () => {
    const shop = await newShop();
    const creds = await newKey(shop);
    const warm = await newKey(shop, 'warm-up');
    expect((await call(warm)).status).toBe(200); // loads the authorizer and handler modules

    // First use of a key: its "last used" is stale, so one more write (once a minute per key).
    const first = await commandsSentDuring(async () => expect((await call(creds)).status).toBe(200));
    expect(first).toEqual(['GetItemCommand', 'PutItemCommand', 'UpdateItemCommand']);

    for (let i = 0; i < 3; i++) {
      const steady = await commandsSentDuring(async () => expect((await call(creds)).status).toBe(200));
      expect(steady).toEqual(['GetItemCommand', 'PutItemCommand']);
    }
  });

  it('GET /v1/partner answers the partner and key the authorizer read (no second read in the handler)', async () => {
    const shop = await newShop();
    const creds = await newKey(shop, 'profile probe');
    const res = await createPartnerClient(creds).get<{
      partner: Partner;
      apiKey: { id: string; name: string; ipAllowlist: string[]; createdAt: string };
    }>('/v1/partner');
    expect(res.status).toBe(200);
    expect(res.body.partner).toEqual(shop);
    expect(res.body.apiKey).toEqual({
      id: creds.apiKey,
      name: 'profile probe',
      ipAllowlist: [],
      createdAt: expect.any(String) as string,
    });
  });

  it('revoking a key refuses its very next request, and leaves the partner’s other keys working', async () => {
    const shop = await newShop();
    const doomed = await newKey(shop, 'doomed');
    const other = await newKey(shop, 'other');
    expect((await call(doomed)).status).toBe(200);
    await revokeApiKey(deps, OPERATOR, shop.id, doomed.apiKey);
    expect(await call(doomed)).toEqual({ status: 403, code: 'API_KEY_REVOKED' });
    expect((await call(other)).status).toBe(200);
    // A revoked key no longer counts against the partner's limit.
    const partnerItem = await deps.db.send(
      new GetCommand({
        TableName: deps.config.tableName,
        Key: { PK: `PARTNER#${shop.id}`, SK: 'PROFILE' },
        ConsistentRead: true,
      }),
    );
    expect([...(partnerItem.Item?.['apiKeyIds'] as Set<string>)]).toEqual([other.apiKey]);
  });

  it('suspending a partner refuses the very next request of each of its keys; reinstating lets the next one through', async () => {
    const shop = await newShop();
    const keys = [await newKey(shop, 'one'), await newKey(shop, 'two'), await newKey(shop, 'three')];
    for (const k of keys) expect((await call(k)).status).toBe(200);

    await changePartnerStatus(deps, OPERATOR, shop.code, 'SUSPEND');
    for (const k of keys) expect(await call(k)).toEqual({ status: 403, code: 'PARTNER_SUSPENDED' });

    await changePartnerStatus(deps, OPERATOR, shop.code, 'REINSTATE');
    for (const k of keys) expect((await call(k)).status).toBe(200);
  });

  it('a key issued while its partner is suspended is refused until the partner is reinstated', async () => {
    const shop = await newShop();
    await changePartnerStatus(deps, OPERATOR, shop.code, 'SUSPEND');
    const late = await newKey(shop, 'issued while suspended');
    expect(await call(late)).toEqual({ status: 403, code: 'PARTNER_SUSPENDED' });
    await changePartnerStatus(deps, OPERATOR, shop.code, 'REINSTATE');
    expect((await call(late)).status).toBe(200);
  });

  it('a key issued between a suspension’s read and its write is suspended too (the write is retried)', async () => {
    const shop = await newShop();
    const first = await newKey(shop, 'before');
    const other = buildDeps(deps.config); // its own client: the racing issue is not intercepted
    let racing: PartnerCredentials | undefined;
    deps.db.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && !racing) {
          const issued = await issueApiKey(other, OPERATOR, { partnerId: shop.id, name: 'racing' });
          racing = { apiUrl, apiKey: issued.apiKey.id, apiSecret: issued.secret };
        }
        return next(args);
      },
      { step: 'initialize', name: 'issueKeyMidSuspension' },
    );
    try {
      await changePartnerStatus(deps, OPERATOR, shop.code, 'SUSPEND');
    } finally {
      deps.db.middlewareStack.remove('issueKeyMidSuspension');
    }
    if (!racing) throw new Error('the suspension sent no transaction');
    expect(await call(racing)).toEqual({ status: 403, code: 'PARTNER_SUSPENDED' });
    expect(await call(first)).toEqual({ status: 403, code: 'PARTNER_SUSPENDED' });
  });

  it('suspension reaches keys of other partners never: a sibling shop keeps working', async () => {
    const [a, b] = [await newShop(), await newShop()];
    const [ka, kb] = [await newKey(a), await newKey(b)];
    await changePartnerStatus(deps, OPERATOR, a.code, 'SUSPEND');
    expect(await call(ka)).toEqual({ status: 403, code: 'PARTNER_SUSPENDED' });
    expect((await call(kb)).status).toBe(200);
  });

  it('refuses a key beyond the 99 a partner’s status change can update in one write, with CONFLICT and nothing written', async () => {
    const shop = await newShop();
    const listed = Array.from({ length: 99 }, (_, i) => `ak_${String(i).padStart(26, '0')}`);
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.config.tableName,
        Key: { PK: `PARTNER#${shop.id}`, SK: 'PROFILE' },
        UpdateExpression: 'ADD apiKeyIds :ids',
        ExpressionAttributeValues: { ':ids': new Set(listed) },
      }),
    );
    await expect(
      issueApiKey(deps, OPERATOR, { partnerId: shop.id, name: 'one too many' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await deps.apiKeys.listByPartner(shop.id)).toEqual([]);
  });

  it('a key stored before keys carried the partner copy still authenticates (one read more) and honours suspension', async () => {
    const shop = await newShop();
    const legacy = await newKey(shop, 'legacy');
    // Make it look like a key item written before ADR 0026: no copy, not listed on the partner item.
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.config.tableName,
        Key: { PK: `APIKEY#${legacy.apiKey}`, SK: 'APIKEY' },
        UpdateExpression: 'REMOVE #partner',
        ExpressionAttributeNames: { '#partner': 'partner' },
      }),
    );
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.config.tableName,
        Key: { PK: `PARTNER#${shop.id}`, SK: 'PROFILE' },
        UpdateExpression: 'DELETE apiKeyIds :id',
        ExpressionAttributeValues: { ':id': new Set([legacy.apiKey]) },
      }),
    );
    expect((await call(legacy)).status).toBe(200);
    const reads = await commandsSentDuring(async () => expect((await call(legacy)).status).toBe(200));
    expect(reads).toEqual(['GetItemCommand', 'GetItemCommand', 'PutItemCommand']);

    await changePartnerStatus(deps, OPERATOR, shop.code, 'SUSPEND');
    expect(await call(legacy)).toEqual({ status: 403, code: 'PARTNER_SUSPENDED' });
    await changePartnerStatus(deps, OPERATOR, shop.code, 'REINSTATE');
    expect((await call(legacy)).status).toBe(200);
  });
});
