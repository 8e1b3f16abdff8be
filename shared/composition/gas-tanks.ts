import { HdGasTankSigners } from '../adapters/evm/sweep-signers';
import type { EvmHdKeyring } from '../adapters/evm/hd-keyring';
import { TRON_HD_ACCOUNTS } from '../adapters/tron/tron-hd-keyring';
import type { TronHdKeyring } from '../adapters/tron/tron-hd-keyring';
import type { NetworkCode } from '../config/networks';

/**
 * Where each network's gas tank is: EVM HD account 3 (HdGasTankSigners), TRON `m/44'/195'/3'/0/0`.
 * Looked up once per network and process (the EVM one decrypts the seed); a failed look-up is retried.
 */
export function gasTankAddresses(keyrings: {
  readonly hdKeyring: Pick<EvmHdKeyring, 'signerFor'>;
  readonly tronHdKeyring: Pick<TronHdKeyring, 'deriveAddress'>;
}): (network: NetworkCode) => Promise<string> {
  const evm = new HdGasTankSigners(keyrings.hdKeyring);
  const known = new Map<NetworkCode, Promise<string>>();
  return (network) => {
    let address = known.get(network);
    if (!address) {
      address =
        network === 'TRON'
          ? keyrings.tronHdKeyring.deriveAddress(TRON_HD_ACCOUNTS.GAS_TANK, 0)
          : evm.gasTank(network).then((s) => s.address);
      address.catch(() => known.delete(network));
      known.set(network, address);
    }
    return address;
  };
}
