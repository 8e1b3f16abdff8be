import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { DynamoFeeSettingsRepository } from '../../../shared/adapters/dynamodb/fee-settings-repository';
import {
  changePartnerStatus,
  createPartner,
  issueApiKey,
} from '../../../shared/app/partners/manage-partners';
import { registerSubPartner } from '../../../shared/app/partners/sub-partners';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { getSubPartnerDeps } from '../../../shared/composition/sub-partners';
import type { Partner } from '../../../shared/domain/partner/partner';
import { contractChecked } from '../../support/openapi-contract';
import {
  ConsoleClient,
  OPERATOR,
  PASSWORD,
  createTenants,
  createUser,
  enableTwoFactor,
  latestMail,
  startConsoleStack,
} from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

type View = {
  code: string;
  name: string;
  type: string;
  status: string;
  accessSuspended: boolean;
  parentCode: string;
  fees: Record<string, string>;
  childCount: number;
  chains: { network: string; tokens: string[] }[];
};
type ErrorBody = { error: { code: string; details?: Record<string, unknown>; fields?: { path: string }[] } };

/**
 * Sub-partner management over HTTP (issue 16, ADR 0031), partner API and console on the local API
 * Gateway stand-in: PLATFORM (0.5 %) → DIST (parent fee 0.3 %, cap 2 %) → SHOP_A (1.2 %), SHOP_B;
 * PLATFORM → DIST2 → SHOP_X, a sibling subtree every probe aims at.
 */
