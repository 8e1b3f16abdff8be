import { Contract, getAddress, hexlify, randomBytes } from 'ethers';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalProvider } from '../../../scripts/local/evm/local-accounts';
import type { LocalEvmNetwork, LocalTokenSymbol } from '../../../scripts/local/evm/local-chains';

/**
 * Shared by the EVM integration tests. Each test file starts its own chains on free ports, so the
 * files run in parallel; the compile cache is shared so solc runs once per machine, not per file.
 */
export const TEST_CACHE_DIR = path.join(os.tmpdir(), 'gateway-evm-test-cache');

export const TOKEN_ABI = [
  'function name() view returns (string)',
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address) view returns (uint256)',
  'function owner() view returns (address)',
  'function mint(address to, uint256 amount)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
];

export function makeTempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs `read` against a token contract through a short-lived provider. */
export async function readToken<T>(
  network: LocalEvmNetwork,
  symbol: LocalTokenSymbol,
  read: (token: Contract) => Promise<T>,
): Promise<T> {
  const provider = createLocalProvider(network.rpcUrl, network.chainId);
  try {
    return await read(new Contract(network.tokens[symbol].address, TOKEN_ABI, provider));
  } finally {
    provider.destroy();
  }
}

export function tokenBalance(
  network: LocalEvmNetwork,
  symbol: LocalTokenSymbol,
  holder: string,
): Promise<bigint> {
  return readToken(network, symbol, (token) => token.getFunction('balanceOf')(holder) as Promise<bigint>);
}

/** A fresh random address, so balances start at zero in every test. */
export function freshAddress(): string {
  return getAddress(hexlify(randomBytes(20)));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
