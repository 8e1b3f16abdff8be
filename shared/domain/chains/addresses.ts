import { createHash } from 'node:crypto';
// ethers for EIP-55 (keccak-256) and base58 only: pure functions, no I/O. Allowed in this one domain file
// by the dependency rules (.dependency-cruiser.cjs, docs/adr/0021-dependency-rules.md).
import { decodeBase58, getAddress } from 'ethers';
import type { ChainFamily } from './networks';

/**
 * One address validator per chain family. Every entry point that takes an address (withdrawal
 * destinations, the whitelist, external wallets, the TRON adapters) checks it here.
 *
 * - EVM: `0x` + 40 hex; a mixed-case address must carry a valid EIP-55 checksum (all-lower or all-upper
 *   has none to check); the canonical form is the checksummed one.
 * - TRON: base58check (`T…`, 34 characters): 25 bytes = version byte 0x41, the 20-byte account and the
 *   first 4 bytes of sha256(sha256(the 21 bytes before)); case-sensitive, canonical as given. The node's
 *   41-hex form is not accepted as input (the adapters convert, shared/adapters/tron/tron-address.ts).
 */
export type AddressCheck =
  { readonly ok: true; readonly address: string } | { readonly ok: false; readonly problem: string };

const EVM_HEX = '0x[0-9a-fA-F]{40}';
const TRON_BASE58 = 'T[1-9A-HJ-NP-Za-km-z]{33}';
/** The shape of an EVM address (no checksum check). */
export const EVM_ADDRESS_FORMAT = new RegExp(`^${EVM_HEX}$`);
/** The shape of a base58 TRON address (no checksum check). */
export const TRON_ADDRESS_FORMAT = new RegExp(`^${TRON_BASE58}$`);
/** Either family's shape, for filters that only look an address up (a query, never a destination). */
export const ANY_ADDRESS_FORMAT = new RegExp(`^(${EVM_HEX}|${TRON_BASE58})$`);

const TRON_VERSION_BYTE = 0x41;

export function checkEvmAddress(input: string): AddressCheck {
  if (typeof input !== 'string' || !EVM_ADDRESS_FORMAT.test(input)) {
    return problem('Not an EVM address (0x followed by 40 hex characters)');
  }
  const hex = input.slice(2);
  const mixed = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
  try {
    return { ok: true, address: getAddress(mixed ? input : input.toLowerCase()) };
  } catch {
    return problem('EIP-55 checksum does not match (check the address for typos)');
  }
}

export function checkTronAddress(input: string): AddressCheck {
  if (typeof input !== 'string' || !TRON_ADDRESS_FORMAT.test(input)) {
    return problem('Not a TRON base58 address (T…, 34 characters)');
  }
  const bytes = toBytes(decodeBase58(input), 25);
  const body = bytes.subarray(0, 21);
  const check = createHash('sha256').update(createHash('sha256').update(body).digest()).digest();
  if (!equalBytes(check.subarray(0, 4), bytes.subarray(21))) {
    return problem('TRON address checksum does not match');
  }
  if (body[0] !== TRON_VERSION_BYTE) return problem('Not a TRON mainnet-format address (version byte 0x41)');
  return { ok: true, address: input };
}

export function checkAddress(family: ChainFamily, input: string): AddressCheck {
  return family === 'TRON' ? checkTronAddress(input) : checkEvmAddress(input);
}

/** A base58 TRON address with a valid checksum and version byte. */
export function isTronAddress(value: string): boolean {
  return checkTronAddress(value).ok;
}

/** An EVM address: 0x + 40 hex, with a valid EIP-55 checksum when mixed case. */
export function isEvmAddress(value: string): boolean {
  return checkEvmAddress(value).ok;
}

/** The 20-byte account of a base58 TRON address as a number (without the version and checksum bytes). */
export function tronAccountNumber(address: string): bigint {
  return (decodeBase58(address) >> 32n) & ((1n << 160n) - 1n);
}

function problem(message: string): AddressCheck {
  return { ok: false, problem: message };
}

function toBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
