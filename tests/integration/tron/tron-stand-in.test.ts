import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TronWeb } from 'tronweb';
import { LOCAL_TRON_FAUCET, startLocalTron } from '../../../scripts/local/tron/local-tron';

/** The stand-in as `npm start` runs it: its chain survives a restart, from a file written whole. */
describe('TRON node stand-in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tron-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps accounts, balances, blocks and transactions across a restart, and goes on from its head', async () => {
    const statePath = join(dir, 'tron-state.json');
    const first = await startLocalTron({ blockTimeMs: 0, statePath });
    const to = TronWeb.address.fromPrivateKey('77'.repeat(32)) as string;
    const post = (url: string, path: string, body: Record<string, unknown>) =>
      fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<Record<string, unknown>>,
      );
    const trx = await post(first.url, '/admin/faucet', { to, amount: 3_000_000, mine: true });
    const usdt = await post(first.url, '/admin/faucet', { to, amount: 4_000_000, token: 'USDT', mine: true });
    first.mine(30);
    const head = first.chain.head;
    await first.stop();
    expect(JSON.parse(readFileSync(statePath, 'utf8'))).toMatchObject({ version: 1 });

    const second = await startLocalTron({ blockTimeMs: 0, statePath });
    try {
      expect(second.chain.head).toEqual(head);
      expect(await post(second.url, '/wallet/getaccount', { address: to, visible: true })).toMatchObject({
        balance: 3_000_000,
      });
      const info = await post(second.url, '/wallet/gettransactioninfobyid', { value: usdt['txid'] });
      expect(info).toMatchObject({ receipt: { result: 'SUCCESS' } });
      expect(
        await post(second.url, '/walletsolidity/gettransactionbyid', { value: trx['txid'] }),
      ).toMatchObject({
        ret: [{ contractRet: 'SUCCESS' }],
      });
      const tw = new TronWeb({ fullHost: second.url });
      expect(String(await (await tw.contract().at(second.tokens.USDT)).balanceOf(to).call())).toBe('4000000');
      const next = second.mine(1);
      expect(next).toMatchObject({ number: head.number + 1, parentHash: head.blockID });
      expect(second.faucet.address).toBe(LOCAL_TRON_FAUCET.address);
    } finally {
      await second.stop();
    }
  });
});
