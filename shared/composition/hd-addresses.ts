import { EvmHdAddresses } from '../adapters/evm/hd-addresses';
import { TronHdAddresses } from '../adapters/tron/tron-hd-addresses';
import type { DestinationRules } from '../app/withdrawals/destinations';
import type { AppConfig } from '../config/config';
import type { CoreDeps } from './core';
import { gasTankAddresses } from './gas-tanks';

/**
 * The addresses of the gateway's HD seed (EVM and TRON), from its public keys; the signing keyrings
 * are in composition/hd-signing.ts.
 */
export function hdKeyrings(base: Pick<CoreDeps, 'db' | 'config' | 'keyVault' | 'clock'>): {
  readonly hdKeyring: EvmHdAddresses;
  readonly tronHdKeyring: TronHdAddresses;
} {
  const { db, config } = base;
  const hdKeyring = new EvmHdAddresses(db, config.tableName, base.keyVault, () => base.clock.now());
  // TRON keys come from the same seed (m/44'/195'/…); the EVM keyring creates the seed when it is missing.
  const tronHdKeyring = new TronHdAddresses(db, config.tableName, base.keyVault, () =>
    hdKeyring.deriveAddress(0, 0),
  );
  return { hdKeyring, tronHdKeyring };
}

/** The burn rules' inputs: the networks and, unless DESTINATION_REFUSE_GAS_TANKS=false, the gas tanks. */
export function destinationRules(
  config: AppConfig,
  keyrings: Parameters<typeof gasTankAddresses>[0],
): DestinationRules {
  if (!config.destinations.refuseGasTanks) return { networks: config.networks };
  const gasTank = gasTankAddresses(keyrings);
  return { networks: config.networks, gasTanks: async (network) => [await gasTank(network)] };
}