describe('sub-partners: /v1/sub-partners and /console/sub-partners', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let t: TestTenants;
  let dist2: Partner;
  let shopX: Partner;
  let fees: DynamoFeeSettingsRepository;
  let api: Record<'dist' | 'dist2' | 'shop' | 'platform', ReturnType<typeof contractChecked>>;
  let keySeq = 0;
  const key = () => `it-key-${++keySeq}`;

  beforeAll(async () => {
    stack = await startConsoleStack('sub-partners');
    // Partner API clients sign with the real time: the gateway's clock starts there.
    stack.clock.set(new Date());
    deps = stack.deps;
    t = await createTenants(deps);
    dist2 = await createPartner(deps, OPERATOR, {
      code: 'DIST2',
      name: 'Other distributor',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    shopX = await createPartner(deps, OPERATOR, {
      code: 'SHOP_X',
      name: 'Shop X',
      type: 'MERCHANT',
      parentCode: 'DIST2',
    });
    fees = new DynamoFeeSettingsRepository(deps.db, deps.config.tableName);
    const at = stack.clock.now().toISOString();
    await fees.set(t.platform.id, { minFeeRate: 5_000n }, at);
    await fees.set(t.dist.id, { parentFeeRate: 3_000n, maxFeeCap: 20_000n }, at);
    await fees.set(t.shopA.id, { depositFeeRate: 12_000n }, at);
    await fees.set(dist2.id, { parentFeeRate: 1_000n, maxFeeCap: 30_000n }, at);
    const client = async (p: Partner) => {
      const k = await issueApiKey(deps, OPERATOR, { partnerId: p.id, name: `${p.code} backend` });
      return contractChecked(
        createPartnerClient({ apiUrl: stack.apiUrl, apiKey: k.apiKey.id, apiSecret: k.secret }),
      );
    };
    api = {
      dist: await client(t.dist),
      dist2: await client(dist2),
      shop: await client(t.shopA),
      platform: await client(t.platform),
    };
  });
  afterAll(async () => stack.stop());

  const register = (body: Record<string, unknown>, idempotencyKey = key(), as = api.dist) =>
    as.request<{ subPartner: View; owner: { email: string } } & ErrorBody>('POST', '/v1/sub-partners', {
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  const merchant = (code: string, rate = '1.2') => ({
    type: 'MERCHANT',
    name: `Merchant ${code}`,
    email: `owner@${code.toLowerCase().replace(/_/g, '-')}.example`,
    password: PASSWORD,
    code,
    fees: { depositFeeRate: rate },
    chains: [{ network: 'BSC', tokens: ['USDT'] }],
  });
  const feesOf = async (p: Pick<Partner, 'id'>) => fees.get(p.id);

  describe('register', () => {
    it('registers a merchant with its fees, chains, OWNER and sign-in email; a replay answers the same', async () => {
      const k = key();
      const first = await register(merchant('SHOP_NEW'), k);
      expect(first.status).toBe(201);
      expect(first.body.subPartner).toMatchObject({
        code: 'SHOP_NEW',
        type: 'MERCHANT',
        status: 'ACTIVE',
        parentCode: 'DIST',
        fees: { depositFeeRate: '1.2', minFeeRate: '0.8' },
        chains: [{ network: 'BSC', tokens: ['USDT'] }],
      });
      const again = await register(merchant('SHOP_NEW'), k);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);

      const created = (await deps.partners.getByCode('SHOP_NEW'))!;
      expect(created).toMatchObject({ parentId: t.dist.id, depth: 2 });
      expect(await feesOf(created)).toMatchObject({ depositFeeRate: 12_000n });
      const owner = (await deps.users.getByEmail('owner@shop-new.example'))!;
      expect(owner).toMatchObject({ partnerId: created.id, role: 'OWNER', twoFactor: { enabled: false } });
      expect(await latestMail(deps, 'owner@shop-new.example')).toMatchObject({
        kind: 'ACCOUNT_CREATED',
        text: expect.stringContaining('two-factor'),
      });
      expect(await getSubPartnerDeps().subPartners.chains(created.id)).toEqual([
        { network: 'BSC', tokens: ['USDT'] },
      ]);

      // The new owner signs in with the initial password.
      const c = new ConsoleClient(stack.apiUrl);
      expect((await c.signIn('owner@shop-new.example')).status).toBe(200);
    });

    it('refuses rates outside the floor and cap (409 with the offender), a weak password and bad input; nothing is created', async () => {
      const below = await register(merchant('SHOP_LOW', '0.79'));
      expect(below.status).toBe(409);
      expect(below.body.error).toMatchObject({
        code: 'FEE_CONSTRAINT_VIOLATED',
        details: {
          offending: [{ code: 'SHOP_LOW', depositFeeRate: '0.79', minFeeRate: '0.8', maxFeeCap: '2' }],
        },
      });
      expect((await register(merchant('SHOP_HIGH', '2.01'))).body.error.code).toBe('FEE_CONSTRAINT_VIOLATED');
      const capUnderFloor = await register({
        ...merchant('DIST_LOW'),
        type: 'DISTRIBUTOR',
        fees: { parentFeeRate: '0.5', maxFeeCap: '1.2' },
      });
      expect(capUnderFloor.body.error).toMatchObject({
        code: 'FEE_CONSTRAINT_VIOLATED',
        details: { offending: [{ code: 'DIST_LOW', minFeeRate: '1.3', maxFeeCap: '1.2' }] },
      });
      const weak = await register({ ...merchant('SHOP_WEAK'), password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.error.fields?.[0]?.path).toBe('password');
      const wrongFees = await register({
        ...merchant('SHOP_WF'),
        fees: { parentFeeRate: '1', maxFeeCap: '2' },
      });
      expect(wrongFees.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'fees' }] });
      const noKey = await api.dist.request<ErrorBody>('POST', '/v1/sub-partners', {
        body: merchant('SHOP_NK'),
      });
      expect(noKey.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
      for (const code of ['SHOP_LOW', 'SHOP_HIGH', 'DIST_LOW', 'SHOP_WEAK', 'SHOP_WF', 'SHOP_NK'])
        expect(await deps.partners.getByCode(code)).toBeUndefined();
    });

    it('a retry with the same key after a crash half-way finishes the job: one partner, one owner', async () => {
      const sub = getSubPartnerDeps();
      let failures = 1;
      const store = sub.subPartners;
      const crashing = Object.create(sub, {
        subPartners: {
          value: Object.create(store, {
            setChains: {
              value: async (...args: Parameters<typeof store.setChains>) => {
                if (failures-- > 0) throw new Error('crash between steps');
                return store.setChains(...args);
              },
            },
          }),
        },
      }) as typeof sub;
      const caller = { partnerId: t.dist.id, actor: { type: 'API_KEY' as const, id: 'ak_test' } };
      const input = { ...merchant('SHOP_CRASH'), code: undefined };
      await expect(
        registerSubPartner(crashing, caller, input, { idempotencyKey: 'crash-1' }),
      ).rejects.toThrow('crash between steps');
      const orphan = (await deps.users.getByEmail('owner@shop-crash.example')) ?? null;
      expect(orphan).toBeNull(); // it crashed before the owner was made
      stack.clock.advance(61_000); // the first attempt's lease ends
      const done = await registerSubPartner(crashing, caller, input, { idempotencyKey: 'crash-1' });
      const children = await deps.partners.listChildren(t.dist.id);
      const mine = children.filter((c) => c.name === 'Merchant SHOP_CRASH');
      expect(mine).toHaveLength(1);
      expect(done.result.subPartner.code).toBe(mine[0]!.code);
      expect((await deps.users.getByEmail('owner@shop-crash.example'))?.partnerId).toBe(mine[0]!.id);
    });

    it('a distributor at depth 5 cannot register a distributor', async () => {
      let parent = t.dist;
      for (let depth = 2; depth <= 5; depth++)
        parent = await createPartner(deps, OPERATOR, {
          code: `DEEP${depth}`,
          name: `Deep ${depth}`,
          type: 'DISTRIBUTOR',
          parentCode: parent.code,
        });
      const k = await issueApiKey(deps, OPERATOR, { partnerId: parent.id, name: 'deep' });
      const deep = contractChecked(
        createPartnerClient({ apiUrl: stack.apiUrl, apiKey: k.apiKey.id, apiSecret: k.secret }),
      );
      const res = await register(
        { ...merchant('DEEP6'), type: 'DISTRIBUTOR', fees: { parentFeeRate: '0', maxFeeCap: '5' } },
        key(),
        deep,
      );
      expect(res.status).toBe(400);
      expect(await deps.partners.getByCode('DEEP6')).toBeUndefined();
    });
  });

  describe('list, tree, detail', () => {
    it('lists direct children with rates and floors, filters and cursor pages', async () => {
      const all = await api.dist.get<{ items: View[]; nextCursor?: string }>('/v1/sub-partners');
      expect(all.status).toBe(200);
      const shopA = all.body.items.find((i) => i.code === 'SHOP_A');
      expect(shopA).toMatchObject({ fees: { depositFeeRate: '1.2', minFeeRate: '0.8' }, childCount: 0 });
      expect(all.body.items.every((i) => i.parentCode === 'DIST')).toBe(true);
      const fromPlatform = await api.platform.get<{ items: View[] }>('/v1/sub-partners', {
        type: 'DISTRIBUTOR',
      });
      expect(fromPlatform.body.items.find((i) => i.code === 'DIST')).toMatchObject({
        fees: { parentFeeRate: '0.3', maxFeeCap: '2', minFeeRate: '0.8' },
      });
      expect(fromPlatform.body.items.every((i) => i.type === 'DISTRIBUTOR')).toBe(true);

      const q = await api.dist.get<{ items: View[] }>('/v1/sub-partners', { q: 'shop_a' });
      expect(q.body.items.map((i) => i.code)).toEqual(['SHOP_A']);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.dist.get<{ items: View[]; nextCursor?: string }>('/v1/sub-partners', {
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
        expect(page.body.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.body.items.map((i) => i.code));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(all.body.items.map((i) => i.code).sort());
      const forged = await api.dist.get<ErrorBody>('/v1/sub-partners', { cursor: 'eyJHU0kxUEsiOiJ4In0' });
      expect(forged.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('shows the tree with the caller at the root, and one sub-partner with the way down to it', async () => {
      const tree = await api.platform.get<{
        tree: {
          code: string;
          descendantCount: number;
          children: { code: string; children: { code: string }[] }[];
        };
      }>('/v1/sub-partners/tree');
      expect(tree.body.tree.code).toBe('PLATFORM');
      const dist = tree.body.tree.children.find((c) => c.code === 'DIST')!;
      expect(dist.children.map((c) => c.code)).toEqual(expect.arrayContaining(['SHOP_A', 'SHOP_B']));
      const detail = await api.platform.get<{ subPartner: View; ancestors: { code: string }[] }>(
        '/v1/sub-partners/SHOP_A',
      );
      expect(detail.body.ancestors.map((a) => a.code)).toEqual(['PLATFORM', 'DIST']);
      expect(detail.body.subPartner).toMatchObject({ code: 'SHOP_A', fees: { minFeeRate: '0.8' } });
    });
  });

  describe('edit', () => {
    it('changes a merchant rate within bounds and audits old and new', async () => {
      const res = await api.dist.request<{ subPartner: View }>('PATCH', '/v1/sub-partners/SHOP_B', {
        body: { name: 'Shop B renamed', fees: { depositFeeRate: '1.5' } },
      });
      expect(res.status).toBe(200);
      expect(res.body.subPartner).toMatchObject({ name: 'Shop B renamed', fees: { depositFeeRate: '1.5' } });
      expect(await feesOf(t.shopB)).toMatchObject({ depositFeeRate: 15_000n });
      const audit = await deps.audit.list(t.shopB.id, { limit: 20 });
      expect(audit.find((a) => a.action === 'subpartner.fees.change')?.details).toMatchObject({
        new: '{"depositFeeRate":"1.5"}',
      });
    });

    it('refuses a distributor rate that would put a merchant below its new floor, listing it, and writes nothing', async () => {
      const before = await feesOf(t.dist);
      const res = await api.platform.request<ErrorBody>('PATCH', '/v1/sub-partners/DIST', {
        body: { fees: { parentFeeRate: '0.8' } },
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'FEE_CONSTRAINT_VIOLATED',
        details: {
          offending: expect.arrayContaining([
            { code: 'SHOP_A', depositFeeRate: '1.2', minFeeRate: '1.3', maxFeeCap: '2' },
          ]),
        },
      });
      expect(await feesOf(t.dist)).toEqual(before);
      const ok = await api.platform.request<{ subPartner: View }>('PATCH', '/v1/sub-partners/DIST', {
        body: { fees: { parentFeeRate: '0.4' } },
      });
      expect(ok.body.subPartner.fees).toMatchObject({ parentFeeRate: '0.4', minFeeRate: '0.9' });
      const merchantWrongField = await api.dist.request<ErrorBody>('PATCH', '/v1/sub-partners/SHOP_A', {
        body: { fees: { maxFeeCap: '3' } },
      });
      expect(merchantWrongField.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [{ path: 'fees.maxFeeCap' }],
      });
    });
  });

  describe('concurrent edits', () => {
    it('a fee write whose reads went stale (a concurrent edit of a merchant below) is refused and writes nothing', async () => {
      const store = getSubPartnerDeps().subPartners;
      const read = await store.fees([t.platform.id, t.dist.id, t.shopA.id]);
      // Another edit lands between this edit's read and its write: the merchant's rate moves.
      const other = await api.dist.request('PATCH', '/v1/sub-partners/SHOP_A', {
        body: { fees: { depositFeeRate: '1.25' } },
      });
      expect(other.status).toBe(200);
      const dist = read.get(t.dist.id)!;
      await expect(
        store.writeFees(
          { ...dist, fees: { ...dist.fees, parentFeeRate: 8_000n } },
          [read.get(t.platform.id)!, read.get(t.shopA.id)!],
          stack.clock.now().toISOString(),
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await feesOf(t.dist)).parentFeeRate).toBe(dist.fees.parentFeeRate);
    });
  });

  describe('status, password reset, delete', () => {
    it('suspends with a reason (its API key refused at once) and reinstates', async () => {
      const k = await issueApiKey(deps, OPERATOR, { partnerId: t.shopB.id, name: 'B' });
      const shopB = contractChecked(
        createPartnerClient({ apiUrl: stack.apiUrl, apiKey: k.apiKey.id, apiSecret: k.secret }),
      );
      expect((await shopB.get('/v1/partner')).status).toBe(200);
      const noReason = await api.dist.post<ErrorBody>('/v1/sub-partners/SHOP_B/suspend', {});
      expect(noReason.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'reason' }] });
      const res = await api.dist.post<{ subPartner: View }>('/v1/sub-partners/SHOP_B/suspend', {
        reason: 'KYC review',
      });
      expect(res.body.subPartner).toMatchObject({ status: 'SUSPENDED', accessSuspended: true });
      expect(((await shopB.get('/v1/partner')).body as ErrorBody).error.code).toBe('PARTNER_SUSPENDED');
      const twice = await api.dist.post<ErrorBody>('/v1/sub-partners/SHOP_B/suspend', { reason: 'again' });
      expect(twice.body.error.code).toBe('ILLEGAL_TRANSITION');
      const audit = await deps.audit.list(t.shopB.id, { limit: 20 });
      expect(audit.find((a) => a.action === 'partner.suspend')?.details).toMatchObject({
        reason: 'KYC review',
      });
      const back = await api.dist.post<{ subPartner: View }>('/v1/sub-partners/SHOP_B/reinstate', {});
      expect(back.body.subPartner.status).toBe('ACTIVE');
      expect((await shopB.get('/v1/partner')).status).toBe(200);
    });

    it("a distributor's suspension refuses its whole subtree at once (API keys, console sign-in and sessions); deposits' partner stays; reinstating restores it", async () => {
      const shopOwner = await createUser(deps, t.shopA, 'OWNER');
      const session = new ConsoleClient(stack.apiUrl, '198.51.100.70');
      expect((await session.signIn(shopOwner.email)).status).toBe(200);
      expect((await api.shop.get('/v1/partner')).status).toBe(200);
      const res = await api.platform.post<{ subPartner: View }>('/v1/sub-partners/DIST/suspend', {
        reason: 'contract ended',
      });
      expect(res.body.subPartner).toMatchObject({ status: 'SUSPENDED', accessSuspended: true });
      expect(((await api.shop.get('/v1/partner')).body as ErrorBody).error.code).toBe('PARTNER_SUSPENDED');
      expect(((await api.dist.get('/v1/sub-partners')).body as ErrorBody).error.code).toBe(
        'PARTNER_SUSPENDED',
      );
      expect((await session.get<ErrorBody>('/console/me')).body.error.code).toBe('PARTNER_SUSPENDED');
      expect((await session.post<ErrorBody>('/console/auth/refresh')).body.error.code).toBe(
        'PARTNER_SUSPENDED',
      );
      const fresh = new ConsoleClient(stack.apiUrl, '198.51.100.71');
      expect((await fresh.signIn(shopOwner.email)).body).toMatchObject({
        error: { code: 'PARTNER_SUSPENDED' },
      });
      // The platform still sees it, with the badge; a sibling subtree is untouched.
      const view = await api.platform.get<{ subPartner: View }>('/v1/sub-partners/SHOP_A');
      expect(view.body.subPartner).toMatchObject({ status: 'ACTIVE', accessSuspended: true });
      expect((await api.dist2.get('/v1/sub-partners')).status).toBe(200);

      await api.platform.post('/v1/sub-partners/DIST/reinstate', { reason: 'renewed' });
      expect((await api.shop.get('/v1/partner')).status).toBe(200);
      expect((await api.dist.get('/v1/sub-partners')).status).toBe(200);
      expect((await fresh.signIn(shopOwner.email)).status).toBe(200);
    });

    it('the operator CLI suspension of a distributor reaches its subtree the same way', async () => {
      const k = await issueApiKey(deps, OPERATOR, { partnerId: shopX.id, name: 'X' });
      const x = contractChecked(
        createPartnerClient({ apiUrl: stack.apiUrl, apiKey: k.apiKey.id, apiSecret: k.secret }),
      );
      expect((await x.get('/v1/partner')).status).toBe(200);
      await changePartnerStatus(deps, OPERATOR, 'DIST2', 'SUSPEND');
      expect(((await x.get('/v1/partner')).body as ErrorBody).error.code).toBe('PARTNER_SUSPENDED');
      await changePartnerStatus(deps, OPERATOR, 'DIST2', 'REINSTATE');
      expect((await x.get('/v1/partner')).status).toBe(200);
    });

    it("resets the owner's password: shown once, sessions revoked, withdrawals locked, audited; the owner must change it first", async () => {
      const owner = await createUser(deps, t.shopB, 'OWNER');
      const c = new ConsoleClient(stack.apiUrl, '198.51.100.80');
      expect((await c.signIn(owner.email)).status).toBe(200);
      const res = await api.dist.post<{ temporaryPassword: string; email: string }>(
        '/v1/sub-partners/SHOP_B/owner-password-reset',
        {},
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body.email).toBe(owner.email);
      expect((await c.get<ErrorBody>('/console/me')).body.error.code).toBe('SESSION_REVOKED');
      // The lock holds the owner whose password was reset, not the whole partner.
      expect((await deps.partnerSecurity.get(t.shopB.id)).subjectLocks?.[`user:${owner.id}`]).toBeDefined();
      const audit = await deps.audit.list(t.shopB.id, { limit: 30 });
      expect(audit.some((a) => a.action === 'subpartner.owner.password.reset')).toBe(true);

      // The old password is gone; the temporary one signs in only to change it.
      const again = new ConsoleClient(stack.apiUrl, '198.51.100.81');
      expect((await again.signIn(owner.email)).status).toBe(401);
      const temp = await again.signIn(owner.email, res.body.temporaryPassword);
      expect(temp.body).toMatchObject({ status: 'PASSWORD_CHANGE_REQUIRED' });
      expect((await again.get<ErrorBody>('/console/sub-partners')).body.error.code).toBe(
        'PASSWORD_CHANGE_REQUIRED',
      );
      expect((await again.get('/console/me')).status).toBe(200);
      const changed = await again.post('/console/me/password', {
        currentPassword: res.body.temporaryPassword,
        newPassword: 'Brand-new-Pass-9',
      });
      expect(changed.status).toBe(200);
      const after = new ConsoleClient(stack.apiUrl, '198.51.100.82');
      expect((await after.signIn(owner.email, 'Brand-new-Pass-9')).body).toMatchObject({
        status: 'SIGNED_IN',
      });
      expect((await after.get('/console/dashboard')).status).toBe(200);
    });

    it('deletes only a direct child without transactions or sub-partners, naming the reason otherwise', async () => {
      const hasChildren = await api.platform.request<ErrorBody>('DELETE', '/v1/sub-partners/DIST');
      expect(hasChildren.body.error).toMatchObject({
        code: 'SUB_PARTNER_NOT_DELETABLE',
        details: { reason: 'HAS_SUB_PARTNERS' },
      });
      const notDirect = await api.platform.request<ErrorBody>('DELETE', '/v1/sub-partners/SHOP_A');
      expect(notDirect.body.error).toMatchObject({ details: { reason: 'NOT_DIRECT_CHILD' } });
      await register(merchant('SHOP_DEL'));
      const gone = await api.dist.request<{ deleted: string }>('DELETE', '/v1/sub-partners/SHOP_DEL');
      expect(gone.body).toEqual({ deleted: 'SHOP_DEL' });
      expect(await deps.partners.getByCode('SHOP_DEL')).toBeUndefined();
      expect((await api.dist.get<ErrorBody>('/v1/sub-partners/SHOP_DEL')).status).toBe(404);
      const c = new ConsoleClient(stack.apiUrl);
      expect((await c.signIn('owner@shop-del.example')).status).not.toBe(200);
    });
  });

  describe('scope: merchants 403, another subtree 404 and unchanged, at every endpoint', () => {
    const endpoints = (code: string): [string, string, unknown?][] => [
      ['GET', `/v1/sub-partners/${code}`],
      ['PATCH', `/v1/sub-partners/${code}`, { name: 'Hijacked', fees: { depositFeeRate: '1.9' } }],
      ['POST', `/v1/sub-partners/${code}/suspend`, { reason: 'probe' }],
      ['POST', `/v1/sub-partners/${code}/reinstate`, {}],
      ['POST', `/v1/sub-partners/${code}/owner-password-reset`, {}],
      ['DELETE', `/v1/sub-partners/${code}`],
    ];

    it('a distributor probing a sibling subtree gets 404 everywhere and nothing changes', async () => {
      const before = [await deps.partners.get(shopX.id), await feesOf(shopX)];
      for (const [method, path, body] of endpoints('SHOP_X')) {
        const res = await api.dist.request<ErrorBody>(method, path, body === undefined ? {} : { body });
        expect({ method, path, status: res.status, code: res.body.error?.code }).toEqual({
          method,
          path,
          status: 404,
          code: 'NOT_FOUND',
        });
      }
      // And the other way round, and for a code nobody has: the same answer.
      expect((await api.dist2.get('/v1/sub-partners/SHOP_A')).status).toBe(404);
      expect((await api.dist.get('/v1/sub-partners/NOBODY')).status).toBe(404);
      expect([await deps.partners.get(shopX.id), await feesOf(shopX)]).toEqual(before);
    });

    it('a merchant gets 403 FORBIDDEN on every sub-partner route', async () => {
      const routes: [string, string, unknown?][] = [
        ['GET', '/v1/sub-partners'],
        ['GET', '/v1/sub-partners/tree'],
        ...endpoints('SHOP_B'),
      ];
      for (const [method, path, body] of routes) {
        const res = await api.shop.request<ErrorBody>(method, path, body === undefined ? {} : { body });
        expect({ path, method, status: res.status, code: res.body.error?.code }).toEqual({
          path,
          method,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
      const reg = await register(merchant('SHOP_BY_SHOP'), key(), api.shop);
      expect(reg.status).toBe(403);
    });
  });

  describe('console', () => {
    let owner: ConsoleClient;
    let secret: string;

    beforeAll(async () => {
      const user = await createUser(deps, t.dist, 'OWNER');
      owner = new ConsoleClient(stack.apiUrl, '198.51.100.60');
      await owner.signIn(user.email);
      secret = (await enableTwoFactor(owner, stack.clock)).secret;
    });

    it('registers with an OTP, edits, suspends and reinstates, like the API', async () => {
      const noOtp = await owner.post<ErrorBody>('/console/sub-partners', merchant('SHOP_CON'));
      expect(noOtp.body.error.code).toBe('OTP_REQUIRED');
      const created = await owner.post<{ subPartner: View }>('/console/sub-partners', {
        ...merchant('SHOP_CON'),
        otp: owner.code(secret, stack.clock),
      });
      expect(created.status).toBe(201);
      expect(created.body.subPartner).toMatchObject({ code: 'SHOP_CON', parentCode: 'DIST' });
      const list = await owner.get<{ items: View[] }>('/console/sub-partners?type=MERCHANT');
      expect(list.body.items.map((i) => i.code)).toContain('SHOP_CON');
      expect((await owner.get<{ tree: { code: string } }>('/console/sub-partners/tree')).body.tree.code).toBe(
        'DIST',
      );
      stack.clock.advance(30_000);
      const edited = await owner.request<{ subPartner: View }>('PATCH', '/console/sub-partners/SHOP_CON', {
        fees: { depositFeeRate: '1.1' },
        otp: owner.code(secret, stack.clock),
      });
      expect(edited.body.subPartner.fees.depositFeeRate).toBe('1.1');
      stack.clock.advance(30_000);
      const suspended = await owner.post<{ subPartner: View }>('/console/sub-partners/SHOP_CON/suspend', {
        reason: 'fraud check',
        otp: owner.code(secret, stack.clock),
      });
      expect(suspended.body.subPartner.status).toBe('SUSPENDED');
      const c = new ConsoleClient(stack.apiUrl);
      expect((await c.signIn('owner@shop-con.example')).body).toMatchObject({
        error: { code: 'PARTNER_SUSPENDED' },
      });
      stack.clock.advance(30_000);
      const deleted = await owner.post<{ deleted: string }>('/console/sub-partners/SHOP_CON/delete', {
        otp: owner.code(secret, stack.clock),
      });
      expect(deleted.body).toEqual({ deleted: 'SHOP_CON' });
    });

    it('a VIEWER reads but cannot write; a sibling subtree is 404 at every console route and unchanged', async () => {
      const viewerUser = await createUser(deps, t.dist, 'VIEWER');
      const viewer = new ConsoleClient(stack.apiUrl, '198.51.100.61');
      await viewer.signIn(viewerUser.email);
      expect((await viewer.get('/console/sub-partners')).status).toBe(200);
      expect(
        (await viewer.post<ErrorBody>('/console/sub-partners', merchant('SHOP_V'))).body.error.code,
      ).toBe('PERMISSION_DENIED');
      const before = await deps.partners.get(shopX.id);
      stack.clock.advance(30_000);
      const probes: [string, string, Record<string, unknown>?][] = [
        ['GET', '/console/sub-partners/SHOP_X'],
        ['PATCH', '/console/sub-partners/SHOP_X', { name: 'Hijacked' }],
        ['POST', '/console/sub-partners/SHOP_X/suspend', { reason: 'probe' }],
        ['POST', '/console/sub-partners/SHOP_X/reinstate', {}],
        ['POST', '/console/sub-partners/SHOP_X/owner-password-reset', {}],
        ['POST', '/console/sub-partners/SHOP_X/delete', {}],
      ];
      for (const [method, path, body] of probes) {
        if (method !== 'GET') stack.clock.advance(30_000);
        const res = await owner.request<ErrorBody>(
          method,
          path,
          body === undefined ? undefined : { ...body, otp: owner.code(secret, stack.clock) },
        );
        expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
          path,
          status: 404,
          code: 'NOT_FOUND',
        });
      }
      expect(await deps.partners.get(shopX.id)).toEqual(before);
      const merchantOwner = await createUser(deps, t.shopA, 'OWNER');
      const m = new ConsoleClient(stack.apiUrl, '198.51.100.62');
      await m.signIn(merchantOwner.email);
      expect((await m.get<ErrorBody>('/console/sub-partners')).body.error.code).toBe('FORBIDDEN');
      expect((await m.post<ErrorBody>('/console/sub-partners/SHOP_A/delete', {})).body.error.code).toBe(
        'FORBIDDEN',
      );
    });
  });
});
