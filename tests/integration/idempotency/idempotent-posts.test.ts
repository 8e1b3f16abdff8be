import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { issueApiKey } from '../../../shared/app/partners/manage-partners';
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

type Client = ReturnType<typeof createPartnerClient>;
type DepositRequest = { requestId: string; address: string; amount: string; expiresAt: string };
type ErrorBody = { error: { code: string } };
const ADDRESS = '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4';

describe('Idempotency-Key on the POSTs that create deposit requests and whitelist entries (HTTP, DynamoDB Local)', () => {
  let stack: ConsoleStack;
  let tenants: TestTenants;
  let a: Client;
  let b: Client;

  beforeAll(async () => {
    stack = await startConsoleStack('idem-http');
    tenants = await createTenants(stack.deps);
    const ka = await issueApiKey(stack.deps, OPERATOR, { partnerId: tenants.shopA.id, name: 'a' });
    const kb = await issueApiKey(stack.deps, OPERATOR, { partnerId: tenants.shopB.id, name: 'b' });
    // Partner requests are signed with the real time: the server's clock starts there.
    stack.clock.set(new Date());
    a = createPartnerClient({ apiUrl: stack.apiUrl, apiKey: ka.apiKey.id, apiSecret: ka.secret });
    b = createPartnerClient({ apiUrl: stack.apiUrl, apiKey: kb.apiKey.id, apiSecret: kb.secret });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('answers a retried POOL deposit request with the same request, and refuses the key with another body', async () => {
    const body = { userId: 'u1', network: 'POLYGON', token: 'USDT', amount: '100' };
    const first = await a.post<DepositRequest>('/v1/deposit-requests', body, { 'Idempotency-Key': 'dr-1' });
    const retry = await a.post<DepositRequest>('/v1/deposit-requests', body, { 'Idempotency-Key': 'dr-1' });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    const other = await a.post<ErrorBody>(
      '/v1/deposit-requests',
      { ...body, amount: '200' },
      { 'Idempotency-Key': 'dr-1' },
    );
    expect([other.status, other.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    // Keys are per partner: another partner's same key is its own request.
    const elsewhere = await b.post<DepositRequest>('/v1/deposit-requests', body, {
      'Idempotency-Key': 'dr-1',
    });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.requestId).not.toBe(first.body.requestId);
  });

  it('still opens a new deposit request per call without a key (the header is optional there)', async () => {
    const body = { userId: 'u2', network: 'POLYGON', token: 'USDT', amount: '5' };
    const one = await a.post<DepositRequest>('/v1/deposit-requests', body);
    const two = await a.post<DepositRequest>('/v1/deposit-requests', body);
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(two.body.requestId).not.toBe(one.body.requestId);
    const bad = await a.post<{ error: { code: string; fields: { path: string }[] } }>(
      '/v1/deposit-requests',
      body,
      { 'Idempotency-Key': 'not valid!' },
    );
    expect([bad.status, bad.body.error.code, bad.body.error.fields[0]?.path]).toEqual([
      400,
      'VALIDATION_FAILED',
      'Idempotency-Key',
    ]);
  });

  it('answers a retried reservation and external wallet registration with the first one', async () => {
    const reserve = (key: string) =>
      a.post<{ address: string; userId: string }>(
        '/v1/deposit-reservations',
        { userId: 'vip-1', network: 'BSC' },
        { 'Idempotency-Key': key },
      );
    const first = await reserve('res-1');
    const retry = await reserve('res-1');
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await reserve('res-2')).body.address).not.toBe(first.body.address);

    const register = () =>
      a.post<{ address: string; userId: string }>(
        '/v1/external-wallets',
        { userId: 'whale', network: 'BSC', address: ADDRESS },
        { 'Idempotency-Key': 'ext-1' },
      );
    const registered = await register();
    const again = await register();
    expect([registered.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(registered.body);
  });

  it('answers a retried whitelist entry (fresh OTP) with the same entry, and refuses the key with another body', async () => {
    const owner = await createUser(stack.deps, tenants.shopA, 'OWNER');
    const c = new ConsoleClient(stack.apiUrl);
    if ((await c.signIn(owner.email)).status !== 200) throw new Error('sign-in failed');
    const { secret } = await enableTwoFactor(c, stack.clock);
    // One code per 30-second step and user: move the clock to the next step for each.
    const otp = () => {
      stack.clock.advance(30_000);
      return c.code(secret, stack.clock);
    };
    const add = (label: string) =>
      c.request<{ entry: { entryId: string; address: string } } & ErrorBody>(
        'POST',
        '/console/withdrawal-whitelist',
        { network: 'POLYGON', address: ADDRESS, label, otp: otp() },
        { headers: { 'Idempotency-Key': 'wl-1' } },
      );
    const first = await add('Treasury');
    const retry = await add('Treasury');
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.entry).toEqual(first.body.entry);
    const other = await add('Cold wallet');
    expect([other.status, other.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    const listed = await c.get<{ entries: { entryId: string }[] }>('/console/withdrawal-whitelist');
    expect(listed.body.entries.map((e) => e.entryId)).toEqual([first.body.entry.entryId]);
  });
});
