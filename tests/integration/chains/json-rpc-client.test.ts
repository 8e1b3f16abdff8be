import { Contract, JsonRpcProvider, Network } from 'ethers';
import { classifyRpcError, rpcErrorInfo } from '../../../shared/adapters/evm/json-rpc-errors';
import { FetchJsonRpcClient, JsonRpcRequestError } from '../../../shared/adapters/evm/json-rpc-client';
import { EvmTokenBalanceReader } from '../../../shared/adapters/evm/token-balance-reader';
import {
  EvmTransferScanner,
  JsonRpcTransferScanner,
} from '../../../shared/adapters/evm/evm-transfer-scanner';
import type { NetworkCode, NetworkConfig } from '../../../shared/config/networks';
import { freshAddress } from '../evm/evm-test-support';
import { configFor, sendTokenTransfer, startRpcProxy, startTokenChain } from './chain-support';
import type { RpcProxy, TokenChain } from './chain-support';

const FAUCET = 0;
const FAUCET_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

/**
 * The API functions' chain reads over plain JSON-RPC (no ethers provider), against anvil: balances
 * equal to what ethers' Contract reads, null (never zero) when a read fails, node errors that
 * `classifyRpcError` reads as it reads ethers' errors, and the deposit rescan's reads (one
 * transaction's transfers, the head, block hashes) equal to the ethers-backed scanner's.
 */
