import { EVM_ADDRESS_FORMAT, tronAccountNumber } from '../chains/addresses';
import type { NetworkConfig } from '../chains/networks';
import { ValidationError } from '../errors';

/**
 * Destinations that burn money: tokens sent there are gone or stuck for good (nobody holds a key, or a
 * contract that does not give tokens back holds them). One rule for every entry point that takes a
 * destination or a sender of the partner's own (withdrawals, the whitelist, external wallets).
 *
 * - ZERO_ADDRESS: 0x00…00 on EVM, `T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb` (41 00…00) on TRON.
 * - BURN_ADDRESS: the conventional burn addresses (0x…dEaD, TRON's black hole).
 * - RESERVED_ADDRESS: every address below 2^32 (128 leading zero bits, which no key can be ground to):
 *   EVM precompiles (0x01–0x11, P256VERIFY at 0x100), BSC and Polygon system contracts (0x1000–0x2000,
 *   Polygon's POL token at 0x1010), TRON's precompiles (0x01–0x09, 0x01000001…).
 * - TOKEN_CONTRACT: the network's stablecoin contracts (the token does not send itself back).
 * - SYSTEM_CONTRACT: well-known contracts that hold nobody's tokens: Multicall3 (where configured),
 *   Permit2 and the CREATE2 deployer on EVM, and the network's own list (wrapped native coin…).
 * - GAS_TANK: the gateway's own gas tanks (given by the caller; on by default, DESTINATION_REFUSE_GAS_TANKS).
 */
export type BurnReason =
  'ZERO_ADDRESS' | 'BURN_ADDRESS' | 'RESERVED_ADDRESS' | 'TOKEN_CONTRACT' | 'SYSTEM_CONTRACT' | 'GAS_TANK';

export interface BurnableDestination {
  /** Canonical form: EIP-55 checksummed on EVM, base58check on TRON. */
  readonly address: string;
  readonly reason: BurnReason;
  /** What it is, for the error message. */
  readonly name: string;
}

export interface BurnRuleOptions {
  /** The gateway's gas tanks on this network (empty: not refused). */
  readonly gasTanks?: readonly string[];
}

/** Below this every address is a precompile or a chain's system contract (see RESERVED_ADDRESS). */
export const RESERVED_ADDRESS_LIMIT = 1n << 32n;

/** Contracts at the same address on every EVM chain they are deployed to. */
const EVM_WELL_KNOWN: readonly { readonly address: string; readonly name: string }[] = [
  { address: '0x000000000022D473030F116dDEE9F6B43aC78BA3', name: 'Permit2' },
  { address: '0x4e59b44847b379578588920cA78FbF26c0B4956C', name: 'the CREATE2 deployer' },
];

const EVM_DEAD = 0xdeadn;
/** TRON's black hole, where fees were burnt before TRON burnt them outright. */
const TRON_BLACK_HOLE = 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy';

/**
 * The listed burnable destinations of a network (the RESERVED_ADDRESS range aside, which is a rule,
 * not a list): zero and burn addresses, token and system contracts, and the given gas tanks.
 */
export function burnableDestinations(
  network: NetworkConfig,
  options: BurnRuleOptions = {},
): readonly BurnableDestination[] {
  const tron = network.family === 'TRON';
  const out: BurnableDestination[] = [
    {
      address: tron ? TRON_ZERO_ADDRESS : EVM_ZERO_ADDRESS,
      reason: 'ZERO_ADDRESS',
      name: 'the zero address',
    },
    tron
      ? { address: TRON_BLACK_HOLE, reason: 'BURN_ADDRESS', name: "TRON's black-hole address" }
      : { address: EVM_DEAD_ADDRESS, reason: 'BURN_ADDRESS', name: 'the 0x…dEaD burn address' },
  ];
  for (const token of Object.values(network.tokens)) {
    if (token)
      out.push({
        address: token.address,
        reason: 'TOKEN_CONTRACT',
        name: `the ${token.symbol} token contract`,
      });
  }
  if (network.multicall3)
    out.push({ address: network.multicall3, reason: 'SYSTEM_CONTRACT', name: 'Multicall3' });
  if (!tron) for (const c of EVM_WELL_KNOWN) out.push({ ...c, reason: 'SYSTEM_CONTRACT' });
  for (const [name, address] of Object.entries(network.systemContracts ?? {})) {
    out.push({ address, reason: 'SYSTEM_CONTRACT', name });
  }
  for (const address of options.gasTanks ?? []) {
    out.push({ address, reason: 'GAS_TANK', name: "the gateway's gas tank" });
  }
  return out;
}

/**
 * Why `address` (canonical, see normalizeAddress) burns funds on `network`, or undefined when it is an
 * ordinary destination.
 */
export function burnReason(
  network: NetworkConfig,
  address: string,
  options: BurnRuleOptions = {},
): BurnableDestination | undefined {
  const value = addressValue(network, address);
  if (value === 0n) return { address, reason: 'ZERO_ADDRESS', name: 'the zero address' };
  const key = compareKey(network, address);
  const listed = burnableDestinations(network, options).find((d) => compareKey(network, d.address) === key);
  if (listed) return listed;
  if (value !== undefined && value < RESERVED_ADDRESS_LIMIT) {
    return value === EVM_DEAD
      ? { address, reason: 'BURN_ADDRESS', name: 'the 0x…dEaD burn address' }
      : { address, reason: 'RESERVED_ADDRESS', name: 'a precompile or system contract address' };
  }
  return undefined;
}

/** VALIDATION_FAILED at `field` when `address` (canonical) burns funds on `network`. */
export function assertNotBurnable(
  network: NetworkConfig,
  address: string,
  options: BurnRuleOptions & { readonly field?: string } = {},
): void {
  const burn = burnReason(network, address, options);
  if (!burn) return;
  throw new ValidationError('Destination would burn funds', [
    {
      path: options.field ?? 'address',
      message: `${address} is ${burn.name} on ${network.code} (${burn.reason}): funds sent there are lost`,
    },
  ]);
}

export const EVM_ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
export const EVM_DEAD_ADDRESS = '0x000000000000000000000000000000000000dEaD';
export const TRON_ZERO_ADDRESS = 'T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb';

/** EVM compares case-insensitively; TRON base58 is case-sensitive. */
function compareKey(network: NetworkConfig, address: string): string {
  return network.family === 'TRON' ? address : address.toLowerCase();
}

/** The 20-byte account as a number (TRON: without the 0x41 version byte); undefined when unreadable. */
function addressValue(network: NetworkConfig, address: string): bigint | undefined {
  try {
    if (network.family === 'TRON') {
      return tronAccountNumber(address);
    }
    return EVM_ADDRESS_FORMAT.test(address) ? BigInt(address) : undefined;
  } catch {
    return undefined;
  }
}
