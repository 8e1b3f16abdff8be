import { DynamoGasRecordStore } from '../../../shared/adapters/dynamodb/gas-record-store';
import { ConsoleClient, createTenants, createUser, startConsoleStack } from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

type Page = {
  records: { txHash: string; type: string; nativeAmount: string }[];
  totals: { network: string; count: number }[];
  nextCursor?: string;
};

/** Gas → Gas records in the console: the partner API's use-case, scoped to the session's partner. */
describe('console gas records', () => {
  let stack: ConsoleStack;
  let tenants: TestTenants;

  beforeAll(async () => {
    stack = await startConsoleStack('console-gas');
    tenants = await createTenants(stack.deps);
    const store = new DynamoGasRecordStore(stack.deps.db, stack.deps.config.tableName);
    for (const [partner, n] of [
      [tenants.shopA.id, 1],
      [tenants.shopA.id, 2],
      [tenants.shopB.id, 3],
    ] as const)
      await store.record({
        network: 'POLYGON',
        type: 'APPROVE',
        partnerId: partner,
        txHash: `0x${String(n).padStart(64, '0')}`,
        address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
        token: 'USDC',
        blockNumber: n,
        gasUsed: 46_000n,
        effectiveGasPrice: 30_000_000_000n,
        nativeAmount: 1_380_000_000_000_000n,
        nativeAsset: 'POL@POLYGON',
        transferredAmount: 0n,
        usdValue: '0.000690',
        success: true,
        at: `2026-11-0${n}T10:00:00.000Z`,
      });
  });
  afterAll(async () => stack.stop());

  it('shows a viewer its own partner’s records and totals, pages them, and none of another partner’s', async () => {
    const viewer = new ConsoleClient(stack.apiUrl);
    expect((await viewer.signIn((await createUser(stack.deps, tenants.shopA, 'VIEWER')).email)).status).toBe(
      200,
    );
    const first = await viewer.get<Page>('/console/gas-records?month=2026-11&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.records.map((r) => [r.type, r.nativeAmount])).toEqual([['APPROVE', '0.00138']]);
    expect(first.body.totals).toMatchObject([{ network: 'POLYGON', count: 2 }]);
    const second = await viewer.get<Page>(
      `/console/gas-records?month=2026-11&limit=1&cursor=${first.body.nextCursor as string}`,
    );
    expect(second.body.records.map((r) => r.txHash)).toEqual([`0x${'1'.padStart(64, '0')}`]);

    const other = new ConsoleClient(stack.apiUrl);
    expect((await other.signIn((await createUser(stack.deps, tenants.shopB, 'OWNER')).email)).status).toBe(
      200,
    );
    const theirs = await other.get<Page>('/console/gas-records?month=2026-11');
    expect(theirs.body.records.map((r) => r.txHash)).toEqual([`0x${'3'.padStart(64, '0')}`]);
    const refused = await other.get<Page>(
      `/console/gas-records?month=2026-11&limit=1&cursor=${first.body.nextCursor as string}`,
    );
    expect(refused.status).toBe(400);
  });
});
