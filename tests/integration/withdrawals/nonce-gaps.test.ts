import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { FAKE_KEY_ARN, fakeKms } from '../../unit/signers/fake-kms';
import { WithdrawalBench } from './withdrawal-support';

jest.setTimeout(90_000);

interface RpcTx {
  readonly from: string;
  readonly to: string;
  readonly value: string;
  readonly nonce: string;
  readonly input: string;
}

/**
 * ADR 0010: a nonce allocated to a withdrawal always ends on chain. KMS (the fake, behaving like KMS)
 * goes down right after the first withdrawal got its nonce and stays down past the Prepare retries, so
 * the withdrawal fails; its nonce is filled by a zero-value self-transfer from MASTER, and the
 * withdrawals after it are not stuck behind a gap.
 */
describe('nonce gaps: a withdrawal that fails between nonce allocation and signing', () => {
  let chain: SweepChainNode;
  let bench: WithdrawalBench;

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
  });
  afterAll(async () => {
    await chain.node.stop();
  });
  afterEach(async () => {
    await bench.tearDown();
  });

  it('fills the nonce after a KMS outage, and the next 5 withdrawals confirm with gapless nonces', async () => {
    // KMS refuses the first Sign calls: the Prepare attempts (1 + 6 retries in the definition) and
    // the first two attempts of the Fail task; then it is back.
    let refusals = 9;
    const kms = fakeKms({ signUnavailable: () => refusals-- > 0 });
    bench = new WithdrawalBench(chain);
    await bench.setUp({ kms: { client: kms.client, keyId: FAKE_KEY_ARN } });
    bench.startMining(100);
    await bench.fund('20');
    const startNonce = await bench.nonceOf(bench.master);

    const { withdrawal: first } = await bench.request('3');
    const failed = await bench.waitFor(first.code, ['FAILED', 'CONFIRMED']);
    expect(failed.status).toBe('FAILED');
    expect(failed.failureReason).toBeDefined();
    expect(failed.tx?.nonce).toBe(startNonce);
    expect(failed.tx?.fill).toBeDefined();
    // The nonce went on chain as a zero-value self-transfer from MASTER, and nothing was paid out.
    const filler = await jsonRpc<RpcTx>(chain.network.rpcUrl, 'eth_getTransactionByHash', [
      failed.tx?.minedHash,
    ]);
    expect(filler.from.toLowerCase()).toBe(bench.master.toLowerCase());
    expect(filler.to.toLowerCase()).toBe(bench.master.toLowerCase());
    expect(BigInt(filler.value)).toBe(0n);
    expect(filler.input).toBe('0x');
    expect(Number(filler.nonce)).toBe(startNonce);
    expect(await bench.tokenBalance(first.address)).toBe(0n);
    // Its gas is recorded like a withdrawal's; its hold is released.
    const month = new Date().toISOString().slice(0, 7);
    const gas = await bench.wiring.deps.gasRecords.listByPartnerMonth(bench.partnerId, month, { limit: 50 });
    expect(gas.items.filter((g) => g.txHash === failed.tx?.minedHash)).toMatchObject([
      { type: 'WITHDRAWAL', success: true, address: failed.tx?.from },
    ]);
    expect(await bench.available()).toBe('20');

    // Recovery: the next five withdrawals go out at the next nonces and confirm.
    const next = await Promise.all(
      Array.from({ length: 5 }, (_, i) => bench.request('2', { key: `after-${i}` })),
    );
    const done = await Promise.all(
      next.map(({ withdrawal }) => bench.waitFor(withdrawal.code, ['CONFIRMED', 'FAILED'])),
    );
    expect(done.map((w) => w.status)).toEqual(Array(5).fill('CONFIRMED'));
    expect(done.map((w) => w.tx?.nonce).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 5 }, (_, i) => startNonce + 1 + i),
    );
    expect(await bench.nonceOf(bench.master)).toBe(startNonce + 6);
    for (const w of done) expect(await bench.tokenBalance(w.address)).toBe(bench.units('2'));
    expect(await bench.posted()).toBe('10');
    expect(bench.executionErrors).toEqual([]);
    expect(refusals).toBeLessThan(0); // the whole outage happened
  });
});
