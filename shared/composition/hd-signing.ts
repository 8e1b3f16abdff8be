import { EvmHdKeyring } from '../adapters/evm/hd-keyring';
import { TronHdKeyring } from '../adapters/tron/tron-hd-keyring';
import type { DepositDeps } from './deposits';

/**
 * The HD keyrings that sign (seed → private key): the sweeper, the HD MASTER signer and the TRON
 * gas tank take them from here. The deposit wiring holds only the address side (`EvmHdAddresses`,
 * `TronHdAddresses`), so a function that shows or hands out addresses loads no signing code
 * (docs/adr/0025-lambda-bundles.md). Both read the same stored seed; one pair per deposit wiring.
 */
export interface HdSigningKeyrings {
  readonly evm: EvmHdKeyring;
  readonly tron: TronHdKeyring;
}

const perWiring = new WeakMap<DepositDeps, HdSigningKeyrings>();

export function hdSigningKeyrings(depositDeps: DepositDeps): HdSigningKeyrings {
  let k = perWiring.get(depositDeps);
  if (!k) {
    const { db, config, keyVault, clock } = depositDeps.base;
    const evm = new EvmHdKeyring(db, config.tableName, keyVault, () => clock.now());
    const tron = new TronHdKeyring(db, config.tableName, keyVault, () => evm.deriveAddress(0, 0));
    k = { evm, tron };
    perWiring.set(depositDeps, k);
  }
  return k;
}
