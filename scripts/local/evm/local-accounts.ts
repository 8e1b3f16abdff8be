import { HDNodeWallet, JsonRpcProvider, Network } from 'ethers';
import { LOCAL_MNEMONIC } from '../../../shared/config/networks';

/**
 * Providers and dev accounts for the local chains.
 *
 * Providers get an explicit Network with `staticNetwork` so ethers never probes the chain id or
 * reaches for network plugins on the internet, and a short polling interval because ethers' default
 * (4 s) would make every `wait()` on an interval-mined chain slow.
 */
export function createLocalProvider(rpcUrl: string, chainId: number): JsonRpcProvider {
  const network = Network.from({ name: `local-${chainId}`, chainId });
  return new JsonRpcProvider(rpcUrl, network, { staticNetwork: network, pollingInterval: 100 });
}

/** Dev account `index` of the anvil mnemonic (BIP44 m/44'/60'/0'/0/index). */
export function localDevWallet(index: number, mnemonic: string = LOCAL_MNEMONIC): HDNodeWallet {
  return HDNodeWallet.fromPhrase(mnemonic, undefined, `m/44'/60'/0'/0/${index}`);
}

/**
 * Reads an account's next nonce including pool transactions. Goes through `send` because ethers'
 * `getTransactionCount` answers repeated calls from a 250 ms cache, which hands out the same nonce twice.
 */
export async function pendingNonce(provider: JsonRpcProvider, address: string): Promise<number> {
  return Number(await provider.send('eth_getTransactionCount', [address, 'pending']));
}
