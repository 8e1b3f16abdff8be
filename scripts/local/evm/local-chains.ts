import { Interface, type TransactionRequest } from 'ethers';
import path from 'node:path';
import {
  LOCAL_CHAIN_IDS,
  LOCAL_FAUCET_INDEX,
  LOCAL_RPC_PORTS,
  networkRegistry,
  EVM_NETWORK_CODES,
} from '../../../shared/config/networks';
import { startAnvil, type AnvilNode } from './anvil';
import { compileTestStablecoin, type ContractArtifact } from './compile-contracts';
import { installMulticall3 } from './multicall';
import { deployLocalTokens, type LocalEvmNetworkCode, type LocalTokenSymbol } from './deploy-tokens';
import { jsonRpc } from './json-rpc';
import { createLocalProvider, localDevWallet, pendingNonce } from './local-accounts';

/**
 * The local BSC and Polygon stand-ins: two anvil nodes with the local chain ids, USDT/USDC deployed
 * at their predicted addresses and a faucet (dev account 0) holding the whole token supply.
 */

export type { LocalEvmNetworkCode, LocalTokenSymbol } from './deploy-tokens';

export interface LocalTokenInfo {
  readonly address: string;
  readonly decimals: number;
}

export interface LocalEvmNetwork {
  readonly code: LocalEvmNetworkCode;
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly tokens: Readonly<Record<LocalTokenSymbol, LocalTokenInfo>>;
}

export interface LocalAccount {
  readonly address: string;
  readonly privateKey: string;
}

export interface LocalEvmChains {
  readonly networks: Readonly<Record<LocalEvmNetworkCode, LocalEvmNetwork>>;
  readonly faucet: Readonly<Record<LocalEvmNetworkCode, LocalAccount>>;
  stop(): Promise<void>;
}

export interface StartLocalEvmChainsOptions {
  /** When set, each chain's state persists in `<dataDir>/evm/<code>-state.json` across restarts. */
  readonly dataDir?: string;
  /** Defaults to LOCAL_RPC_PORTS; 0 picks a free port. */
  readonly ports?: Partial<Record<LocalEvmNetworkCode, number>>;
  /** `auto`: a block per transaction. `interval`: a block every `blockTimeSeconds`, with or without txs. */
  readonly mining: 'auto' | 'interval';
  /** Interval-mining block time; defaults to the local network's `blockTimeMs`. */
  readonly blockTimeSeconds?: number;
  /** Compiled-contract cache, e.g. `.local/cache`. */
  readonly cacheDir: string;
  /** When set, anvil output goes to `<logDir>/anvil-<code>.log`. */
  readonly logDir?: string;
}

export const LOCAL_EVM_NETWORK_CODES: readonly LocalEvmNetworkCode[] = EVM_NETWORK_CODES;

export async function startLocalEvmChains(options: StartLocalEvmChainsOptions): Promise<LocalEvmChains> {
  const compiling = compileTestStablecoin(options.cacheDir);
  const starting = LOCAL_EVM_NETWORK_CODES.map((code) => startAnvil(anvilOptionsFor(code, options)));
  const [artifact, nodes] = await settleAll(compiling, starting);

  try {
    const networks = await deployAll(nodes, artifact);
    // Multicall3 at its canonical address: the reconciliation reads custody balances through it.
    await Promise.all(Object.values(nodes).map((node) => installMulticall3(node.rpcUrl, options.cacheDir)));
    const faucetAccount = faucetCredentials();
    return {
      networks,
      faucet: { BSC: faucetAccount, POLYGON: faucetAccount },
      stop: () => stopAll(Object.values(nodes)),
    };
  } catch (error) {
    await stopAll(Object.values(nodes));
    throw error;
  }
}

function anvilOptionsFor(code: LocalEvmNetworkCode, options: StartLocalEvmChainsOptions) {
  const name = code.toLowerCase();
  const blockTimeSeconds =
    options.mining === 'interval'
      ? (options.blockTimeSeconds ?? networkRegistry('local')[code].blockTimeMs / 1_000)
      : undefined;
  return {
    name,
    port: options.ports?.[code] ?? LOCAL_RPC_PORTS[code],
    chainId: LOCAL_CHAIN_IDS[code],
    blockTimeSeconds,
    statePath: options.dataDir ? path.join(options.dataDir, 'evm', `${name}-state.json`) : undefined,
    logDir: options.logDir,
  };
}

/** Starts everything concurrently but, if anything fails, stops the nodes that did start. */
async function settleAll(
  compiling: Promise<ContractArtifact>,
  starting: Promise<AnvilNode>[],
): Promise<[ContractArtifact, Record<LocalEvmNetworkCode, AnvilNode>]> {
  const [compiled, ...started] = await Promise.allSettled([compiling, ...starting]);
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = [compiled, ...started].find((result) => result.status === 'rejected');
  if (failure || compiled?.status !== 'fulfilled') {
    await stopAll(running);
    throw (failure as PromiseRejectedResult).reason;
  }
  const nodes = Object.fromEntries(LOCAL_EVM_NETWORK_CODES.map((code, index) => [code, running[index]]));
  return [compiled.value, nodes as Record<LocalEvmNetworkCode, AnvilNode>];
}

