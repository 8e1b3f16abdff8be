import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { resumeStalledWithdrawals } from '../../../shared/app/withdrawals/resume-withdrawals';
import { isGatewayError } from '../../../shared/domain/errors';
import { startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { task, WithdrawalBench } from './withdrawal-support';

jest.setTimeout(90_000);

describe('withdrawals under concurrency, crashes, stuck transactions and an empty MASTER', () => {
  let chain: SweepChainNode;
  let bench: WithdrawalBench;

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
  });
  afterAll(async () => {
    await chain.node.stop();
  });
  afterEach(async () => {
    await bench.setAutomine(true);
    await bench.tearDown();
  });

  async function setUp(options: Parameters<WithdrawalBench['setUp']>[0] = {}, mining = true) {
    bench = new WithdrawalBench(chain);
    await bench.setUp(options);
    if (mining) bench.startMining(100);
  }

  it('lets exactly 10 of 100 concurrent withdrawals through a balance that covers 10, with gapless nonces', async () => {
    await setUp();
    await bench.fund('10');
    const startNonce = await bench.nonceOf(bench.master);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => bench.request('1', { key: `burst-${i}` })),
    );
    const accepted = results
      .filter((r) => r.status === 'fulfilled')
      .map(
        (r) =>
          (r as PromiseFulfilledResult<Awaited<ReturnType<WithdrawalBench['request']>>>).value.withdrawal,
      );
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason as unknown);
    expect(accepted).toHaveLength(10);
    expect(refused.every((e) => isGatewayError(e, 'INSUFFICIENT_FUNDS'))).toBe(true);
    // Refused requests leave nothing behind.
    const listed = await bench.wiring.deps.withdrawals.list(bench.partnerId, { limit: 100 });
    expect(listed.items).toHaveLength(10);
    expect(await bench.available()).toBe('0');
    const done = await Promise.all(accepted.map((w) => bench.waitFor(w.code, ['CONFIRMED', 'FAILED'])));
    expect(done.every((w) => w.status === 'CONFIRMED')).toBe(true);
    const nonces = done.map((w) => w.tx?.nonce ?? -1).sort((a, b) => a - b);
    expect(nonces).toEqual(Array.from({ length: 10 }, (_, i) => startNonce + i));
    expect(await bench.nonceOf(bench.master)).toBe(startNonce + 10);
    expect(await bench.tokenBalance(bench.master)).toBe(0n);
    expect(await bench.posted()).toBe('0');
  });

  it('sends one transaction when it crashes after signing, and again after sending but before recording it', async () => {
    await setUp({ manualWorkflow: true });
    await bench.fund('20');
    const startNonce = await bench.nonceOf(bench.master);
    const first = (await bench.request('5')).withdrawal;
    const second = (await bench.request('7')).withdrawal;
    for (const w of [first, second]) {
      expect(await task(bench, 'begin', w.code)).toMatchObject({ route: 'PROCESS', status: 'APPROVED' });
      expect(await task(bench, 'prepare', w.code)).toMatchObject({
        route: 'BROADCAST',
        status: 'PROCESSING',
      });
    }
    // Crash 1: signed and stored, never sent. Crash 2: sent, but the status write never happened.
    const signed = await bench.get(second.code);
    await bench.chainAdapter.broadcast(signed.tx?.attempts[0]?.raw ?? '');
    // A re-run of prepare signs nothing new: the stored transaction is the one.
    expect(await task(bench, 'prepare', first.code)).toMatchObject({ route: 'BROADCAST' });
    // The restarted executions pick up from the stored status.
    await bench.workflow.start({ partnerId: bench.partnerId, code: first.code });
    await bench.workflow.start({ partnerId: bench.partnerId, code: second.code });
    for (const w of [first, second]) {
      const done = await bench.waitFor(w.code, 'CONFIRMED');
      expect(done.tx?.attempts).toHaveLength(1);
      expect(await bench.tokenBalance(done.address)).toBe(w.amount);
    }
    expect(await bench.nonceOf(bench.master)).toBe(startNonce + 2);
    expect(await bench.posted()).toBe('8');
  });

  it('replaces a transaction that is not mined in time (same nonce, higher price) and pays once', async () => {
    await setUp({ stuckAfterMs: 300 }, false);
    await bench.fund('3');
    await bench.setAutomine(false);
    const startNonce = await bench.nonceOf(bench.master);
    const { withdrawal } = await bench.request('3');
    await bench.waitFor(withdrawal.code, 'BROADCASTING');
    for (;;) {
      const w = await bench.get(withdrawal.code);
      if ((w.tx?.attempts.length ?? 0) >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const replaced = await bench.get(withdrawal.code);
    const [a, b] = replaced.tx?.attempts ?? [];
    expect(b?.gasPrice).toBeGreaterThanOrEqual(((a?.gasPrice ?? 0n) * 115n) / 100n);
    expect(b?.hash).not.toBe(a?.hash);
    await bench.setAutomine(true);
    bench.startMining(100);
    const done = await bench.waitFor(withdrawal.code, 'CONFIRMED');
    expect(done.tx?.attempts.map((x) => x.hash)).toContain(done.tx?.minedHash);
    expect(await bench.tokenBalance(done.address)).toBe(bench.units('3'));
    expect(await bench.nonceOf(bench.master)).toBe(startNonce + 1);
    expect(await bench.posted()).toBe('0');
    // Only the mined attempt exists on chain; the others were replaced in the pool.
    const receipts = await Promise.all(
      (done.tx?.attempts ?? []).map((x) =>
        jsonRpc<unknown>(chain.network.rpcUrl, 'eth_getTransactionReceipt', [x.hash]),
      ),
    );
    expect(receipts.filter((r) => r !== null)).toHaveLength(1);
  });

  it('waits with an INSUFFICIENT_MASTER_BALANCE alert while MASTER cannot pay, then proceeds after a top-up', async () => {
    await setUp();
    await bench.fund('40', { chain: false });
    await bench.fund('10', { ledger: false });
    const { withdrawal } = await bench.request('30');
    for (;;) {
      if (bench.alerts.some((a) => a.type === 'INSUFFICIENT_MASTER_BALANCE' && a.code === withdrawal.code))
        break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const waiting = await bench.get(withdrawal.code);
    expect(waiting.status).toBe('PROCESSING');
    expect(waiting.tx).toBeUndefined();
    expect(await bench.tokenBalance(waiting.address)).toBe(0n);
    await bench.fund('30', { ledger: false });
    const done = await bench.waitFor(withdrawal.code, 'CONFIRMED');
    expect(await bench.tokenBalance(done.address)).toBe(bench.units('30'));
    expect(await bench.posted()).toBe('10');
  });

  it('resumes a withdrawal whose execution was lost (crash, restart) and pays it once', async () => {
    await setUp({ manualWorkflow: true });
    await bench.fund('4');
    const startNonce = await bench.nonceOf(bench.master);
    const { withdrawal } = await bench.request('4');
    await task(bench, 'begin', withdrawal.code);
    await task(bench, 'prepare', withdrawal.code); // signed and stored; then the execution is gone
    const deps = { ...bench.wiring.deps, workflow: bench.workflow };
    expect(await resumeStalledWithdrawals(deps, { olderThanMs: 0 })).toEqual({ checked: 1, started: 1 });
    // A second sweep while it runs starts nothing.
    expect(await resumeStalledWithdrawals(deps, { olderThanMs: 0 })).toMatchObject({ started: 0 });
    const done = await bench.waitFor(withdrawal.code, 'CONFIRMED');
    expect(done.tx?.attempts).toHaveLength(1);
    expect(await bench.nonceOf(bench.master)).toBe(startNonce + 1);
    expect(await resumeStalledWithdrawals(deps, { olderThanMs: 0 })).toEqual({ checked: 0, started: 0 });
  });
});
