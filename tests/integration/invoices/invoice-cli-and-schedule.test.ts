import type { Context } from 'aws-lambda';
import { functionSpec } from '../../../functions/catalog';
import { runInvoiceCommand } from '../../../scripts/cli-invoices';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import { DynamoGasRecordStore } from '../../../shared/adapters/dynamodb/gas-record-store';
import type { IssueResult } from '../../../shared/app/invoices/gas-invoices';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { getDeps } from '../../../shared/composition/gateway';
import { previousMonth } from '../../../shared/domain/invoices/invoice-rules';
import type { GasRecord } from '../../../shared/ports/gas-records';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };
type Handler = (event: unknown, context: Context) => Promise<IssueResult>;

function record(partnerId: string, n: number, at: string): GasRecord {
  return {
    network: 'POLYGON',
    type: 'WITHDRAWAL',
    partnerId,
    txHash: `0x${n.toString(16).padStart(64, '0')}`,
    address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
    token: 'USDT',
    blockNumber: n,
    gasUsed: 21_000n,
    effectiveGasPrice: 30n * 10n ** 9n,
    nativeAmount: 63n * 10n ** 13n,
    nativeAsset: 'POL@POLYGON',
    transferredAmount: 0n,
    usdValue: '0.000158',
    success: true,
    at,
  };
}

/**
 * The scheduled handler as Lambda and the local scheduler run it (previous month, from the process's
 * wiring), and the operator CLI's `invoices` commands on the same table.
 */
describe('gas invoices: scheduled handler and operator CLI', () => {
  let dropTable: () => Promise<void>;
  const out: string[] = [];
  const silence = jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const printed = () => JSON.parse(out.splice(0).join('')) as Record<string, unknown>;
  const lastMonth = previousMonth(new Date());

  beforeAll(async () => {
    const table = await createTestTable('invoice-cli');
    dropTable = table.dropTable;
    const deps = getDeps();
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    const shop = await createPartner(deps, OPERATOR, {
      code: 'SHOP',
      name: '상점',
      type: 'MERCHANT',
      parentCode: 'PLATFORM',
    });
    const records = new DynamoGasRecordStore(deps.db, deps.config.tableName);
    await records.record(record(shop.id, 1, `${lastMonth}-03T10:00:00.000Z`));
    await records.record(record(shop.id, 2, `${lastMonth}-04T10:00:00.000Z`));
    await records.record(record(shop.id, 3, '2026-06-15T10:00:00.000Z'));
  });
  afterAll(async () => {
    silence.mockRestore();
    await dropTable();
  });

  it('the monthly handler issues the previous month, and running it again changes nothing', async () => {
    const { handler } = (await import('../../../functions/schedules/issue-gas-invoices')) as {
      handler: Handler;
    };
    const context = lambdaContext(functionSpec('issueGasInvoices'));
    expect(await handler({ scheduleId: 'issue-gas-invoices' }, context)).toEqual({
      month: lastMonth,
      issued: 1,
      skipped: 1,
      alreadyIssued: 0,
      failed: 0,
      lateRecords: 0,
    });
    expect(await handler({ scheduleId: 'issue-gas-invoices' }, context)).toMatchObject({
      issued: 0,
      alreadyIssued: 1,
    });
  });

  it('issues any month on demand, lists, credits, marks paid and refuses a void of a paid invoice', async () => {
    await runInvoiceCommand('invoices', 'issue', undefined, { month: '2026-06', partner: 'SHOP' }, 'op');
    expect(printed()).toMatchObject({ month: '2026-06', issued: 1 });
    await runInvoiceCommand('invoices', 'list', undefined, { partner: 'SHOP' }, 'op');
    const { items } = printed() as {
      items: { number: string; month: string; totalUsd: string; status: string }[];
    };
    expect(items.map((i) => [i.number, i.month, i.totalUsd, i.status])).toEqual([
      ['GAS-000002', '2026-06', '0.000158', 'ISSUED'],
      ['GAS-000001', lastMonth, '0.000316', 'ISSUED'],
    ]);
    await runInvoiceCommand(
      'invoices',
      'credit',
      'GAS-000001',
      { amount: '0.0001', reason: 'goodwill' },
      'op',
    );
    expect(printed()).toMatchObject({
      number: 'GAS-000003',
      kind: 'CREDIT_NOTE',
      creditFor: 'GAS-000001',
      totalUsd: '0.0001',
    });
    await runInvoiceCommand('invoices', 'mark-paid', 'GAS-000001', { reference: 'wire 42' }, 'op');
    expect(printed()).toMatchObject({
      status: 'PAID',
      payment: { method: 'EXTERNAL', reference: 'wire 42' },
    });
    await expect(
      runInvoiceCommand('invoices', 'void', 'GAS-000001', { reason: 'x' }, 'op'),
    ).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
    expect(await runInvoiceCommand('nope', 'x', undefined, {}, 'op')).toBe(false);
  });
});
