import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractFactory, Interface } from 'ethers';
import { startAnvil } from '../../../scripts/local/evm/anvil';
import type { AnvilNode } from '../../../scripts/local/evm/anvil';
import { compileTestStablecoin } from '../../../scripts/local/evm/compile-contracts';
import { deployLocalTokens } from '../../../scripts/local/evm/deploy-tokens';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { createLocalProvider, localDevWallet, pendingNonce } from '../../../scripts/local/evm/local-accounts';
import type { LocalEvmNetwork } from '../../../scripts/local/evm/local-chains';
import { LOCAL_CHAIN_IDS, networkRegistry } from '../../../shared/config/networks';
import type { NetworkConfig } from '../../../shared/config/networks';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../../shared/ports/evm-transfers';
import { TEST_CACHE_DIR } from '../evm/evm-test-support';

/**
 * A local BSC stand-in of the test's own (so it can revert, mine and misbehave without disturbing other
 * test files), a JSON-RPC proxy that injects provider faults, and a scanner wrapper that records the
 * ranges it was asked for.
 */
export interface TokenChain {
  readonly node: AnvilNode;
  readonly network: LocalEvmNetwork;
  /** The local BSC registry entry pointed at this node. */
  readonly config: NetworkConfig;
  stop(): Promise<void>;
}

export async function startTokenChain(options: { blockTimeSeconds?: number } = {}): Promise<TokenChain> {
  const [artifact, node] = await Promise.all([
    compileTestStablecoin(TEST_CACHE_DIR),
    startAnvil({
      port: 0,
      chainId: LOCAL_CHAIN_IDS.BSC,
      name: 'poller-test',
      blockTimeSeconds: options.blockTimeSeconds,
    }),
  ]);
  try {
    const deployed = await deployLocalTokens({ rpcUrl: node.rpcUrl, network: 'BSC', artifact });
    const network: LocalEvmNetwork = {
      code: 'BSC',
      rpcUrl: node.rpcUrl,
      chainId: node.chainId,
      tokens: {
        USDT: { address: deployed.USDT.address, decimals: deployed.USDT.decimals },
        USDC: { address: deployed.USDC.address, decimals: deployed.USDC.decimals },
      },
    };
    return { node, network, config: configFor(node.rpcUrl), stop: () => node.stop() };
  } catch (e) {
    await node.stop();
    throw e;
  }
}

export function configFor(rpcUrl: string, overrides: Partial<NetworkConfig> = {}): NetworkConfig {
  return { ...networkRegistry('local').BSC, rpcUrls: [rpcUrl], ...overrides };
}

const ERC20 = new Interface(['function transfer(address to, uint256 amount) returns (bool)']);

/** Sends an ERC-20 transfer from a dev account with an explicit nonce; returns the mined receipt facts. */
export async function sendTokenTransfer(
  rpcUrl: string,
  token: string,
  fromIndex: number,
  to: string,
  amount: bigint,
  options: { gasLimit?: bigint } = {},
): Promise<{ hash: string; blockNumber: number; status: number }> {
  const provider = createLocalProvider(rpcUrl, LOCAL_CHAIN_IDS.BSC);
  try {
    const wallet = localDevWallet(fromIndex).connect(provider);
    const response = await wallet.sendTransaction({
      to: token,
      data: ERC20.encodeFunctionData('transfer', [to, amount]),
      nonce: await pendingNonce(provider, wallet.address),
      ...(options.gasLimit ? { gasLimit: options.gasLimit } : {}),
    });
    const receipt = await provider.waitForTransaction(response.hash);
    if (!receipt) throw new Error(`no receipt for ${response.hash}`);
    return {
      hash: receipt.hash.toLowerCase(),
      blockNumber: receipt.blockNumber,
      status: receipt.status ?? 0,
    };
  } finally {
    provider.destroy();
  }
}

/**
 * Deploys another TestStablecoin (same bytecode, same Transfer event, same symbol) from a dev account
 * that is not the token deployer, minting the supply to that account: a look-alike token.
 */
export async function deployLookAlikeToken(rpcUrl: string, deployerIndex: number): Promise<string> {
  const artifact = await compileTestStablecoin(TEST_CACHE_DIR);
  const provider = createLocalProvider(rpcUrl, LOCAL_CHAIN_IDS.BSC);
  try {
    const deployer = localDevWallet(deployerIndex).connect(provider);
    const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, deployer);
    const request = await factory.getDeployTransaction(
      'Tether USD',
      'USDT',
      18,
      deployer.address,
      10n ** 30n,
    );
    const response = await deployer.sendTransaction({
      ...request,
      nonce: await pendingNonce(provider, deployer.address),
    });
    const receipt = await response.wait();
    if (!receipt?.contractAddress) throw new Error('look-alike deployment failed');
    return receipt.contractAddress;
  } finally {
    provider.destroy();
  }
}

export async function latestBlock(rpcUrl: string): Promise<number> {
  return Number(await jsonRpc<string>(rpcUrl, 'eth_blockNumber'));
}

