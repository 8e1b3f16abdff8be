import type { NetworkCode, NetworkConfig } from '../../config/networks';
import { assertNotBurnable } from '../../domain/withdrawal/burn-addresses';
import { normalizeAddress } from '../../domain/withdrawal/policy';

/**
 * What the destination check needs: the networks (token and system contracts) and, unless switched
 * off (DESTINATION_REFUSE_GAS_TANKS=false), the gateway's gas tank addresses.
 */
export interface DestinationRules {
  readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>;
  /** The gateway's gas tanks on a network, refused as destinations; absent: not refused. */
  gasTanks?(network: NetworkCode): Promise<readonly string[]>;
}

/**
 * The one check every entry point runs on an address money goes to or comes from (withdrawals, whitelist
 * entries, external wallets): canonical format, then not a burnable destination. Returns the canonical
 * address; VALIDATION_FAILED at `field` otherwise.
 */
export async function parseDestination(
  rules: DestinationRules,
  network: NetworkCode,
  input: string,
  field = 'address',
): Promise<string> {
  const address = normalizeAddress(network, input, field);
  await assertSafeDestination(rules, network, address, field);
  return address;
}

/** The burn check alone, for an address already canonical (a stored whitelist entry). */
export async function assertSafeDestination(
  rules: DestinationRules,
  network: NetworkCode,
  address: string,
  field = 'address',
): Promise<void> {
  const config = rules.networks[network];
  // Fixed and cheap checks first: a zero address never needs the gas tanks looked up.
  assertNotBurnable(config, address, { field });
  if (rules.gasTanks) assertNotBurnable(config, address, { field, gasTanks: await rules.gasTanks(network) });
}
