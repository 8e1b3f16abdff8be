import type { NetworkCode, NetworkConfig } from '../../domain/chains/networks';
import { assertNotBurnable, burnReason } from '../../domain/withdrawal/burn-addresses';
import type { BurnReason } from '../../domain/withdrawal/burn-addresses';
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

/** What the console shows beside a destination it is about to use. */
export interface DestinationCheck {
  readonly network: NetworkCode;
  /** Canonical form. */
  readonly address: string;
  /** Why the gateway would refuse it (it burns money); absent when it would not. */
  readonly refused?: { readonly reason: BurnReason; readonly message: string };
  /**
   * EVM: whether a contract is deployed there (a warning, not a refusal: some contracts cannot move the
   * tokens they receive). null on TRON, or when the chain could not be read.
   */
  readonly contract: boolean | null;
}

/**
 * A destination as the console's forms see it before submitting: VALIDATION_FAILED when the format is
 * wrong; otherwise whether it would be refused and whether it is a contract (eth_getCode).
 */
export async function checkDestination(
  deps: DestinationRules & { hasCode(network: NetworkCode, address: string): Promise<boolean> },
  network: NetworkCode,
  input: string,
): Promise<DestinationCheck> {
  const address = normalizeAddress(network, input);
  const config = deps.networks[network];
  const burn = burnReason(config, address, { gasTanks: deps.gasTanks ? await deps.gasTanks(network) : [] });
  let contract: boolean | null = null;
  if (config.family === 'EVM') contract = await deps.hasCode(network, address).catch(() => null);
  return {
    network,
    address,
    ...(burn
      ? {
          refused: {
            reason: burn.reason,
            message: `${address} is ${burn.name} on ${network}: funds sent there are lost`,
          },
        }
      : {}),
    contract,
  };
}