export async function blockHashAt(rpcUrl: string, n: number): Promise<string | undefined> {
  const block = await jsonRpc<{ hash: string } | null>(rpcUrl, 'eth_getBlockByNumber', [
    `0x${n.toString(16)}`,
    false,
  ]);
  return block?.hash.toLowerCase();
}

// --- JSON-RPC fault proxy ----------------------------------------------------------------------------

export interface RpcCall {
  readonly method: string;
  readonly params: unknown[];
}

/** What the proxy does with one call: forward it (undefined), answer an error, or answer a result. */
export type InterceptAnswer = { error: { code: number; message: string } } | { result: unknown } | undefined;
export type Intercept = (call: RpcCall) => InterceptAnswer | Promise<InterceptAnswer>;

export interface RpcProxy {
  readonly url: string;
  /** Every call that reached the proxy, in order (batches flattened). */
  readonly calls: RpcCall[];
  intercept: Intercept | undefined;
  /** Answer the whole HTTP request with this status instead (e.g. 502), while it returns a number. */
  failHttp: ((calls: readonly RpcCall[]) => number | undefined) | undefined;
  /**
   * Drop the connection with no answer: `before` forwarding (the node never saw the call), or `after`
   * forwarding (the node took it — a broadcast went out — and the reply was lost).
   */
  drop?: ((calls: readonly RpcCall[]) => 'before' | 'after' | undefined) | undefined;
  /** Hold the answer this long first (a slow node; past the client's timeout, a timeout). */
  delayMs?: ((calls: readonly RpcCall[]) => number) | undefined;
  stop(): Promise<void>;
}

interface RpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: number | string;
  readonly method: string;
  readonly params?: unknown[];
}

export async function startRpcProxy(targetUrl: string): Promise<RpcProxy> {
  const proxy = {
    calls: [] as RpcCall[],
    intercept: undefined as Intercept | undefined,
    failHttp: undefined as RpcProxy['failHttp'],
    drop: undefined as RpcProxy['drop'],
    delayMs: undefined as RpcProxy['delayMs'],
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RpcRequest | RpcRequest[];
        const batch = Array.isArray(parsed) ? parsed : [parsed];
        const calls = batch.map((p) => ({ method: p.method, params: p.params ?? [] }));
        proxy.calls.push(...calls);
        const status = proxy.failHttp?.(calls);
        if (status !== undefined) {
          res.writeHead(status, { 'content-type': 'text/plain' }).end('upstream unavailable');
          return;
        }
        const drop = proxy.drop?.(calls);
        if (drop === 'before') return void req.socket.destroy();
        const delay = proxy.delayMs?.(calls) ?? 0;
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        const answers = new Map<RpcRequest['id'], unknown>();
        const forward: RpcRequest[] = [];
        for (const request of batch) {
          const answer = await proxy.intercept?.({ method: request.method, params: request.params ?? [] });
          if (answer) answers.set(request.id, { jsonrpc: '2.0', id: request.id, ...answer });
          else forward.push(request);
        }
        if (forward.length > 0) {
          const upstream = JSON.parse(await postJson(targetUrl, JSON.stringify(forward))) as
            { id: RpcRequest['id'] }[] | { id: RpcRequest['id'] };
          for (const reply of Array.isArray(upstream) ? upstream : [upstream]) answers.set(reply.id, reply);
        }
        if (drop === 'after') return void req.socket.destroy();
        const replies = batch.map((r) => answers.get(r.id));
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(Array.isArray(parsed) ? replies : replies[0]));
      })().catch((e: unknown) => {
        res.writeHead(500).end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function postJson(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The [from, to] block numbers of an eth_getLogs call. */
export function getLogsRange(call: RpcCall): [number, number] {
  const filter = call.params[0] as { fromBlock: string; toBlock: string };
  return [Number(filter.fromBlock), Number(filter.toBlock)];
}

// --- Scanner recording ---------------------------------------------------------------------------

/** Delegates to a real scanner and records each successful scan's range. */
export class RecordingScanner implements TransferScanner {
  readonly scans: [number, number][] = [];

  constructor(readonly inner: TransferScanner) {}

  get network() {
    return this.inner.network;
  }

  head(): Promise<ChainHeadInfo> {
    return this.inner.head();
  }

  async scan(fromBlock: number, toBlock: number): Promise<ObservedTransfer[]> {
    const found = await this.inner.scan(fromBlock, toBlock);
    this.scans.push([fromBlock, toBlock]);
    return found;
  }

  canonicalBlockHash(blockNumber: number): Promise<string | undefined> {
    return this.inner.canonicalBlockHash(blockNumber);
  }

  transfersInTransaction(txHash: string): Promise<ObservedTransfer[]> {
    return this.inner.transfersInTransaction(txHash);
  }
}

/** Whether [from, to] is covered by the union of ranges. */
export function covers(ranges: readonly [number, number][], from: number, to: number): boolean {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let next = from;
  for (const [a, b] of sorted) {
    if (a > next) break;
    next = Math.max(next, b + 1);
  }
  return next > to;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
