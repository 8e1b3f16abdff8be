import { GAS_TANK_HD_ACCOUNT, GAS_TANK_HD_INDEX } from '../adapters/evm/hd-addresses';
import { TRON_HD_ACCOUNTS } from '../adapters/tron/tron-hd-addresses';
import type { NetworkCode } from '../config/networks';
import type { HdAddressDeriver } from '../ports/wallets';

/**
 * Where each network's gas tank is: EVM HD account 3 (the key HdGasTankSigners signs with), TRON
 * `m/44'/195'/3'/0/0`. Derived from the stored public keys, never from the decrypted seed, so the API's
 * destination check needs no key material. Looked up once per network and process; a failed look-up is
 * retried.
 */
export function gasTankAddresses(keyrings: {
  readonly hdKeyring: HdAddressDeriver;
  readonly tronHdKeyring: HdAddressDeriver;
}): (network: NetworkCode) => Promise<string> {
  const known = new Map<NetworkCode, Promise<string>>();
  return (network) => {
    let address = known.get(network);
    if (!address) {
      address =
        network === 'TRON'
          ? keyrings.tronHdKeyring.deriveAddress(TRON_HD_ACCOUNTS.GAS_TANK, 0)
          : evmGasTank(keyrings.hdKeyring, network);
      address.catch(() => known.delete(network));
      known.set(network, address);
    }
    return address;
  };
}

function evmGasTank(keyring: HdAddressDeriver, network: NetworkCode): Promise<string> {
  const index = GAS_TANK_HD_INDEX[network];
  if (index === undefined) return Promise.reject(new Error(`No gas tank for ${network}`));
  return keyring.deriveAddress(GAS_TANK_HD_ACCOUNT, index);
}
