import { Contract, getAddress } from 'ethers';
import {
  LOCAL_CHAIN_IDS,
  LOCAL_DEPLOYER_ADDRESS,
  LOCAL_RPC_PORTS,
  localTokenAddress,
  networkRegistry,
} from '../../../shared/config/networks';
import { startAnvil } from '../../../scripts/local/evm/anvil';
import { compileTestStablecoin } from '../../../scripts/local/evm/compile-contracts';
import { deployLocalTokens } from '../../../scripts/local/evm/deploy-tokens';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { createLocalProvider, localDevWallet } from '../../../scripts/local/evm/local-accounts';
import {
  fundFromFaucet,
  mineBlocks,
  sendNativeFromFaucet,
  startLocalEvmChains,
  type LocalEvmChains,
} from '../../../scripts/local/evm/local-chains';
import { TEST_CACHE_DIR, freshAddress, readToken, tokenBalance } from './evm-test-support';

const ANVIL_FIRST_ACCOUNT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

describe('local EVM chains (automine)', () => {
  let chains: LocalEvmChains;

  beforeAll(async () => {
    chains = await startLocalEvmChains({
      ports: { BSC: 0, POLYGON: 0 },
      mining: 'auto',
      cacheDir: TEST_CACHE_DIR,
    });
  });
  afterAll(async () => {
    await chains?.stop();
  });

  it('serves the local chain ids on two distinct free ports', async () => {
    const { BSC, POLYGON } = chains.networks;
    expect(BSC.chainId).toBe(LOCAL_CHAIN_IDS.BSC);
    expect(POLYGON.chainId).toBe(LOCAL_CHAIN_IDS.POLYGON);
    expect(Number(await jsonRpc<string>(BSC.rpcUrl, 'eth_chainId'))).toBe(1_337_056);
    expect(Number(await jsonRpc<string>(POLYGON.rpcUrl, 'eth_chainId'))).toBe(1_337_137);
    const ports = [BSC.rpcUrl, POLYGON.rpcUrl].map((url) => Number(new URL(url).port));
    expect(new Set(ports).size).toBe(2);
    for (const port of ports) expect([0, LOCAL_RPC_PORTS.BSC, LOCAL_RPC_PORTS.POLYGON]).not.toContain(port);
  });

  it.each([
    ['BSC', 18],
    ['POLYGON', 6],
  ] as const)(
    'deploys USDT and USDC on %s at the predicted addresses with %i decimals',
    async (code, decimals) => {
      const network = chains.networks[code];
      for (const symbol of ['USDT', 'USDC'] as const) {
        const expectedAddress = localTokenAddress(symbol);
        expect(network.tokens[symbol]).toEqual({ address: expectedAddress, decimals });
        expect(networkRegistry('local')[code].tokens[symbol]?.address).toBe(expectedAddress);
        const onChain = await readToken(network, symbol, async (token) => ({
          symbol: await token.getFunction('symbol')(),
          decimals: Number(await token.getFunction('decimals')()),
          owner: await token.getFunction('owner')(),
        }));
        expect(onChain).toEqual({ symbol, decimals, owner: LOCAL_DEPLOYER_ADDRESS });
      }
      expect(localTokenAddress('USDT')).toBe('0x700b6A60ce7EaaEA56F065753d8dcB9653dbAD35');
      expect(localTokenAddress('USDC')).toBe('0xA15BB66138824a1c7167f5E85b957d04Dd34E468');
    },
  );

  it('exposes the faucet (dev account 0) and gives it the whole initial supply', async () => {
    for (const code of ['BSC', 'POLYGON'] as const) {
      const faucet = chains.faucet[code];
      expect(faucet.address).toBe(ANVIL_FIRST_ACCOUNT);
      expect(localDevWallet(0).privateKey).toBe(faucet.privateKey);
      // Other tests in this file move faucet funds, so compare the supply, which only mint changes.
      for (const symbol of ['USDT', 'USDC'] as const) {
        const supply = await readToken(
          chains.networks[code],
          symbol,
          (token) => token.getFunction('totalSupply')() as Promise<bigint>,
        );
        expect(supply).toBe(1_000_000_000n * 10n ** BigInt(chains.networks[code].tokens[symbol].decimals));
      }
    }
    // USDC on POLYGON is only ever read here, so the faucet still holds all of it.
    expect(await tokenBalance(chains.networks.POLYGON, 'USDC', ANVIL_FIRST_ACCOUNT)).toBe(
      1_000_000_000_000_000n,
    );
  });

  it('moves exact bigint amounts from the faucet, beyond float precision', async () => {
    const bsc = chains.networks.BSC;
    const recipient = freshAddress();
    const amount = 123_456_789_012_345_678_901n; // 123.456… USDT at 18 decimals; not representable as a double
    const faucetBefore = await tokenBalance(bsc, 'USDT', ANVIL_FIRST_ACCOUNT);

    const receipt = await fundFromFaucet(bsc, 'USDT', recipient, amount);

    expect(receipt.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(receipt.blockNumber).toBeGreaterThan(0);
    expect(await tokenBalance(bsc, 'USDT', recipient)).toBe(amount);
    expect(await tokenBalance(bsc, 'USDT', ANVIL_FIRST_ACCOUNT)).toBe(faucetBefore - amount);
    await fundFromFaucet(bsc, 'USDT', recipient, 1n);
    expect(await tokenBalance(bsc, 'USDT', recipient)).toBe(amount + 1n);
  });

  it('funds concurrently without nonce collisions', async () => {
    const polygon = chains.networks.POLYGON;
    const recipient = freshAddress();
    const amounts = [1n, 20n, 300n, 4_000n, 50_000n, 600_000n];

    const receipts = await Promise.all(
      amounts.map((amount) => fundFromFaucet(polygon, 'USDT', recipient, amount)),
    );

    expect(new Set(receipts.map((receipt) => receipt.hash)).size).toBe(amounts.length);
    expect(await tokenBalance(polygon, 'USDT', recipient)).toBe(654_321n);
  });

  it('sends native coin from the faucet', async () => {
    const recipient = freshAddress();
    await sendNativeFromFaucet(chains.networks.BSC, recipient, 10n ** 16n);
    const balance = await jsonRpc<string>(chains.networks.BSC.rpcUrl, 'eth_getBalance', [
      recipient,
      'latest',
    ]);
    expect(BigInt(balance)).toBe(10n ** 16n);
  });

  it('does not redeploy when the tokens are already there', async () => {
    const bsc = chains.networks.BSC;
    const artifact = await compileTestStablecoin(TEST_CACHE_DIR);
    const faucetBefore = await tokenBalance(bsc, 'USDC', ANVIL_FIRST_ACCOUNT);

    const again = await deployLocalTokens({ rpcUrl: bsc.rpcUrl, network: 'BSC', artifact });

    expect(again.USDT).toEqual({
      symbol: 'USDT',
      address: localTokenAddress('USDT'),
      decimals: 18,
      deployedNow: false,
    });
    expect(again.USDC).toEqual({
      symbol: 'USDC',
      address: localTokenAddress('USDC'),
      decimals: 18,
      deployedNow: false,
    });
    const deployerNonce = await jsonRpc<string>(bsc.rpcUrl, 'eth_getTransactionCount', [
      LOCAL_DEPLOYER_ADDRESS,
      'latest',
    ]);
    expect(Number(deployerNonce)).toBe(2);
    expect(await tokenBalance(bsc, 'USDC', ANVIL_FIRST_ACCOUNT)).toBe(faucetBefore);
  });

  it('lets the deployer mint more test tokens', async () => {
    const polygon = chains.networks.POLYGON;
    const recipient = freshAddress();
    const provider = createLocalProvider(polygon.rpcUrl, polygon.chainId);
    try {
      const deployer = localDevWallet(9).connect(provider);
      const token = new Contract(polygon.tokens.USDT.address, ['function mint(address,uint256)'], deployer);
      const tx = await token.getFunction('mint')(recipient, 5_000_000n);
      await tx.wait();
    } finally {
      provider.destroy();
    }
    expect(await tokenBalance(polygon, 'USDT', recipient)).toBe(5_000_000n);
  });

  it('mines empty blocks on demand', async () => {
    const rpcUrl = chains.networks.POLYGON.rpcUrl;
    const before = Number(await jsonRpc<string>(rpcUrl, 'eth_blockNumber'));
    const head = await mineBlocks(rpcUrl, 5);
    expect(head).toBe(before + 5);
  });
});

describe('token deployment guard', () => {
  it('refuses to deploy when the deployer nonce was spent on something else', async () => {
    const node = await startAnvil({ port: 0, chainId: LOCAL_CHAIN_IDS.BSC, name: 'guard' });
    try {
      // Burn the deployer's nonce 0, so USDT could no longer land at its predicted address.
      const provider = createLocalProvider(node.rpcUrl, node.chainId);
      try {
        const tx = await localDevWallet(9)
          .connect(provider)
          .sendTransaction({ to: ANVIL_FIRST_ACCOUNT, value: 1n, nonce: 0 });
        await tx.wait();
      } finally {
        provider.destroy();
      }
      const artifact = await compileTestStablecoin(TEST_CACHE_DIR);

      await expect(deployLocalTokens({ rpcUrl: node.rpcUrl, network: 'BSC', artifact })).rejects.toThrow(
        /cannot deploy local USDT on BSC: .* has nonce 1, not 0/,
      );
      expect(
        await jsonRpc<string>(node.rpcUrl, 'eth_getCode', [getAddress(localTokenAddress('USDT')), 'latest']),
      ).toBe('0x');
    } finally {
      await node.stop();
    }
  });
});
