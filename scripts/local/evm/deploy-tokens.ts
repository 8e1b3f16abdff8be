import {
  ContractFactory,
  Interface,
  getAddress,
  type JsonRpcProvider,
  type TransactionResponse,
} from 'ethers';
import {
  LOCAL_CHAIN_IDS,
  LOCAL_DEPLOYER_ADDRESS,
  LOCAL_DEPLOYER_INDEX,
  LOCAL_FAUCET_INDEX,
  LOCAL_TOKEN_NONCES,
  localTokenAddress,
  networkRegistry,
} from '../../../shared/config/networks';
import { TOKEN_SYMBOLS } from '../../../shared/domain/chains/networks';
import type { EvmNetworkCode, TokenSymbol } from '../../../shared/domain/chains/networks';
import type { ContractArtifact } from './compile-contracts';
import { createLocalProvider, localDevWallet, pendingNonce } from './local-accounts';

/**
 * Deploys the local USDT and USDC to a local EVM chain, idempotently. The deployer (dev account 9)
 * creates USDT with nonce 0 and USDC with nonce 1, so both land at the addresses `localTokenAddress`
 * predicts and every part of the system can know them without a lookup.
 */

export type LocalEvmNetworkCode = EvmNetworkCode;
export type LocalTokenSymbol = TokenSymbol;

export interface LocalTokenDeployment {
  readonly symbol: LocalTokenSymbol;
  readonly address: string;
  readonly decimals: number;
  /** False when the contract was already on the chain (e.g. loaded from saved state). */
  readonly deployedNow: boolean;
}

export interface DeployLocalTokensOptions {
  readonly rpcUrl: string;
  readonly network: LocalEvmNetworkCode;
  readonly artifact: ContractArtifact;
  /** Defaults to the local chain id of `network`. */
  readonly chainId?: number;
}

export const LOCAL_TOKEN_SYMBOLS: readonly LocalTokenSymbol[] = TOKEN_SYMBOLS;
/** Whole tokens minted to the faucet at deployment. */
export const LOCAL_INITIAL_SUPPLY_TOKENS = 1_000_000_000n;

const TOKEN_NAMES: Record<LocalTokenSymbol, string> = {
  USDT: 'Tether USD (local)',
  USDC: 'USD Coin (local)',
};
const DECIMALS_ABI = new Interface(['function decimals() view returns (uint8)']);

export function localTokenDecimals(network: LocalEvmNetworkCode, symbol: LocalTokenSymbol): number {
  const token = networkRegistry('local')[network].tokens[symbol];
  if (!token) throw new Error(`no local ${symbol} configured for ${network}`);
  return token.decimals;
}

export async function deployLocalTokens(
  options: DeployLocalTokensOptions,
): Promise<Record<LocalTokenSymbol, LocalTokenDeployment>> {
  const provider = createLocalProvider(options.rpcUrl, options.chainId ?? LOCAL_CHAIN_IDS[options.network]);
  try {
    // Sent in nonce order, then awaited together: on an interval-mined chain both land in one block.
    const pending: { symbol: LocalTokenSymbol; response: TransactionResponse }[] = [];
    const results = {} as Record<LocalTokenSymbol, LocalTokenDeployment>;
    for (const symbol of LOCAL_TOKEN_SYMBOLS) {
      const address = localTokenAddress(symbol);
      const decimals = localTokenDecimals(options.network, symbol);
      if (await hasCode(provider, address)) {
        await assertExistingToken(provider, options.network, symbol, address, decimals);
        results[symbol] = { symbol, address, decimals, deployedNow: false };
      } else {
        pending.push({ symbol, response: await sendDeployment(provider, options, symbol, decimals) });
        results[symbol] = { symbol, address, decimals, deployedNow: true };
      }
    }
    if (pending.length > 0) await mineNow(provider);
    await Promise.all(
      pending.map(({ symbol, response }) => confirmDeployment(options.network, symbol, response)),
    );
    return results;
  } finally {
    provider.destroy();
  }
}

/**
 * On an interval-mined chain the deployments would wait for the next block (up to a full block time
 * added to every start); anvil_mine includes them in a block now. A node without it just waits.
 */
async function mineNow(provider: JsonRpcProvider): Promise<void> {
  try {
    await provider.send('anvil_mine', ['0x1']);
  } catch {
    // Not anvil: the regular block production will include the transactions.
  }
}

async function hasCode(provider: JsonRpcProvider, address: string): Promise<boolean> {
  return (await provider.getCode(address)) !== '0x';
}

// Guards against state from another network (BSC tokens have 18 decimals, Polygon's 6) being loaded.
async function assertExistingToken(
  provider: JsonRpcProvider,
  network: LocalEvmNetworkCode,
  symbol: LocalTokenSymbol,
  address: string,
  decimals: number,
): Promise<void> {
  const reply = await provider.call({ to: address, data: DECIMALS_ABI.encodeFunctionData('decimals') });
  const actual = Number(DECIMALS_ABI.decodeFunctionResult('decimals', reply)[0]);
  if (actual !== decimals) {
    throw new Error(`${network} ${symbol} at ${address} has ${actual} decimals, expected ${decimals}`);
  }
}

async function sendDeployment(
  provider: JsonRpcProvider,
  options: DeployLocalTokensOptions,
  symbol: LocalTokenSymbol,
  decimals: number,
): Promise<TransactionResponse> {
  const deployer = localDevWallet(LOCAL_DEPLOYER_INDEX).connect(provider);
  const expectedNonce = LOCAL_TOKEN_NONCES[symbol];
  const nonce = await pendingNonce(provider, deployer.address);
  if (nonce !== expectedNonce) {
    throw new Error(
      `cannot deploy local ${symbol} on ${options.network}: no code at ${localTokenAddress(symbol)} but the ` +
        `deployer ${LOCAL_DEPLOYER_ADDRESS} has nonce ${nonce}, not ${expectedNonce}. Its nonces are reserved ` +
        `for the token deployments; the chain state is inconsistent, delete the state file and restart.`,
    );
  }
  const faucet = localDevWallet(LOCAL_FAUCET_INDEX).address;
  const initialSupply = LOCAL_INITIAL_SUPPLY_TOKENS * 10n ** BigInt(decimals);
  const factory = new ContractFactory(options.artifact.abi as never, options.artifact.bytecode, deployer);
  const request = await factory.getDeployTransaction(
    TOKEN_NAMES[symbol],
    symbol,
    decimals,
    faucet,
    initialSupply,
  );
  return deployer.sendTransaction({ ...request, nonce });
}

async function confirmDeployment(
  network: LocalEvmNetworkCode,
  symbol: LocalTokenSymbol,
  response: TransactionResponse,
): Promise<void> {
  const receipt = await response.wait();
  const expected = localTokenAddress(symbol);
  if (!receipt || receipt.status !== 1)
    throw new Error(`${network} ${symbol} deployment ${response.hash} reverted`);
  if (!receipt.contractAddress || getAddress(receipt.contractAddress) !== expected) {
    throw new Error(`${network} ${symbol} deployed at ${receipt.contractAddress}, expected ${expected}`);
  }
}
