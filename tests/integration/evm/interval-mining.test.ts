import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import {
  fundFromFaucet,
  startLocalEvmChains,
  type LocalEvmChains,
} from '../../../scripts/local/evm/local-chains';
import { TEST_CACHE_DIR, freshAddress, sleep, tokenBalance } from './evm-test-support';

interface RpcBlock {
  number: string;
  timestamp: string;
  transactions: string[];
}

describe('local EVM chains (interval mining)', () => {
  let chains: LocalEvmChains;

  beforeAll(async () => {
    chains = await startLocalEvmChains({
      ports: { BSC: 0, POLYGON: 0 },
      mining: 'interval',
      blockTimeSeconds: 0.5,
      cacheDir: TEST_CACHE_DIR,
    });
  });
  afterAll(async () => {
    await chains?.stop();
  });

  it('produces empty blocks on its own, on both chains', async () => {
    const rpcUrls = [chains.networks.BSC.rpcUrl, chains.networks.POLYGON.rpcUrl];
    const before = await Promise.all(
      rpcUrls.map((url) => jsonRpc<string>(url, 'eth_blockNumber').then(Number)),
    );
    await sleep(1_700);
    for (const [index, rpcUrl] of rpcUrls.entries()) {
      const head = Number(await jsonRpc<string>(rpcUrl, 'eth_blockNumber'));
      expect(head).toBeGreaterThanOrEqual(before[index]! + 2);
      const latest = await jsonRpc<RpcBlock>(rpcUrl, 'eth_getBlockByNumber', [
        `0x${head.toString(16)}`,
        false,
      ]);
      expect(latest.transactions).toEqual([]);
    }
  });

  it('deployed the tokens and still confirms faucet transfers', async () => {
    const bsc = chains.networks.BSC;
    const recipient = freshAddress();
    const receipts = await Promise.all([
      fundFromFaucet(bsc, 'USDC', recipient, 10n ** 18n),
      fundFromFaucet(bsc, 'USDC', recipient, 5n),
    ]);
    expect(await tokenBalance(bsc, 'USDC', recipient)).toBe(10n ** 18n + 5n);
    const block = await jsonRpc<RpcBlock>(bsc.rpcUrl, 'eth_getBlockByNumber', [
      `0x${receipts[0].blockNumber.toString(16)}`,
      false,
    ]);
    expect(block.transactions).toContain(receipts[0].hash);
  });
});
