import { Wallet } from 'ethers';
import { registerExternalWallet } from '../../../shared/app/deposits/deposit-addresses';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { ConsoleClient, createTenants, createUser, startConsoleStack } from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

type Page = { externalWallets: { address: string }[]; nextCursor?: string };
type Refusal = { error: { code: string; fields: { path: string }[] } };

describe('console page cursors are sealed to the workspace, the list and its filters', () => {
  let stack: ConsoleStack;
  let tenants: TestTenants;
  let a: ConsoleClient;
  let b: ConsoleClient;

  beforeAll(async () => {
    stack = await startConsoleStack('console-cursors');
    tenants = await createTenants(stack.deps);
    for (let i = 0; i < 3; i++) {
      await registerExternalWallet(
        getDepositDeps(),
        tenants.shopA.id,
        { userId: `u-${i}`, network: 'BSC', address: Wallet.createRandom().address },
        { type: 'API_KEY', id: 'test' },
      );
    }
    a = new ConsoleClient(stack.apiUrl);
    b = new ConsoleClient(stack.apiUrl);
    expect((await a.signIn((await createUser(stack.deps, tenants.shopA, 'OWNER')).email)).status).toBe(200);
    expect((await b.signIn((await createUser(stack.deps, tenants.shopB, 'OWNER')).email)).status).toBe(200);
  });
  afterAll(async () => stack.stop());

  const refusedCursor = (res: { status: number; body: unknown }) => {
    expect(res.status).toBe(400);
    expect((res.body as Refusal).error.fields.map((f) => f.path)).toEqual(['cursor']);
  };

  it('pages with the cursors it issues and refuses altered, foreign and hand-made ones', async () => {
    const first = await a.get<Page>('/console/external-wallets?limit=1');
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('EXTWALLET');
    const second = await a.get<Page>(`/console/external-wallets?limit=1&cursor=${cursor}`);
    expect(second.status).toBe(200);
    expect(second.body.externalWallets[0]?.address).not.toBe(first.body.externalWallets[0]?.address);

    const flipped = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;
    refusedCursor(await a.get(`/console/external-wallets?limit=1&cursor=${flipped}`));
    refusedCursor(await b.get(`/console/external-wallets?limit=1&cursor=${cursor}`));
    refusedCursor(await a.get(`/console/deposits?cursor=${cursor}`));
    const handMade = Buffer.from(JSON.stringify({ PK: 'x', SK: 'y', GSI1PK: 'z' })).toString('base64url');
    refusedCursor(await a.get(`/console/external-wallets?cursor=${handMade}`));
  });

  it('refuses oversized path parameters with their field instead of failing on the key', async () => {
    for (const path of [
      `/console/deposits/${'D'.repeat(5000)}`,
      `/console/withdrawals/${'W'.repeat(5000)}`,
    ]) {
      const res = await a.get<Refusal>(path);
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f) => f.path)).toEqual(['code']);
    }
  });
});
