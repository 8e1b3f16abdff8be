import { createHash } from 'node:crypto';
import { computeAddress, decodeBase58, encodeBase58 } from 'ethers';
import { isTronAddress } from '../../domain/chains/addresses';

/**
 * TRON addresses: 21 bytes, `0x41` followed by the same 20 bytes an EVM address takes from
 * keccak256(uncompressed secp256k1 public key), shown as base58check (`T…`, 34 characters).
 * The gateway stores and reports base58; the node API speaks 41-hex.
 */
const HEX41_ADDRESS = /^41[0-9a-fA-F]{40}$/;

/** A base58 TRON address with a valid checksum (case-sensitive, as base58 is): the domain's validator. */
export { isTronAddress };

/** base58 → lower-case 41-hex; throws on an invalid address or checksum. */
export function tronHex(address: string): string {
  if (HEX41_ADDRESS.test(address)) return address.toLowerCase();
  if (!isTronAddress(address)) throw new Error(`Not a valid TRON address: ${address}`);
  // 25 bytes: 0x41, the 20-byte account, 4 checksum bytes (checked above); the hex form drops the checksum.
  return decodeBase58(address).toString(16).padStart(50, '0').slice(0, 42);
}

/** 41-hex (or a 20-byte 0x-hex / bare hex) → base58. */
export function tronBase58(address: string): string {
  const hex = address.replace(/^0x/i, '');
  if (/^[0-9a-fA-F]{40}$/.test(hex)) return base58check(`41${hex}`);
  if (HEX41_ADDRESS.test(hex)) return base58check(hex);
  if (isTronAddress(address)) return address;
  throw new Error(`Not a TRON address: ${address}`);
}

/**
 * 41-hex → base58check: the 21 bytes and the first 4 bytes of sha256(sha256(them)). Computed here from
 * ethers' base58 and node:crypto rather than through tronweb, so a function that only shows or checks
 * addresses does not load the TRON client (docs/adr/0025-lambda-bundles.md).
 */
function base58check(hex41: string): string {
  const body = Buffer.from(hex41, 'hex');
  const check = createHash('sha256').update(createHash('sha256').update(body).digest()).digest();
  return encodeBase58(Buffer.concat([body, check.subarray(0, 4)]));
}

/** The TRON address of a secp256k1 public key (compressed or not). */
export function tronAddressOfPublicKey(publicKey: string): string {
  return tronBase58(computeAddress(publicKey));
}

/** Any form (base58 or 41-hex) → canonical base58, or undefined when it is not a TRON address. */
export function normalizeTronAddress(value: string): string | undefined {
  try {
    return tronBase58(value);
  } catch {
    return undefined;
  }
}
