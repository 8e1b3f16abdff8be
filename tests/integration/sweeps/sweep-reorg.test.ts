import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import type { SweepLog } from '../../../shared/app/sweeps/deps';
import type { StoredDeposit } from '../../../shared/ports/deposits';
import { SweepBench, startSweepChain } from './sweep-support';
import type { SweepChainNode } from './sweep-support';

/**
 * A sweep that was mined — its deposits already COLLECTED — and then reorged out of the chain must not
 * leave them COLLECTED for a transaction that no longer exists: when the recorded bytes cannot be
 * mined again (another transaction took the nonce on the new canonical chain), the deposits go back to
 * CONFIRMED, reported with their exact amounts, and the next run sweeps them again — once.
 */
describe('a reorg of an already COLLECTED sweep (real chain)', () => {
  let chain: SweepChainNode;
  let b: SweepBench;

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
    b = new SweepBench(chain);
    await b.setUp();
  });
  afterAll(async () => {
    await b?.tearDown();
    await chain?.node.stop();
  });

  const statusOf = async (d: StoredDeposit) => (await b.deposits.deposits.get(d.id))?.status;

  it('puts the deposits back to CONFIRMED with their amounts reported, and sweeps them again once', async () => {
    const rpc = chain.node.rpcUrl;
    const hot = await b.hotAddress('reorged');
    await b.credit(hot, b.units('10'));
    await b.run(); // top-up + approve + the first sweep
    await b.mine(3);
    await b.run();
    const master = (await b.deposits.wallets.partnerWallet(b.merchantId, 'BSC', 'MASTER'))!.address;
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10')]);

    const [deposit] = await b.credit(hot, b.units('12'));
    const snapshot = await jsonRpc<string>(rpc, 'evm_snapshot', []);
    expect(await b.run()).toMatchObject({ sweepsSent: 1, mined: 1, errors: [] });
    expect(await statusOf(deposit!)).toBe('COLLECTED');
    const [sweep] = await b.wiring.store.listOpenTxs('BSC', 10);
    expect(sweep).toMatchObject({ type: 'SWEEP', status: 'MINED' });

    // The block with the sweep is replaced; on the new chain the gas tank's nonce goes to another transaction.
    await jsonRpc(rpc, 'evm_revert', [snapshot]);
    const tank = await b.wiring.gasTank.gasTank('BSC');
    const other = await tank.signTransaction({
      chainId: chain.network.chainId,
      nonce: sweep!.nonce,
      to: tank.address,
      data: '0x',
      value: 0n,
      gasLimit: 21_000n,
      gasPrice: (await b.chainAdapter.gasPrice()) * 2n,
    });
    expect(await b.chainAdapter.broadcast(other.raw)).toBe('ACCEPTED');
    await b.mine(5);
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10')]);

    const errors: { message: string; details?: Record<string, unknown> }[] = [];
    const log: SweepLog = {
      info: () => undefined,
      warn: () => undefined,
      error: (message, details) => void errors.push({ message, ...(details ? { details } : {}) }),
    };
    await b.run({ log });
    expect((await b.wiring.store.getTx(sweep!.id))?.status).toBe('DROPPED');
    // Released (CONFIRMED again), then claimed by a new sweep of the same run.
    expect((await b.deposits.deposits.get(deposit!.id))?.sweepTxId).not.toBe(sweep!.id);
    expect(errors).toContainEqual(
      expect.objectContaining({
        details: expect.objectContaining({
          sweepTxId: sweep!.id,
          deposits: [{ id: deposit!.id, amount: b.units('12').toString(), status: 'COLLECTED' }],
        }),
      }),
    );

    // Swept again under a new nonce, exactly once.
    await b.mine(3);
    await b.run();
    const settled = await b.deposits.deposits.get(deposit!.id);
    expect(settled?.status).toBe('SETTLED');
    expect(settled?.sweepTxId).not.toBe(sweep!.id);
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10'), b.units('12')]);
    const report = await b.reconcile('USDT@BSC');
    expect(report.status).toBe('OK');
  });
});
