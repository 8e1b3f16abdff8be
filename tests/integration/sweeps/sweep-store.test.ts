import { buildDeps } from '../../../shared/composition/gateway';
import { DynamoSweepStore } from '../../../shared/adapters/dynamodb/sweep-store';
import { DynamoTronSweepStore } from '../../../shared/adapters/tron/tron-sweep-store';
import { isGatewayError } from '../../../shared/domain/errors';
import type { SweepTx } from '../../../shared/domain/sweeps/sweep-transaction';
import type { TronSweep } from '../../../shared/ports/tron-sweeps';
import { createTestTable } from '../../support/test-env';

/**
 * Both sweep stores write a status only along the one transition table (shared/domain/sweeps/
 * sweep-status.ts): a writer whose read is current but whose move is not in the table — a late run
 * reopening a booked sweep — is refused and nothing changes.
 */
describe('sweep stores follow the one transition table', () => {
  let drop: () => Promise<void> = async () => undefined;
  let evm: DynamoSweepStore;
  let tron: DynamoTronSweepStore;
  const at = '2026-12-07T00:00:00.000Z';

  beforeAll(async () => {
    const table = await createTestTable('sweepstatus');
    drop = table.dropTable;
    const deps = buildDeps(table.config);
    evm = new DynamoSweepStore(deps.db, table.config.tableName);
    tron = new DynamoTronSweepStore(deps.db, table.config.tableName);
  });
  afterAll(async () => drop());

  it('EVM: a FINAL transaction cannot be moved back to SENT', async () => {
    const tx: SweepTx = {
      id: 'BSC:0xtank:0',
      type: 'TOPUP',
      network: 'BSC',
      status: 'SIGNED',
      from: '0xtank',
      nonce: 0,
      to: '0xhot',
      data: '0x',
      partnerId: 'ptn_1',
      address: '0xhot',
      walletType: 'HOT',
      token: 'USDT',
      value: 1n,
      amount: 0n,
      depositIds: [],
      attempts: [{ hash: '0xh', raw: '0xr', gasLimit: 21_000n, gasPrice: 1n, signedAt: at }],
      createdAt: at,
      updatedAt: at,
    };
    await evm.createRelayerTx({ tx, expectedCounter: undefined });
    await evm.updateTx(tx.id, 'SIGNED', { status: 'SENT', updatedAt: at });
    const skipped = await evm.updateTx(tx.id, 'SENT', { status: 'FINAL', updatedAt: at }).catch((e) => e);
    expect(isGatewayError(skipped, 'ILLEGAL_TRANSITION')).toBe(true);
    await evm.updateTx(tx.id, 'SENT', { status: 'MINED', updatedAt: at });
    await evm.updateTx(tx.id, 'MINED', { status: 'FINAL', updatedAt: at });
    const reopened = await evm.updateTx(tx.id, 'FINAL', { status: 'SENT', updatedAt: at }).catch((e) => e);
    expect(isGatewayError(reopened, 'ILLEGAL_TRANSITION')).toBe(true);
    expect((await evm.getTx(tx.id))?.status).toBe('FINAL');
  });

  it('TRON: a PREPARING sweep cannot be written MINED, nor a FINAL one reopened', async () => {
    const sweep: TronSweep = {
      id: 'TRON:TAddr:2',
      network: 'TRON',
      status: 'PREPARING',
      partnerId: 'ptn_1',
      address: 'TAddr2',
      walletType: 'HOT',
      hdAccount: 0,
      hdIndex: 2,
      token: 'USDT',
      asset: 'USDT@TRON',
      amount: 1n,
      destination: 'TMaster',
      depositIds: [],
      steps: [],
      createdAt: at,
      updatedAt: at,
    };
    await tron.create(sweep);
    const jumped = await tron
      .update(sweep.id, 'PREPARING', { ...sweep, status: 'MINED', revision: 1 })
      .catch((e: unknown) => e);
    expect(isGatewayError(jumped, 'ILLEGAL_TRANSITION')).toBe(true);
    await tron.update(sweep.id, 'PREPARING', { ...sweep, status: 'SIGNED', revision: 1 });
    await tron.update(sweep.id, 'SIGNED', { ...sweep, status: 'MINED', revision: 2 });
    await tron.update(sweep.id, 'MINED', { ...sweep, status: 'FINAL', revision: 3 });
    const reopened = await tron
      .update(sweep.id, 'FINAL', { ...sweep, status: 'SIGNED', revision: 4 })
      .catch((e: unknown) => e);
    expect(isGatewayError(reopened, 'ILLEGAL_TRANSITION')).toBe(true);
    expect((await tron.get(sweep.id))?.status).toBe('FINAL');
  });
});