describe('EvmTokenBalanceReader over FetchJsonRpcClient', () => {
  let chain: TokenChain;
  let proxy: RpcProxy;
  let reference: JsonRpcProvider;

  const readerFor = (config: NetworkConfig, timeoutMs?: number) =>
    new EvmTokenBalanceReader(
      { BSC: config } as Record<NetworkCode, NetworkConfig>,
      timeoutMs ? { timeoutMs } : {},
    );
  const referenceBalance = async (token: string, address: string) =>
    (await new Contract(token, ['function balanceOf(address) view returns (uint256)'], reference).getFunction(
      'balanceOf',
    )(address)) as bigint;

  beforeAll(async () => {
    chain = await startTokenChain();
    proxy = await startRpcProxy(chain.node.rpcUrl);
    reference = new JsonRpcProvider(chain.node.rpcUrl, Network.from(chain.node.chainId), {
      staticNetwork: true,
    });
  });
  afterAll(async () => {
    reference?.destroy();
    await proxy?.stop();
    await chain?.stop();
  });
  afterEach(() => {
    proxy.intercept = undefined;
    proxy.failHttp = undefined;
    proxy.delayMs = undefined;
  });

  it('reads each token balance of each address exactly as ethers reads it', async () => {
    const { USDT, USDC } = chain.network.tokens;
    const alice = freshAddress();
    const bob = freshAddress();
    await sendTokenTransfer(chain.node.rpcUrl, USDT.address, FAUCET, alice, 1_500n * 10n ** 18n + 3n);
    await sendTokenTransfer(chain.node.rpcUrl, USDC.address, FAUCET, bob, 7n);

    const read = await readerFor(configFor(proxy.url)).balances('BSC', [alice, bob, FAUCET_ADDRESS]);

    expect(read.get(alice.toLowerCase())).toEqual({ USDT: 1_500n * 10n ** 18n + 3n, USDC: 0n });
    expect(read.get(bob.toLowerCase())).toEqual({ USDT: 0n, USDC: 7n });
    expect(read.get(FAUCET_ADDRESS.toLowerCase())).toEqual({
      USDT: await referenceBalance(USDT.address, FAUCET_ADDRESS),
      USDC: await referenceBalance(USDC.address, FAUCET_ADDRESS),
    });
    // One eth_call per token and address, to the token, with balanceOf's selector and the padded address.
    const calls = proxy.calls.filter((c) => c.method === 'eth_call');
    expect(calls).toHaveLength(6);
    expect(calls[0]?.params).toEqual([
      { to: USDT.address, data: `0x70a08231${'0'.repeat(24)}${alice.slice(2).toLowerCase()}` },
      'latest',
    ]);
  });

  it('reads the native balance as eth_getBalance does', async () => {
    const reader = readerFor(configFor(proxy.url));
    expect(await reader.nativeBalance('BSC', freshAddress())).toBe(0n);
    expect(await reader.nativeBalance('BSC', FAUCET_ADDRESS)).toBe(
      await reference.getBalance(FAUCET_ADDRESS),
    );
  });

  it('gives null, not zero, for a token that cannot be read, and keeps the others', async () => {
    const config = configFor(proxy.url);
    const noContract = freshAddress();
    const broken: NetworkConfig = {
      ...config,
      tokens: { ...config.tokens, USDC: { ...config.tokens.USDC!, address: noContract } },
    };
    const alice = freshAddress();
    await sendTokenTransfer(chain.node.rpcUrl, chain.network.tokens.USDT.address, FAUCET, alice, 5n);
    expect((await readerFor(broken).balances('BSC', [alice])).get(alice.toLowerCase())).toEqual({
      USDT: 5n,
      USDC: null,
    });

    proxy.intercept = (call) =>
      call.method === 'eth_call' ? { error: { code: -32000, message: 'execution reverted' } } : undefined;
    expect((await readerFor(config).balances('BSC', [alice])).get(alice.toLowerCase())).toEqual({
      USDT: null,
      USDC: null,
    });
  });

  it('gives null when the node is down or slower than the timeout', async () => {
    const alice = freshAddress();
    proxy.failHttp = () => 503;
    expect((await readerFor(configFor(proxy.url)).balances('BSC', [alice])).get(alice.toLowerCase())).toEqual(
      {
        USDT: null,
        USDC: null,
      },
    );
    proxy.failHttp = undefined;
    proxy.delayMs = () => 2_000;
    await expect(
      new FetchJsonRpcClient(proxy.url, { timeoutMs: 200 }).send('eth_blockNumber', []),
    ).rejects.toThrow(JsonRpcRequestError);
    expect(
      (await readerFor(configFor(proxy.url), 200).balances('BSC', [alice])).get(alice.toLowerCase()),
    ).toEqual({
      USDT: null,
      USDC: null,
    });
  });

  it('throws node errors in the shape the RPC error classifier reads', async () => {
    const client = new FetchJsonRpcClient(proxy.url);
    const failure = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return e;
      }
      throw new Error('expected a failure');
    };

    const unknownMethod = await failure(client.send('eth_noSuchMethod', []));
    expect(unknownMethod).toBeInstanceOf(JsonRpcRequestError);
    expect(classifyRpcError(unknownMethod)).toBe('method-unavailable');

    proxy.intercept = () => ({ error: { code: -32005, message: 'query returned more than 10000 results' } });
    const limited = await failure(client.send('eth_getLogs', [{}]));
    expect(rpcErrorInfo(limited)).toMatchObject({ code: -32005 });
    expect(classifyRpcError(limited)).toBe('range-limit');
    proxy.intercept = undefined;

    proxy.failHttp = () => 429;
    const throttled = await failure(client.send('eth_blockNumber', []));
    expect(rpcErrorInfo(throttled).httpStatus).toBe(429);
    expect(classifyRpcError(throttled)).toBe('rate-limited');
    proxy.failHttp = undefined;

    expect(typeof (await client.send('eth_blockNumber', []))).toBe('string');
    expect(client.meter.snapshot().byMethod).toMatchObject({
      eth_noSuchMethod: 1,
      eth_getLogs: 1,
      eth_blockNumber: 2,
    });
  });

  it("reads a transaction's transfers, the head and block hashes as the ethers-backed scanner does", async () => {
    const { USDT } = chain.network.tokens;
    const alice = freshAddress();
    const sent = await sendTokenTransfer(chain.node.rpcUrl, USDT.address, FAUCET, alice, 42n);
    const lean = new JsonRpcTransferScanner(configFor(proxy.url), new FetchJsonRpcClient(proxy.url));
    const viaEthers = EvmTransferScanner.connect(configFor(chain.node.rpcUrl));
    try {
      const found = await lean.transfersInTransaction(sent.hash);
      expect(found).toEqual([
        expect.objectContaining({ txHash: sent.hash, to: alice, amount: 42n, token: 'USDT' }),
      ]);
      expect(found).toEqual(await viaEthers.transfersInTransaction(sent.hash));
      expect(await lean.head()).toEqual(await viaEthers.head());
      expect(await lean.canonicalBlockHash(sent.blockNumber)).toBe(
        await viaEthers.canonicalBlockHash(sent.blockNumber),
      );
      expect(await lean.canonicalBlockHash(sent.blockNumber + 1_000)).toBeUndefined();
      expect(await lean.transfersInTransaction(`0x${'ab'.repeat(32)}`)).toEqual([]);
    } finally {
      viaEthers.close();
    }
  });
});