async function deployAll(
  nodes: Record<LocalEvmNetworkCode, AnvilNode>,
  artifact: ContractArtifact,
): Promise<Record<LocalEvmNetworkCode, LocalEvmNetwork>> {
  const entries = await Promise.all(
    LOCAL_EVM_NETWORK_CODES.map(async (code) => {
      const node = nodes[code];
      const deployed = await deployLocalTokens({
        rpcUrl: node.rpcUrl,
        chainId: node.chainId,
        network: code,
        artifact,
      });
      const tokens = {
        USDT: { address: deployed.USDT.address, decimals: deployed.USDT.decimals },
        USDC: { address: deployed.USDC.address, decimals: deployed.USDC.decimals },
      };
      return [code, { code, rpcUrl: node.rpcUrl, chainId: node.chainId, tokens }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<LocalEvmNetworkCode, LocalEvmNetwork>;
}

async function stopAll(nodes: AnvilNode[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.stop()));
}

function faucetCredentials(): LocalAccount {
  const wallet = localDevWallet(LOCAL_FAUCET_INDEX);
  return { address: wallet.address, privateKey: wallet.privateKey };
}

/** Mines `count` empty blocks at once (e.g. to pass a confirmation depth); returns the new head. */
export async function mineBlocks(rpcUrl: string, count: number): Promise<number> {
  await jsonRpc(rpcUrl, 'anvil_mine', [`0x${count.toString(16)}`]);
  return Number(await jsonRpc<string>(rpcUrl, 'eth_blockNumber'));
}

export interface FundingReceipt {
  readonly hash: string;
  readonly blockNumber: number;
}

const ERC20 = new Interface(['function transfer(address to, uint256 amount) returns (bool)']);

/** Sends `amount` (smallest units) of the token from the faucet to `to` and waits until it is mined. */
export async function fundFromFaucet(
  network: LocalEvmNetwork,
  symbol: LocalTokenSymbol,
  to: string,
  amount: bigint,
): Promise<FundingReceipt> {
  const data = ERC20.encodeFunctionData('transfer', [to, amount]);
  return sendFromFaucet(network, { to: network.tokens[symbol].address, data });
}

/** Sends native coin (wei) from the faucet, e.g. gas money for a deposit address. */
export async function sendNativeFromFaucet(
  network: LocalEvmNetwork,
  to: string,
  amountWei: bigint,
): Promise<FundingReceipt> {
  return sendFromFaucet(network, { to, value: amountWei });
}

// Sends from the faucet are serialised per chain until the node has accepted each transaction; the
// next one then reads the pool-inclusive nonce, so concurrent callers never reuse a nonce.
const senderQueues = new Map<string, Promise<unknown>>();

async function sendFromFaucet(
  network: LocalEvmNetwork,
  request: TransactionRequest,
): Promise<FundingReceipt> {
  const provider = createLocalProvider(network.rpcUrl, network.chainId);
  try {
    const faucet = localDevWallet(LOCAL_FAUCET_INDEX).connect(provider);
    const response = await serialised(`${network.rpcUrl}|${faucet.address}`, async () => {
      // Another process (a parallel test worker) may take the same pending nonce between our read and
      // our send: the node refuses ours as used, so read the nonce again and resend (bounded).
      for (let attempt = 1; ; attempt++) {
        try {
          return await faucet.sendTransaction({
            ...request,
            nonce: await pendingNonce(provider, faucet.address),
          });
        } catch (e) {
          if (attempt >= 8 || !isNonceTaken(e)) throw e;
          await new Promise((r) => setTimeout(r, 50 * attempt));
        }
      }
    });
    const receipt = await response.wait();
    if (!receipt || receipt.status !== 1) throw new Error(`faucet transaction ${response.hash} reverted`);
    return { hash: receipt.hash, blockNumber: receipt.blockNumber };
  } finally {
    provider.destroy();
  }
}

function isNonceTaken(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return (
    code === 'NONCE_EXPIRED' ||
    code === 'REPLACEMENT_UNDERPRICED' ||
    /nonce too low/i.test(String((e as Error).message))
  );
}

function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = senderQueues.get(key) ?? Promise.resolve();
  const result = previous.catch(() => undefined).then(task);
  const settled = result.catch(() => undefined);
  senderQueues.set(key, settled);
  void settled.then(() => {
    if (senderQueues.get(key) === settled) senderQueues.delete(key);
  });
  return result;
}
