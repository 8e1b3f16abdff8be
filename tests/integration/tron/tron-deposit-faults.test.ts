import { TronWeb } from 'tronweb';
import { getDeps } from '../../../shared/composition/gateway';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { createTestTable } from '../../support/test-env';
import { privateTronChain } from './tron-test-chain';
import type { TronTestChain } from './tron-test-chain';
import { platformAndShop, pollTronOnce } from './tron-deposit-flow';

/**
 * What must never be credited on TRON — look-alike "USDT" contracts, TRC-10 tokens, failed and
 * zero-value transfers — and a fork before solidification, against the stand-in (its own instance, so
 * the test owns block production).
 */
describe('TRON deposits: fakes and forks', () => {
  let chain: TronTestChain;
  let dropTable: () => Promise<void>;
  let partnerId: string;
  let users = 0;

  beforeAll(async () => {
    dropTable = (await createTestTable('tron-faults')).dropTable;
    chain = await privateTronChain();
    partnerId = await platformAndShop(getDeps());
  });
  afterAll(async () => {
    await chain.stop();
    await dropTable();
  });

  async function poll(): Promise<void> {
    expect((await pollTronOnce(chain, getDeps(), getDepositDeps())).failedRounds).toBe(0);
  }

  async function hotAddress(): Promise<string> {
    return (await getDepositAddress(getDepositDeps(), partnerId, { userId: `u${++users}`, network: 'TRON' }))
      .address;
  }

  const depositsTo = async (address: string) =>
    (await getDepositDeps().deposits.list(partnerId, { limit: 100 })).items.filter(
      (d) => d.toAddress === address,
    );

  it('credits only real USDT: not a look-alike USDT contract, a TRC-10 token, a zero transfer or a transfer that ran out of energy', async () => {
    const fakes = await hotAddress();
    const real = await hotAddress();
    // A sender with USDT but almost no TRX and a tiny fee limit: its transfer is mined as OUT_OF_ENERGY.
    const poor = TronWeb.fromMnemonic(
      'test test test test test test test test test test test junk',
      "m/44'/195'/7'/0/0",
    ) as { address: string; privateKey: string };
    const poorKey = { address: poor.address, privateKey: poor.privateKey.replace(/^0x/, '') };
    await chain.sendTrx(poorKey.address, 2_000_000n);
    await chain.sendToken('USDT', poorKey.address, 50_000_000n);
    await chain.mine(1);

    await chain.sendToken('FAKE_USDT', fakes, 500_000_000n);
    await chain.sendTrc10(fakes, 500_000_000n);
    await chain.sendToken('USDT', fakes, 0n);
    const outOfEnergy = await chain.sendToken('USDT', fakes, 20_000_000n, poorKey);
    const good = await chain.sendToken('USDT', real, 7_000_000n);
    await chain.mine(1);
    const info = await chain.post<{ receipt?: { result?: string } }>('/wallet/gettransactioninfobyid', {
      value: outOfEnergy,
    });
    expect(info.receipt?.result).toBe('OUT_OF_ENERGY');

    await poll();
    await chain.mine(20);
    await poll();

    expect(await depositsTo(fakes)).toEqual([]);
    const [credited] = await depositsTo(real);
    expect(credited).toMatchObject({ status: 'CONFIRMED', txHash: good, amount: 7_000_000n });
    expect((await getDeps().ledger.balance(accounts.custody(partnerId, 'HOT', 'USDT@TRON'))).posted).toBe(
      7_000_000n,
    );
  });

  it('fails a deposit whose block is dropped by a fork before solidification, with no credit', async () => {
    const address = await hotAddress();
    await chain.sendToken('USDT', address, 30_000_000n);
    await chain.mine(1);
    await poll();
    const [seen] = await depositsTo(address);
    expect(seen?.status).toMatch(/DETECTED|CONFIRMING/);

    const dropped = await chain.admin<{ dropped: string[] }>('/admin/fork', { depth: 1, reinclude: false });
    expect(dropped.dropped).toEqual([seen?.txHash]);
    await poll();
    await chain.mine(20);
    await poll();

    const [after] = await depositsTo(address);
    expect(after).toMatchObject({ status: 'FAILED', failureReason: 'REORGED' });
    expect(after?.ledgerEntryId).toBeUndefined();
    expect(await getDeps().ledger.getEntry(`deposit:TRON:${seen?.txHash}:0`)).toBeUndefined();
  });

  it('follows a deposit re-included in another block by a fork and credits it once', async () => {
    const address = await hotAddress();
    const txid = await chain.sendToken('USDT', address, 40_000_000n);
    await chain.mine(2);
    await poll();
    const [seen] = await depositsTo(address);

    await chain.admin('/admin/fork', { depth: 2, reinclude: true });
    await poll();
    await chain.mine(20);
    await poll();
    await poll();

    const [after] = await depositsTo(address);
    expect(after).toMatchObject({ status: 'CONFIRMED', txHash: txid });
    expect(after?.blockHash).not.toBe(seen?.blockHash);
    const entry = await getDeps().ledger.getEntry(`deposit:TRON:${txid}:0`);
    expect(entry?.id).toBe(after?.ledgerEntryId);
  });
});
